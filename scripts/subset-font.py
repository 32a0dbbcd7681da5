#!/usr/bin/env python3
"""Cuts Inter down to what Runway shows: the weights the design system uses (400 to 600, still
variable), Latin-1 and the punctuation the UI writes, no hinting; then names the file after its
content's MD5 (as cargo-leptos names pkg/ files) so it can be cached for a year, and points
style/main.css at it. Characters outside the subset fall back to the system font.

Run once when the font or the characters change; the output is committed in public/fonts:
    pip install fonttools brotli
    npm install --no-save @fontsource-variable/inter@5.3.0
    python3 scripts/subset-font.py node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2
"""

import base64
import hashlib
import io
import pathlib
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = pathlib.Path(__file__).resolve().parent.parent
WEIGHTS = (400, 600)
# Latin-1, then dashes, quotes, bullet, ellipsis, arrows, minus, euro, trade mark, primes, spaces.
UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x100))
    + [0x2002, 0x2009, 0x200B, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E]
    + [0x2022, 0x2026, 0x2032, 0x2033, 0x2039, 0x203A, 0x20AC, 0x2122, 0x2191, 0x2193, 0x2212]
)


def main(source: str) -> None:
    font = TTFont(source)
    font = instancer.instantiateVariableFont(font, {"wght": WEIGHTS}, updateFontNames=False)
    # The instancer leaves lazily loaded tables the subsetter cannot read; a round trip fixes it.
    buffer = io.BytesIO()
    font.flavor = None
    font.save(buffer)
    buffer.seek(0)
    font = TTFont(buffer)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "calt", "ccmp", "locl", "liga", "tnum"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    digest = base64.urlsafe_b64encode(hashlib.md5(data).digest()).decode().rstrip("=")
    fonts = ROOT / "public" / "fonts"
    for old in fonts.glob("inter-latin-wght.*.woff2"):
        old.unlink()
    name = f"inter-latin-wght.{digest}.woff2"
    (fonts / name).write_bytes(data)
    css = ROOT / "style" / "main.css"
    text = re.sub(r'/fonts/inter-latin-wght[^"]*\.woff2', f"/fonts/{name}", css.read_text())
    text = re.sub(r"font-weight: \d+ \d+;", f"font-weight: {WEIGHTS[0]} {WEIGHTS[1]};", text, count=1)
    css.write_text(text)
    print(f"public/fonts/{name}: {len(data)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
