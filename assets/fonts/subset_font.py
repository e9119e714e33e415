#!/usr/bin/env python3
"""Rebuilds assets/fonts/NotoSansSC-paracrine.otf: Noto Sans CJK SC subset to the 3,755
level-1 GB2312 hanzi (the common characters), every character of the seed texts, of
evidence.ron and of the UI's own strings (src/), Latin, Greek and punctuation.

Developer tool, not needed to build or run Paracrine (the subset is committed). Needs
`pip install fonttools` and Debian's `fonts-noto-cjk`. Run from the repository root
(`python3 assets/fonts/subset_font.py`) after
curation adds characters; `cargo test` (tests/fonts.rs) fails when a character of
evidence.ron is missing from the font.
"""
import glob
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = "assets/fonts/NotoSansSC-paracrine.otf"


def gb2312_rows(first, last):
    """Every character of GB2312 rows `first`..`last` (lead bytes)."""
    for hi in range(first, last + 1):
        for lo in range(0xA1, 0xFF):
            try:
                yield bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                pass


chars = set()
chars.update(gb2312_rows(0xB0, 0xD7))  # level 1: the 3,755 common hanzi
chars.update(gb2312_rows(0xA1, 0xA9))  # symbols, punctuation, full-width forms
chars.update(chr(c) for c in range(0x20, 0x250))   # Latin
chars.update(chr(c) for c in range(0x370, 0x400))  # Greek
chars.update(chr(c) for c in range(0x2000, 0x2070))  # general punctuation
chars.update(chr(c) for c in range(0x2190, 0x2200))  # arrows
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK punctuation
chars.update(chr(c) for c in range(0xFF00, 0xFFF0))  # full-width forms
texts = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "seeds", "*.txt")))
texts += ["evidence.ron"] + glob.glob("src/**/*.rs", recursive=True) + sys.argv[1:]
for path in texts:
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="ignore") as f:
            chars.update(f.read())
chars = {c for c in chars if c.isprintable() or c == " "}

collection = TTCollection(SRC)
font = collection.fonts[2]  # Noto Sans CJK SC
options = subset.Options()
options.layout_features = ["*"]
options.name_IDs = ["*"]
options.notdef_outline = True
options.hinting = False
options.desubroutinize = False
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=[ord(c) for c in chars])
subsetter.subset(font)
font.save(OUT)
print(f"{OUT}: {len(chars)} characters, {os.path.getsize(OUT)} bytes")
