"""Rebuild the committed design assets from their npm packages: fonts, icons and the region's map.

Run by `make assets`, which first installs the packages (pinned in ASSET_PACKAGES of the
Makefile) into var/tools/; nothing here runs when the site does. Writes:

- static/fonts/*.woff2: Noto Sans (Latin, Latin Extended-A, Cyrillic) and Noto Sans Arabic,
  400 and 700, subset to what the content languages use, and the @font-face block of
  static/css/site.css between its "fonts" markers, with metric-compatible fallbacks;
- home/fonts/*.woff2: the same faces merged per script family, for the social images (Pillow);
- home/icons/*.svg: the Lucide icons the templates use;
- home/geodata/western-balkans.geojson: the Western Balkans and their neighbours (Natural Earth);
- static/images/apple-touch-icon.png and favicon.ico, drawn from the logo mark by Chromium.
"""

import argparse
import base64
import io
import json
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ROOT / "var" / "tools" / "node_modules"
STYLESHEET = ROOT / "static" / "css" / "site.css"

WEIGHTS = (400, 700)
# (family, file stem, source file in its @fontsource package, unicode ranges kept)
WEB_FONTS = [
    (
        "Noto Sans",
        "noto-sans-latin",
        "@fontsource/noto-sans/files/noto-sans-latin-{weight}-normal.woff2",
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
        "U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD",
    ),
    # Serbian, Montenegrin, Albanian, German: Latin Extended-A is enough (č ć đ š ž ś ź).
    (
        "Noto Sans",
        "noto-sans-latin-ext",
        "@fontsource/noto-sans/files/noto-sans-latin-ext-{weight}-normal.woff2",
        "U+0100-017F,U+0218-021B,U+1E9E,U+2020,U+20A0-20AB,U+20AD-20C0",
    ),
    # Macedonian and Serbian Cyrillic.
    (
        "Noto Sans",
        "noto-sans-cyrillic",
        "@fontsource/noto-sans/files/noto-sans-cyrillic-{weight}-normal.woff2",
        "U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116",
    ),
    (
        "Noto Sans Arabic",
        "noto-sans-arabic",
        "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-{weight}-normal.woff2",
        "U+0600-06FF,U+0750-077F,U+200C-200F,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FEFC",
    ),
]
# The social images' fonts: every script of a family in one file, as Pillow takes one font.
RENDERING_FONTS = {
    "noto-sans": ["noto-sans-latin", "noto-sans-latin-ext", "noto-sans-cyrillic"],
    "noto-sans-arabic": ["noto-sans-arabic", "noto-sans-arabic-latin"],
}
ARABIC_LATIN = (
    "noto-sans-arabic-latin",
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-latin-{weight}-normal.woff2",
    "U+0000-00FF,U+2000-206F",
)
# Fonts the browser has while ours load (Arial's metrics, which Liberation Sans and Arimo share),
# per weight, and the file whose metrics the fallback faces are adjusted to match.
FALLBACK_LOCAL_FONTS = {
    400: ["Arial", "Liberation Sans", "Arimo", "Helvetica"],
    700: ["Arial Bold", "Arial-BoldMT", "Liberation Sans Bold", "Arimo Bold", "Helvetica Bold"],
}
METRICS_REFERENCES = {
    400: Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    700: Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
}
# How often each letter occurs in running text (English, per mille): weights for the average
# width the fallback's size-adjust is computed from, as Next.js and Capsize do.
LETTER_FREQUENCIES = {
    "a": 82, "b": 15, "c": 28, "d": 43, "e": 127, "f": 22, "g": 20, "h": 61, "i": 70, "j": 2, "k": 8,
    "l": 40, "m": 24, "n": 67, "o": 75, "p": 19, "q": 1, "r": 60, "s": 63, "t": 91, "u": 28, "v": 10,
    "w": 24, "x": 2, "y": 20, "z": 1, " ": 180,
}  # fmt: skip

ICONS = [
    "arrow-right",
    "calendar",
    "chevron-down",
    "external-link",
    "file-text",
    "globe",
    "mail",
    "map-pin",
    "megaphone",
    "menu",
    "rss",
    "search",
    "send",
    "users",
    "x",
]

# The Western Balkans (ISO 3166 alpha-2, Natural Earth name) and the neighbours a map shows around them.
WESTERN_BALKANS = {
    "AL": "Albania",
    "BA": "Bosnia and Herz.",
    "XK": "Kosovo",
    "ME": "Montenegro",
    "MK": "Macedonia",
    "RS": "Serbia",
}
NEIGHBOURS = {
    "AT": "Austria",
    "BG": "Bulgaria",
    "GR": "Greece",
    "HR": "Croatia",
    "HU": "Hungary",
    "IT": "Italy",
    "RO": "Romania",
    "SI": "Slovenia",
}
NAMES = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "XK": "Kosovo*",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "RS": "Serbia",
}
KOSOVO_FOOTNOTE = (
    "This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 "
    "and the ICJ Opinion on the Kosovo declaration of independence."
)
# Around the region: islands smaller than this (square degrees) are left out of the neighbours.
SMALLEST_ISLAND = 0.02
COORDINATE_DECIMALS = 3


def build_fonts():
    static_fonts = ROOT / "static" / "fonts"
    rendering_fonts = ROOT / "home" / "fonts"
    static_fonts.mkdir(parents=True, exist_ok=True)
    rendering_fonts.mkdir(parents=True, exist_ok=True)
    work = ROOT / "var" / "tools" / "subsets"
    work.mkdir(parents=True, exist_ok=True)
    faces = []
    for family, stem, source, ranges in WEB_FONTS:
        for weight in WEIGHTS:
            target = static_fonts / f"{stem}-{weight}.woff2"
            subset_font(PACKAGES / source.format(weight=weight), target, ranges, flavor="woff2")
            faces.append((family, stem, weight, ranges))
    stem, source, ranges = ARABIC_LATIN
    for weight in WEIGHTS:
        subset_font(PACKAGES / source.format(weight=weight), work / f"{stem}-{weight}.woff2", ranges, "woff2")
    for name, stems in RENDERING_FONTS.items():
        for weight in WEIGHTS:
            parts = []
            for part in stems:
                path = static_fonts / f"{part}-{weight}.woff2"
                if not path.exists():
                    path = work / f"{part}-{weight}.woff2"
                plain = work / f"{part}-{weight}.ttf"
                font = TTFont(path)
                font.flavor = None
                font.save(plain)
                parts.append(str(plain))
            merged = Merger().merge(parts)
            merged.flavor = "woff2"
            merged.save(rendering_fonts / f"{name}-{weight}.woff2")
    write_font_faces(faces)


def subset_font(source, target, unicodes, flavor):
    options = subset.Options()
    options.flavor = flavor
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=parse_ranges(unicodes))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def parse_ranges(ranges):
    codes = []
    for part in ranges.split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        codes.extend(range(int(first, 16), int(last or first, 16) + 1))
    return codes


def average_width(font):
    cmap, metrics, units = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
    total = sum(LETTER_FREQUENCIES.values())
    return sum(metrics[cmap[ord(letter)]][0] * share for letter, share in LETTER_FREQUENCIES.items()) / (
        total * units
    )


def fallback_face(family, weight, locals_):
    """An @font-face for a local font scaled to take the room our font will, so that nothing moves."""
    ours = TTFont(ROOT / "static" / "fonts" / f"noto-sans-latin-{weight}.woff2")
    reference = TTFont(METRICS_REFERENCES[weight])
    size_adjust = average_width(ours) / average_width(reference)
    units = ours["head"].unitsPerEm
    hhea = ours["hhea"]
    sources = ", ".join(f'local("{name}")' for name in locals_)
    return (
        f'@font-face {{\n    font-family: "{family} Fallback";\n    font-weight: {weight};\n'
        f"    src: {sources};\n"
        f"    size-adjust: {size_adjust:.2%};\n"
        f"    ascent-override: {hhea.ascent / units / size_adjust:.2%};\n"
        f"    descent-override: {-hhea.descent / units / size_adjust:.2%};\n"
        f"    line-gap-override: {hhea.lineGap / units / size_adjust:.2%};\n}}\n"
    )


def write_font_faces(faces):
    rules = []
    for family, stem, weight, ranges in faces:
        rules.append(
            f'@font-face {{\n    font-family: "{family}";\n    font-style: normal;\n'
            f"    font-weight: {weight};\n"
            f'    font-display: swap;\n    src: url("../fonts/{stem}-{weight}.woff2") format("woff2");\n'
            f"    unicode-range: {ranges.replace(',', ', ')};\n}}\n"
        )
    for weight, locals_ in FALLBACK_LOCAL_FONTS.items():
        rules.append(fallback_face("Noto Sans", weight, locals_))
    block = "\n".join(rules)
    text = STYLESHEET.read_text()
    pattern = re.compile(
        r"(/\* fonts: from scripts/build_assets\.py \*/\n).*?(/\* end of fonts \*/)", re.DOTALL
    )
    if not pattern.search(text):
        raise SystemExit(f"{STYLESHEET} has no fonts markers")
    STYLESHEET.write_text(pattern.sub(lambda match: match[1] + block + match[2], text))


def build_icons():
    target = ROOT / "home" / "icons"
    target.mkdir(parents=True, exist_ok=True)
    source = PACKAGES / "lucide-static"
    (target / "LICENSE").write_text((source / "LICENSE").read_text())
    for name in ICONS:
        svg = (source / "icons" / f"{name}.svg").read_text()
        svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL)
        svg = re.sub(r'\s+class="[^"]*"', "", svg)
        (target / f"{name}.svg").write_text(svg.strip() + "\n")


def decode_arc(topology, index):
    arc = topology["arcs"][index if index >= 0 else ~index]
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * scale_x + move_x, y * scale_y + move_y))
    return points if index >= 0 else points[::-1]


def decode_ring(topology, arcs):
    points = []
    for index in arcs:
        part = decode_arc(topology, index)
        points.extend(part if not points else part[1:])
    return [[round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)] for x, y in points]


def ring_area(ring):
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def build_map():
    topology = json.loads((PACKAGES / "world-atlas" / "countries-50m.json").read_text())
    by_name = {
        geometry["properties"]["name"]: geometry
        for geometry in topology["objects"]["countries"]["geometries"]
    }
    features = []
    for code, name in {**WESTERN_BALKANS, **NEIGHBOURS}.items():
        geometry = by_name[name]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = [[decode_ring(topology, ring) for ring in polygon] for polygon in polygons]
        if code in NEIGHBOURS:
            polygons = [polygon for polygon in polygons if ring_area(polygon[0]) >= SMALLEST_ISLAND]
        properties = {"iso": code, "region": code in WESTERN_BALKANS}
        if code in NAMES:
            properties["name"] = NAMES[code]
        if code == "XK":
            properties["footnote"] = KOSOVO_FOOTNOTE
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m admin 0 countries, through the world-atlas package (public domain)",
        "features": features,
    }
    target = ROOT / "home" / "geodata" / "western-balkans.geojson"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n")


def build_icon_images():
    """Draw the logo mark as PNG icons with Chromium, as browsers will see the SVG."""
    from playwright.sync_api import sync_playwright

    mark = (ROOT / "static" / "images" / "logo-mark.svg").read_bytes()
    data_url = "data:image/svg+xml;base64," + base64.b64encode(mark).decode()
    pictures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size in (32, 180):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f'<body style="margin:0"><img src="{data_url}" width="{size}" height="{size}">')
            pictures[size] = Image.open(io.BytesIO(page.screenshot(omit_background=True)))
        browser.close()
    images = ROOT / "static" / "images"
    # An opaque square for iOS, which draws its own rounded corners.
    touch = Image.new("RGB", (180, 180), "#0b5563")
    touch.paste(pictures[180], mask=pictures[180])
    touch.save(images / "apple-touch-icon.png", optimize=True)
    pictures[32].save(images / "favicon.ico", sizes=[(32, 32)])


STEPS = {"fonts": build_fonts, "icons": build_icons, "map": build_map, "favicons": build_icon_images}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="*", choices=[*STEPS, []], help="what to rebuild (default: all)")
    args = parser.parse_args(argv)
    if not PACKAGES.exists():
        raise SystemExit("Install the packages first: make assets")
    for step in args.steps or STEPS:
        STEPS[step]()
        sys.stderr.write(f"built {step}\n")


if __name__ == "__main__":
    main()
