// Sas.Interop admin dashboard: free slots per department on a map of France drawn from the outlines the hub ships
// (/admin/france-departments.json, CC BY 4.0): inline SVG, no tile server, nothing fetched from outside the hub.
(function () {
  'use strict';

  var REFRESH_MS = 20000;
  // Sequential blues (light to dark), one per class; departments without a free slot stay grey.
  var SCALE = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
  var NONE = '#eceff1';

  var outline = null;
  var names = {};

  // dashboard.js (loaded first) owns the key flow and the node helpers; a 401/403 opens its key panel.
  var shared = window.SasDashboard;
  var el = shared.el;
  var svg = shared.svg;

  function api(path) {
    return shared.api(path).then(function (response) { return response.json(); });
  }

  // Class limits: five equal steps up to the largest count (at least 1 slot per step).
  function classesFor(max) {
    var step = Math.max(1, Math.ceil(max / SCALE.length));
    return SCALE.map(function (color, i) { return { from: i * step + 1, to: (i + 1) * step, color: color }; });
  }

  function colorOf(count, classes) {
    if (!count) { return NONE; }
    for (var i = 0; i < classes.length; i++) { if (count <= classes[i].to) { return classes[i].color; } }
    return classes[classes.length - 1].color;
  }

  function plural(n) { return n + (n > 1 ? ' créneaux libres' : ' créneau libre'); }

  function render(answer) {
    var counts = {};
    var max = 0;
    answer.departments.forEach(function (d) { counts[d.department] = d; max = Math.max(max, d.freeSlots); });
    var classes = classesFor(max);
    var period = answer.from + ' → ' + answer.to;
    document.getElementById('departments-map-range').textContent = period +
      (answer.department ? ' · départements ' + answer.department : '') + (answer.commune ? ' · communes ' + answer.commune : '');

    var map = svg('svg', {
      id: 'departments-map', viewBox: outline.viewBox, role: 'group', 'aria-labelledby': 'departments-map-title departments-map-desc',
      'data-departments': String(outline.departments.length), 'data-located': String(answer.departments.length)
    });
    map.appendChild(svg('title', { id: 'departments-map-title' }, 'Créneaux libres par département, ' + period));
    map.appendChild(svg('desc', { id: 'departments-map-desc' },
      answer.freeSlots + ' créneaux libres, dont ' + answer.unlocated + ' sans département ; ' + answer.departments.length +
      ' départements en ont. Le tableau sous la carte donne les mêmes nombres.'));
    outline.insets.forEach(function (box) {
      map.appendChild(svg('rect', { 'class': 'inset', x: box.x, y: box.y, width: box.w, height: box.h, fill: 'none', stroke: '#bdc1c6', 'stroke-width': '0.8' }));
      map.appendChild(svg('text', { x: box.x + 3, y: box.y + box.h - 3, 'font-size': '9', fill: '#5f6368' }, box.code));
    });
    outline.departments.forEach(function (d) {
      var count = counts[d.code] ? counts[d.code].freeSlots : 0;
      var path = svg('path', {
        'class': 'department', d: d.d, fill: colorOf(count, classes), stroke: '#fff', 'stroke-width': '0.6',
        'data-department': d.code, 'data-count': String(count), tabindex: '0', role: 'img', 'aria-label': d.code + ' ' + d.name + ' : ' + plural(count)
      });
      path.appendChild(svg('title', {}, d.code + ' ' + d.name + ' : ' + plural(count)));
      map.appendChild(path);
    });
    var box = document.getElementById('departments-map-box');
    box.replaceChildren(map);

    var legend = document.getElementById('departments-map-legend');
    legend.replaceChildren();
    var none = el('span', { 'class': 'swatch' });
    none.style.background = NONE;
    legend.appendChild(el('span', {}, [none, 'aucun']));
    classes.forEach(function (c) {
      if (c.from > Math.max(max, 1)) { return; }
      var swatch = el('span', { 'class': 'swatch' });
      swatch.style.background = c.color;
      legend.appendChild(el('span', {}, [swatch, c.from === c.to ? String(c.from) : c.from + '–' + c.to]));
    });

    // The accessible fallback: the same numbers as a table, busiest departments first.
    var body = document.querySelector('#departments-table tbody');
    body.replaceChildren();
    answer.departments.slice().sort(function (a, b) { return b.freeSlots - a.freeSlots || (a.department < b.department ? -1 : 1); }).forEach(function (d) {
      body.appendChild(el('tr', { 'data-department': d.department }, [
        el('td', { text: d.department }), el('td', { text: names[d.department] || '—' }), el('td', { 'class': 'num', text: String(d.freeSlots) }),
        el('td', { 'class': 'num', text: String(d.byMode.AMB) }), el('td', { 'class': 'num', text: String(d.byMode.HH) }), el('td', { 'class': 'num', text: String(d.byMode.VR) }),
        el('td', { 'class': 'num', text: String(d.byType.SNP) })
      ]));
    });
    if (answer.unlocated > 0) {
      body.appendChild(el('tr', { 'data-department': '' }, [el('td', { text: '—' }), el('td', { text: 'sans code postal exploitable' }), el('td', { 'class': 'num', text: String(answer.unlocated) }), el('td'), el('td'), el('td'), el('td')]));
    }
    if (body.children.length === 0) {
      body.appendChild(el('tr', {}, [el('td', { colspan: '7', text: 'aucun créneau libre pour ces filtres' })]));
    }
  }

  function query() {
    var params = new URLSearchParams();
    new FormData(document.getElementById('departments-map-form')).forEach(function (value, name) { if (value) { params.set(name, value); } });
    return params.toString();
  }

  function load() {
    var message = document.getElementById('departments-map-message');
    var outlineReady = outline ? Promise.resolve() : fetch('/admin/france-departments.json').then(function (r) {
      if (!r.ok) { throw new Error('contours : HTTP ' + r.status); }
      return r.json();
    }).then(function (o) {
      outline = o;
      o.departments.forEach(function (d) { names[d.code] = d.name; });
      document.getElementById('departments-map-credit').textContent = o.attribution + ', ' + o.licence + ' — ' + o.source + '.';
    });
    return outlineReady.then(function () { return api('/admin/kpis/departments?' + query()); }).then(function (answer) {
      message.textContent = '';
      render(answer);
    }).catch(function (error) {
      if (error.message !== 'unauthorised') { message.textContent = error.message; }
    });
  }

  document.getElementById('departments-map-form').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  // A key entered in the page's key panel serves the map too.
  document.getElementById('key-form').addEventListener('submit', load);

  load();
  setInterval(load, REFRESH_MS);
}());
