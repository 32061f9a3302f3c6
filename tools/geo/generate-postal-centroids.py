#!/usr/bin/env python3
"""Regenerates src/Sas.Interop.Core/Geography/postal-code-centroids.csv.gz (see tools/geo/README.md).

Inputs (both from package registries the project already reaches):
  - GeoNames "cities" table (CC BY 4.0, geonames.org) as compiled into Debian's libgeonames0
    (GResource /com/lomiri/geonames/cities.compiled, GVariant a(sssssssudd)): id, name, admin1 code,
    admin1 name, country code, country name, time zone, population, latitude, longitude.
  - Etalab's @etalab/decoupage-administratif (npm, data under Licence Ouverte 2.0 / MIT code): communes with
    INSEE code, region code and postal codes.
A GeoNames city is matched to the commune of the same name (accents, case, hyphens and saints ignored) in the
same region (GeoNames admin1 = INSEE region code for metropolitan France); every postal code of the commune gets
the city's position. A postal code served by several matched communes gets their population-weighted mean.
"""
import gzip, json, sys, unicodedata, re
from gi.repository import GLib

cities_path, communes_path, out_path = sys.argv[1:4]

def norm(name):
    s = unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode().upper()
    s = re.sub(r'\bSAINTE?\b', lambda m: 'ST' if m.group(0) == 'SAINT' else 'STE', s)
    return re.sub(r'[^A-Z0-9]', '', s)

data = open(cities_path, 'rb').read()
cities = GLib.Variant.new_from_bytes(GLib.VariantType.new('a(sssssssudd)'), GLib.Bytes.new(data), False).unpack()
overseas = {'GP': '01', 'MQ': '02', 'GF': '03', 'RE': '04', 'YT': '06'}
communes = [c for c in json.load(open(communes_path, encoding='utf-8')) if c.get('type') == 'commune-actuelle']
by_key = {}
for c in communes:
    by_key.setdefault((norm(c['nom']), c['region']), []).append(c)

acc = {}  # postal code -> [sum lat*w, sum lon*w, sum w]
matched = 0
for (gid, name, a1, a1name, cc, country, tz, pop, lat, lon) in cities:
    if cc == 'FR':
        region = a1
    elif cc in overseas:
        region = overseas[cc]
    else:
        continue
    candidates = by_key.get((norm(name), region), [])
    if not candidates:
        continue
    # Homonyms in one region: the commune whose population is closest.
    commune = min(candidates, key=lambda c: abs((c.get('population') or 0) - pop))
    matched += 1
    weight = max(pop, 1)
    for pc in commune.get('codesPostaux', []):
        a = acc.setdefault(pc, [0.0, 0.0, 0])
        a[0] += lat * weight; a[1] += lon * weight; a[2] += weight

rows = sorted((pc, a[0] / a[2], a[1] / a[2]) for pc, a in acc.items())
with gzip.GzipFile(out_path, 'wb', mtime=0) as f:
    f.write('postal_code;latitude;longitude\n'.encode())
    for pc, lat, lon in rows:
        f.write(f'{pc};{lat:.4f};{lon:.4f}\n'.encode())
print(f'{matched} cities matched, {len(rows)} postal codes written to {out_path}', file=sys.stderr)
