"""Rebuild europe-borders.json from world-atlas's countries-50m.json (Natural Earth 4.1.0).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python data/geo/build_borders.py package/countries-50m.json data/geo/europe-borders.json

Each TopoJSON arc is a stretch of border or coast drawn once, so the arcs inside the box are
the whole base map: the app draws them as lines, and the map needs nothing from the network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BOX = (-25.0, 30.0, 50.0, 72.0)  # west, south, east, north


def arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode the quantised, delta-encoded arcs to longitude/latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        out.append(points)
    return out


def inside(points: list[tuple[float, float]]) -> bool:
    west, south, east, north = BOX
    return any(west <= lon <= east and south <= lat <= north for lon, lat in points)


def main(src: str, dst: str) -> None:
    lines = []
    for points in arcs(json.loads(Path(src).read_text())):
        kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(kept) > 1 and inside(kept):
            lines.append(kept)
    data = {
        "source": "Natural Earth 1:50m admin-0 boundaries via world-atlas 2.0.2",
        "lines": lines,
    }
    Path(dst).write_text(json.dumps(data, separators=(",", ":")))


if __name__ == "__main__":
    main(*sys.argv[1:3])
