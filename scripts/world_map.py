#!/usr/bin/env python3
"""Converts country outlines into the map data the web UI ships.

Source: Natural Earth 1:110m Admin 0 countries (public domain), as TopoJSON in the npm
package `world-atlas` 2.0.2 (`countries-110m.json`; ISC licence, Mike Bostock). Run once,
with the package fetched by npm's ordinary client:

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/world_map.py package/countries-110m.json

It writes `crates/chronicle-serve/assets/world-110m.txt.gz`: gzip of a text file whose
`#` lines say where it comes from and whose other lines are one country each,

    <ISO 3166 numeric>\t<name>\t<ring>\t<ring>...

a ring being space-separated points in tenths of a degree, the first `lon,lat` absolute and
each next one the difference from the one before (points closer than that are dropped).
Antarctica is left out: the map shows the world from 60° S up. Rings crossing the
antimeridian are pressed onto the map's eastern edge (a sliver of Fiji and Chukotka).
"""

import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "crates/chronicle-serve/assets/world-110m.txt.gz"
SKIP = {"010"}  # Antarctica


def decode_arcs(topo):
    """Absolute (lon, lat) positions of every arc."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    """One ring from its arc indices (~i is arc i reversed), shared ends not repeated."""
    out = []
    for index in ring:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        out.extend(points if not out else points[1:])
    return out


def unwrap(points):
    """A ring that crosses the antimeridian (Fiji, Chukotka) is moved east of it and its
    far side pressed onto the map's edge, so it draws no line across the whole world."""
    lons = [lon for lon, _ in points]
    if max(lons) - min(lons) <= 180:
        return points
    return [(min(lon + 360 if lon < 0 else lon, 180.0), lat) for lon, lat in points]


def encode(points):
    """Tenths of a degree, delta encoded; None when fewer than 4 distinct points remain."""
    points = unwrap(points)
    quantised = []
    for lon, lat in points:
        q = (round(lon * 10), round(lat * 10))
        if not quantised or q != quantised[-1]:
            quantised.append(q)
    if len(quantised) < 4:
        return None
    parts = [f"{quantised[0][0]},{quantised[0][1]}"]
    for (x0, y0), (x1, y1) in zip(quantised, quantised[1:]):
        parts.append(f"{x1 - x0},{y1 - y0}")
    return " ".join(parts)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    topo = json.loads(source.read_text())
    arcs = decode_arcs(topo)
    lines = [
        "# Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com),",
        "# from the npm package world-atlas 2.0.2 (ISC), converted by scripts/world_map.py.",
        "# <ISO numeric>\\t<name>\\t<ring>... ; ring: lon,lat in 0.1 degree, then deltas.",
    ]
    kept = 0
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id", ""))
        if code in SKIP:
            continue
        name = geometry.get("properties", {}).get("name", "")
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [encode(ring_points(ring, arcs)) for polygon in polygons for ring in polygon]
        rings = [r for r in rings if r]
        if not rings:
            continue
        lines.append("\t".join([code, name] + rings))
        kept += 1
    data = ("\n".join(lines) + "\n").encode()
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{kept} countries, {len(data)} bytes of text, {OUT.stat().st_size} gzipped -> {OUT}")


if __name__ == "__main__":
    main()
