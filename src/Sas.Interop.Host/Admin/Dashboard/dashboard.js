// Sas.Interop admin dashboard: vanilla JS, same-origin fetches with the admin key, inline SVG chart.
(function () {
  'use strict';

  var KEY_STORAGE = 'sas-interop-admin-key';
  var REFRESH_MS = 20000;
  var MODES = [
    { code: 'AMB', label: 'Cabinet (AMB)', color: '#1a73e8' },
    { code: 'HH', label: 'Visite à domicile (HH)', color: '#e37400' },
    { code: 'VR', label: 'Téléconsultation (VR)', color: '#188038' }
  ];

  // A key passed once in the URL (?api_key=…) is kept for the tab and removed from the address bar.
  var params = new URLSearchParams(location.search);
  if (params.get('api_key')) {
    sessionStorage.setItem(KEY_STORAGE, params.get('api_key'));
    params.delete('api_key');
    var rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function api(path, options) {
    options = options || {};
    options.headers = options.headers || {};
    var key = sessionStorage.getItem(KEY_STORAGE);
    if (key) { options.headers['X-Api-Key'] = key; }
    return fetch(path, options).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        return response.json().catch(function () { return {}; }).then(function (problem) {
          askForKey(problem.detail || problem.title || ('HTTP ' + response.status));
          throw new Error('unauthorised');
        });
      }
      if (response.status === 400) {
        // A refused filter: the validation problem's own words.
        return response.json().catch(function () { return {}; }).then(function (problem) {
          var errors = problem.errors || {};
          throw new Error(Object.keys(errors).map(function (k) { return errors[k].join(' '); }).join(' ') || problem.title || (path + ': HTTP 400'));
        });
      }
      if (!response.ok) { throw new Error(path + ': HTTP ' + response.status); }
      return response;
    });
  }

  // What the page's other scripts (dashboard-map.js) build with: one key flow, one way to make nodes.
  window.SasDashboard = { el: el, svg: svg, api: api };

  function askForKey(message) {
    document.getElementById('key-panel').hidden = false;
    document.getElementById('key-message').textContent = message || '';
  }

  function when(value) {
    return value ? new Date(value).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'medium' }) : '—';
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) { return '—'; }
    if (seconds < 120) { return seconds + ' s'; }
    if (seconds < 7200) { return Math.round(seconds / 60) + ' min'; }
    return Math.round(seconds / 3600) + ' h';
  }

  // One line: the appointment outbox (pending, failing, refused, delivered, oldest pending, last error).
  function renderRelay(r) {
    var text = (r.endpoint ? 'vers ' + r.endpoint : 'aucun Appointments:Relay:Endpoint configuré (rien n\'est envoyé)') +
      ' — en attente ' + r.pending + ' (dont en échec ' + r.failing + '), refusés ' + r.refused + ', livrés ' + r.delivered +
      ', plus ancien en attente ' + age(r.oldestPendingAgeSeconds) +
      (r.lastError ? ' — dernière erreur (' + when(r.lastErrorAt) + ') : ' + r.lastError : '');
    document.getElementById('relay').textContent = text;
  }

  // One line per publisher receiving regulator accounts: its outbox.
  function renderRegulatorRelay(r) {
    var list = document.getElementById('regulator-relay');
    list.replaceChildren();
    if (r.publishers.length === 0) {
      list.appendChild(el('li', { text: r.accounts + ' comptes ; aucun éditeur ne reçoit les comptes (Connectors:<id>:RegulatorAccounts)' }));
      return;
    }
    r.publishers.forEach(function (p) {
      list.appendChild(el('li', {
        text: p.publisher + (p.receiving ? '' : ' (ne reçoit plus les comptes)') +
          ' — en attente ' + p.pending + ' (dont en échec ' + p.failing + '), refusés ' + p.refused + ', livrés ' + p.delivered +
          ', plus ancien en attente ' + age(p.oldestPendingAgeSeconds) +
          (p.lastError ? ' — dernière erreur (' + when(p.lastErrorAt) + ') : ' + p.lastError : '')
      }));
    });
  }

  function renderConnectors(rows) {
    var body = document.querySelector('#connectors tbody');
    body.textContent = '';
    rows.forEach(function (c) {
      // A removed source (no longer configured) can only be purged; any source with unserved rows shows how many.
      var buttons = c.state === 'removed' ? [] : [
        el('button', { type: 'button', 'data-action': 'sync', 'data-id': c.id, text: 'Synchroniser' }),
        ' ',
        el('button', { type: 'button', 'data-action': c.paused ? 'resume' : 'pause', 'data-id': c.id, text: c.paused ? 'Reprendre' : 'Suspendre' }),
        ' ',
        el('a', { href: '#quality/' + encodeURIComponent(c.id), text: 'Qualité' })
      ];
      if (c.orphaned && c.orphaned.total > 0) {
        buttons.push(' ', el('button', { type: 'button', 'data-action': 'purge', 'data-id': c.id, title: c.orphaned.total + ' lignes non servies (retirées de la configuration)', text: 'Purger (' + c.orphaned.total + ')' }));
      }
      // Mass enrolment: a CSV (RPPS or ADELI, label, e-mail) added to the roster in the database; no restart.
      if (c.rosterSize !== null && c.rosterSize !== undefined) {
        // Listened to on the input itself: a refresh while the file dialog is open replaces the row, not the input.
        var file = el('input', { type: 'file', accept: '.csv,text/csv', 'data-roster': c.id, hidden: 'hidden' });
        file.addEventListener('change', function () { uploadRoster(c.id, file); });
        buttons.push(' ', el('label', { 'class': 'roster-upload', title: 'Ajouter des effecteurs depuis un CSV : RPPS ou ADELI, libellé, e-mail' }, ['Importer une liste', file]));
      }
      var actions = el('td', {}, buttons);
      body.appendChild(el('tr', { 'data-connector': c.id, 'data-state': c.state }, [
        el('td', {}, [el('strong', { text: c.id }), el('br'), el('small', { text: c.type + ' · ' + c.schedule + (c.rosterSize !== null && c.rosterSize !== undefined ? ' · liste de ' + c.rosterSize : '') })]),
        el('td', {}, [el('span', { 'class': 'state state-' + c.state, text: c.state })]),
        el('td', { text: when(c.lastAttemptAt) }),
        el('td', { text: when(c.lastSuccessAt) }),
        el('td', { 'class': 'num', text: String(c.consecutiveFailures) }),
        el('td', { text: c.circuit || '—' }),
        el('td', { 'class': 'num', text: c.fetchSamples ? c.fetchP50Ms + ' / ' + c.fetchP95Ms : '—' }),
        el('td', { 'class': 'num', text: String(c.slotCount) }),
        el('td', { 'class': 'num', text: String(c.practitionerCount) }),
        el('td', { 'class': 'num', text: age(c.dataAgeSeconds) }),
        el('td', { 'class': 'error', text: c.lastError || '' }),
        actions
      ]));
    });
  }

  function renderKpis(kpis) {
    document.getElementById('kpi-range').textContent = kpis.from + ' → ' + kpis.to;
    var t = kpis.totals;
    var cards = [
      ['free-slots', t.freeSlots, 'créneaux libres'],
      ['snp', t.byType.SNP, 'dont réservés SAS (SNP)'],
      ['overbooked', t.overbookedFreeSlots, 'dont en surbooking'],
      ['structures', structureSlots(t.byStructure), structureLabel(t.byStructure)],
      ['sas-searches', t.sasSearches, 'recherches SAS servies'],
      ['roster-gap', kpis.rosterWithoutSlots.count + ' / ' + kpis.rosterWithoutSlots.rosterSize, 'effecteurs sans créneau à ' + kpis.rosterWithoutSlots.days + ' j'],
      ['appointments', t.appointmentsReceived, 'RDV reçus']
    ];
    var box = document.getElementById('kpis');
    box.textContent = '';
    cards.forEach(function (c) {
      box.appendChild(el('div', { 'class': 'kpi', 'data-kpi': c[0] }, [el('div', { 'class': 'value', text: String(c[1]) }), el('div', { 'class': 'label', text: c[2] })]));
    });
    renderChart(kpis.periods);
  }

  // Free slots of structure agendas (no practitioner) by structure type, from Organization.type.
  function structureSlots(byStructure) {
    var s = byStructure || {};
    return (s.SOS || 0) + (s.CDS || 0) + (s.MSP || 0) + (s.OTHER || 0);
  }

  function structureLabel(byStructure) {
    var s = byStructure || {};
    return 'dont structures (CDS ' + (s.CDS || 0) + ' · MSP ' + (s.MSP || 0) + ' · SOS ' + (s.SOS || 0) + ' · autres ' + (s.OTHER || 0) + ')';
  }

  function renderChart(periods) {
    var width = 900, height = 260, left = 48, right = 12, top = 12, bottom = 36;
    var max = 1;
    periods.forEach(function (p) { MODES.forEach(function (m) { max = Math.max(max, p.byMode[m.code] || 0); }); });
    var step = periods.length > 1 ? (width - left - right) / (periods.length - 1) : 0;
    var x = function (i) { return left + (periods.length > 1 ? i * step : (width - left - right) / 2); };
    var y = function (v) { return top + (height - top - bottom) * (1 - v / max); };

    var chart = svg('svg', { id: 'slots-by-mode-chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Créneaux libres par mode', 'data-points': String(periods.length) });
    [0, 0.5, 1].forEach(function (f) {
      var v = Math.round(max * f);
      chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), stroke: '#dadce0' }));
      var label = svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': '11', fill: '#5f6368' });
      label.textContent = String(v);
      chart.appendChild(label);
    });
    var every = Math.max(1, Math.ceil(periods.length / 12));
    periods.forEach(function (p, i) {
      if (i % every !== 0) { return; }
      var label = svg('text', { x: x(i), y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': '11', fill: '#5f6368' });
      label.textContent = p.period.length === 10 ? p.period.slice(5) : p.period;
      chart.appendChild(label);
    });
    MODES.forEach(function (m) {
      var points = periods.map(function (p, i) { return x(i).toFixed(1) + ',' + y(p.byMode[m.code] || 0).toFixed(1); }).join(' ');
      chart.appendChild(svg('polyline', { 'class': 'series', 'data-mode': m.code, points: points, fill: 'none', stroke: m.color, 'stroke-width': '2' }));
      periods.forEach(function (p, i) {
        var dot = svg('circle', { cx: x(i), cy: y(p.byMode[m.code] || 0), r: '3', fill: m.color });
        var title = svg('title', {});
        title.textContent = p.period + ' · ' + m.code + ' : ' + (p.byMode[m.code] || 0) + (p.liveDays ? ' (en direct)' : ' (instantané)');
        dot.appendChild(title);
        chart.appendChild(dot);
      });
    });
    var box = document.getElementById('chart');
    box.textContent = '';
    box.appendChild(chart);
    var legend = document.getElementById('legend');
    legend.textContent = '';
    MODES.forEach(function (m) {
      var swatch = el('span', { 'class': 'swatch' });
      swatch.style.background = m.color;
      legend.appendChild(el('span', {}, [swatch, m.label]));
    });
  }

  function renderQuality() {
    var match = /^#quality\/(.+)$/.exec(location.hash);
    var panel = document.getElementById('quality-panel');
    if (!match) { panel.hidden = true; return Promise.resolve(); }
    var id = decodeURIComponent(match[1]);
    return api('/admin/connectors/' + encodeURIComponent(id) + '/quality').then(function (r) { return r.json(); }).then(function (q) {
      panel.hidden = false;
      document.getElementById('quality-instance').textContent = id + (q.runAt ? ' · ' + when(q.runAt) : ' · aucun passage');
      var box = document.getElementById('quality');
      box.textContent = '';
      if (!q.reasons.length) { box.appendChild(el('p', { text: 'Aucune ressource rejetée au dernier passage.' })); return; }
      var body = el('tbody');
      q.reasons.forEach(function (r) {
        var examples = el('ul', {}, r.examples.map(function (e) {
          return el('li', { text: e.resourceType + '/' + (e.nativeId || '?') + ' — ' + e.message + (e.expression ? ' [' + e.expression + ']' : '') });
        }));
        body.appendChild(el('tr', { 'data-reason': r.reason }, [
          el('td', { text: r.reason }), el('td', { 'class': 'num', text: String(r.rejected) }), el('td', { 'class': 'num', text: String(r.keptWithFix) }), el('td', {}, [examples])
        ]));
      });
      box.appendChild(el('table', {}, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Motif' }), el('th', { 'class': 'num', text: 'Rejetées' }), el('th', { 'class': 'num', text: 'Corrigées' }), el('th', { text: 'Exemples' })])]),
        body
      ]));
    });
  }

  var CLAIM_STATES = { 'contested': 'en attente', 'admin-granted': 'accordé', 'admin-refused': 'refusé' };

  var IDENTITY_KINDS = { name: 'nom', place: 'lieu', 'never-returned': 'jamais renvoyé' };

  function renderIdentityConflicts(answer) {
    var body = document.querySelector('#identity-conflicts tbody');
    body.replaceChildren();
    if (answer.conflicts.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: '3', text: 'aucun écart' })]));
      return;
    }
    answer.conflicts.slice(0, 200).forEach(function (c) {
      body.appendChild(el('tr', { 'data-identity': c.nationalId, 'data-kind': c.kind }, [
        el('td', { text: c.nationalId }),
        el('td', { text: IDENTITY_KINDS[c.kind] || c.kind }),
        el('td', {}, c.sources.map(function (s) { return el('div', { text: s.source + ' : ' + s.value }); }))
      ]));
    });
  }

  function renderClaims(answer) {
    var body = document.querySelector('#claims tbody');
    body.replaceChildren();
    if (answer.claims.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: '5', text: 'aucune revendication contestée' })]));
      return;
    }
    answer.claims.forEach(function (c) {
      var path = encodeURIComponent(c.practitioner) + '/' + encodeURIComponent(c.publisher);
      body.appendChild(el('tr', {}, [
        el('td', { text: c.practitioner }),
        el('td', { text: c.publisher }),
        el('td', { text: c.otherSources.join(', ') }),
        el('td', { text: CLAIM_STATES[c.state] || c.state }),
        el('td', {}, [
          el('button', { type: 'button', 'data-claim': path, 'data-decision': 'grant', text: 'Accorder' }), ' ',
          el('button', { type: 'button', 'data-claim': path, 'data-decision': 'refuse', text: 'Refuser' })
        ])
      ]));
    });
  }

  function renderUnavailabilities(answer) {
    document.getElementById('unavailable-now').textContent = String(answer.currentlyUnavailable);
    document.getElementById('unavailable-min-days').textContent = String(answer.minDays);
    var body = document.querySelector('#unavailabilities tbody');
    body.replaceChildren();
    if (answer.unavailabilities.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: '7', text: 'aucune indisponibilité longue' })]));
      return;
    }
    answer.unavailabilities.forEach(function (u) {
      body.appendChild(el('tr', {}, [
        el('td', { text: u.practitionerNationalId }),
        el('td', { text: u.name }),
        el('td', { text: u.source }),
        el('td', { text: u.place || u.placeId }),
        el('td', { text: u.since ? when(u.since) : '—' }),
        el('td', { text: u.until ? when(u.until) : 'nouvel ordre' }),
        el('td', { text: u.description })
      ]));
    });
  }

  function refresh() {
    return Promise.all([
      api('/admin/connectors').then(function (r) { return r.json(); }).then(renderConnectors),
      api('/admin/kpis?granularity=day').then(function (r) { return r.json(); }).then(renderKpis),
      api('/admin/appointments/relay').then(function (r) { return r.json(); }).then(renderRelay),
      api('/admin/regulator-accounts/relay').then(function (r) { return r.json(); }).then(renderRegulatorRelay),
      api('/admin/booking-claims').then(function (r) { return r.json(); }).then(renderClaims),
      api('/admin/unavailabilities').then(function (r) { return r.json(); }).then(renderUnavailabilities),
      api('/admin/identity-conflicts').then(function (r) { return r.json(); }).then(renderIdentityConflicts),
      renderQuality()
    ]).then(function () {
      document.getElementById('key-panel').hidden = true;
      document.getElementById('updated').textContent = 'mis à jour ' + new Date().toLocaleTimeString('fr-FR');
    }).catch(function (error) {
      if (error.message !== 'unauthorised') { document.getElementById('updated').textContent = 'erreur : ' + error.message; }
    });
  }

  document.getElementById('connectors').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button) { return; }
    if (button.dataset.action === 'purge' && !confirm('Supprimer les données non servies de ' + button.dataset.id + ' ?')) { return; }
    button.disabled = true;
    api('/admin/connectors/' + encodeURIComponent(button.dataset.id) + '/' + button.dataset.action, { method: 'POST' })
      .catch(function (error) { alert(error.message); })
      .then(refresh);
  });

  function uploadRoster(id, input) {
    if (!input.files.length) { return; }
    // The file's bytes as they are: the hub tells a non-UTF-8 file (a Windows-1252 export) apart, the browser would not.
    api('/admin/connectors/' + encodeURIComponent(id) + '/roster', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: input.files[0] })
      .then(function (r) { return r.json(); }).then(function (report) {
      var lines = report.rejected.slice(0, 10).map(function (r) { return 'ligne ' + r.line + ' (' + r.value + ') : ' + r.detail; });
      alert(id + ' : ' + report.accepted + ' ajoutés, ' + report.alreadyPresent + ' déjà présents, ' + report.rejectedCount + ' refusés' + (lines.length ? '\n' + lines.join('\n') : ''));
    }).catch(function (error) { alert(error.message); }).then(function () { input.value = ''; refresh(); });
  }

  // Through fetch, like the slot export: the key travels in a header.
  document.getElementById('identity-export').addEventListener('click', function () {
    api('/admin/identity-conflicts?format=csv').then(function (r) { return r.blob(); }).then(function (blob) {
      var link = el('a', { href: URL.createObjectURL(blob), download: 'identity-conflicts.csv' });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }).catch(function (error) { alert(error.message); });
  });

  document.getElementById('claims').addEventListener('click', function (event) {
    var button = event.target.closest('button[data-claim]');
    if (!button) { return; }
    button.disabled = true;
    api('/admin/booking-claims/' + button.dataset.claim, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ decision: button.dataset.decision })
    }).catch(function (error) { alert(error.message); }).then(refresh);
  });

  document.getElementById('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, document.getElementById('key-input').value);
    refresh();
  });

  document.getElementById('forget-key').addEventListener('click', function (event) {
    event.preventDefault();
    sessionStorage.removeItem(KEY_STORAGE);
    askForKey('');
  });

  // The download goes through fetch so the key travels in a header, never in a URL that logs keep.
  document.getElementById('export-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var query = new URLSearchParams();
    new FormData(event.target).forEach(function (value, name) { if (value) { query.set(name, value); } });
    var message = document.getElementById('export-message');
    message.textContent = 'export en cours…';
    api('/admin/export.csv?' + query.toString()).then(function (r) { return r.blob(); }).then(function (blob) {
      var link = el('a', { href: URL.createObjectURL(blob), download: 'sas-slots.csv' });
      document.body.appendChild(link);
      link.click();
      link.remove();
      message.textContent = '';
    }).catch(function (error) { message.textContent = error.message; });
  });

  window.addEventListener('hashchange', renderQuality);
  refresh();
  setInterval(refresh, REFRESH_MS);
}());
