"""Maps of the Western Balkans, drawn from Natural Earth's shapes (home/geodata/western-balkans.geojson).

The file holds the six Western Balkan countries (ISO 3166 alpha-2 codes, Kosovo as XK with its
designation footnote) and the neighbours drawn around them; scripts/build_assets.py makes it.
"""

import json
import math
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw

from home import brand

GEODATA = Path(__file__).resolve().parent / "geodata" / "western-balkans.geojson"
# The frame every map shows: the region and enough of its neighbours to place it (degrees).
WEST, EAST, SOUTH, NORTH = 13.0, 24.6, 38.9, 46.9
# Drawn larger, then reduced: Pillow draws polygons without anti-aliasing.
SUPERSAMPLING = 3
# The capitals, joined on a map as the network's members are (longitude, latitude).
CAPITALS = {
    "AL": (19.82, 41.33),
    "BA": (18.41, 43.86),
    "XK": (21.17, 42.66),
    "ME": (19.26, 42.44),
    "MK": (21.43, 41.99),
    "RS": (20.46, 44.82),
}


@cache
def countries():
    """Return the map's countries: [(ISO code, is in the region, [polygons of (lon, lat) rings])]."""
    collection = json.loads(GEODATA.read_text())
    return [
        (feature["properties"]["iso"], feature["properties"]["region"], feature["geometry"]["coordinates"])
        for feature in collection["features"]
    ]


def region_codes():
    return [code for code, in_region, _polygons in countries() if in_region]


def _projection(width, height):
    """Equirectangular, with longitudes shortened as at the frame's middle latitude, and centred."""
    squeeze = math.cos(math.radians((NORTH + SOUTH) / 2))
    scale = min(width / ((EAST - WEST) * squeeze), height / (NORTH - SOUTH))
    left = (width - (EAST - WEST) * squeeze * scale) / 2
    top = (height - (NORTH - SOUTH) * scale) / 2

    def project(point):
        longitude, latitude = point
        return (left + (longitude - WEST) * squeeze * scale, top + (NORTH - latitude) * scale)

    return project


def draw_map(width, height, highlighted=(), *, colours=None):
    """Return an RGB image of the region, the countries of `highlighted` (ISO codes) in the brand colour."""
    colours = {
        "sea": brand.SEA,
        "land": "#eef1ee",
        "region": "#b9d3d8",
        "highlight": brand.BRAND,
        "border": brand.WHITE,
        **(colours or {}),
    }
    big = Image.new("RGB", (width * SUPERSAMPLING, height * SUPERSAMPLING), colours["sea"])
    draw = ImageDraw.Draw(big)
    project = _projection(*big.size)
    highlighted = set(highlighted)
    # Neighbours first, then the region, then the highlighted countries over their borders.
    layers = sorted(countries(), key=lambda country: (country[1], country[0] in highlighted))
    for code, in_region, polygons in layers:
        fill = colours["highlight"] if code in highlighted else colours["region" if in_region else "land"]
        for polygon in polygons:
            outline, *holes = polygon
            draw.polygon([project(point) for point in outline], fill=fill)
            for hole in holes:
                draw.polygon([project(point) for point in hole], fill=colours["sea"])
    border = max(1, SUPERSAMPLING * width // 600)
    for _code, _in_region, polygons in layers:
        for polygon in polygons:
            ring = [project(point) for point in polygon[0]]
            draw.line([*ring, ring[0]], fill=colours["border"], width=border)
    _draw_network(draw, [project(CAPITALS[code]) for code in sorted(highlighted) if code in CAPITALS], border)
    return big.resize((width, height), Image.Resampling.LANCZOS)


def _draw_network(draw, points, width):
    """Join each point to its two nearest, as the logo's nodes are joined, and mark them."""
    radius = width * 5
    edges = set()
    for start in points:
        nearest = sorted((end for end in points if end != start), key=lambda end: math.dist(start, end))[:2]
        edges.update(tuple(sorted((start, end))) for end in nearest)
    for start, end in edges:
        draw.line([start, end], fill=brand.ACCENT, width=width * 2)
    for x, y in points:
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=brand.ACCENT,
            outline=brand.WHITE,
            width=width,
        )
