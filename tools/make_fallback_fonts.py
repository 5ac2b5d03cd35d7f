"""Build the PDF's fallback fonts and the coverage table from the Hanazono fonts (花園明朝 A/B).

WenQuanYi Micro Hei, the PDF's main font, has no CJK Extension A/B characters (㐀, 䶮, 𠀀, 𡐓…), which
company and place names do use. HanaMinA/HanaMinB (GlyphWiki project; TrueType outlines, which
reportlab can embed) cover Extension A–F. Only the characters the main font lacks are kept, and the
subsets are stored gzip-compressed (reportlab reads them from memory), to keep the bundle small.
The Hanazono fonts are dual-licensed (Hanazono Font License or SIL OFL 1.1); the subsets are
distributed under the Hanazono Font License, which permits modified copies (resources/fonts/
hanazono.LICENSE).

    apt-get download fonts-hanazono && dpkg-deb -x fonts-hanazono_*.deb /tmp/hanazono
    pip install fonttools
    python tools/make_fallback_fonts.py /tmp/hanazono/usr/share/fonts/truetype/hanazono

Writes resources/fonts/hanazono-a.ttf.gz, hanazono-b.ttf.gz and coverage.txt (which characters each
font has; greendesk/printable.py reads it instead of opening the fonts). Takes a few minutes.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
MAIN = ("wqy-microhei.ttc", 0)
FALLBACKS = [("hanazono-a.ttf.gz", "HanaMinA.ttf"), ("hanazono-b.ttf.gz", "HanaMinB.ttf")]


def cmap(font: TTFont) -> set[int]:
    return set(font.getBestCmap())


def ranges(cps: set[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in sorted(cps):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [(a, b) for a, b in out]


def coverage_lines(name: str, cps: set[int]) -> list[str]:
    spans = [f"{a:X}" if a == b else f"{a:X}-{b:X}" for a, b in ranges(cps)]
    return [f"{name}: " + " ".join(spans[i:i + 12]) for i in range(0, len(spans), 12)]


def subset_font(src: Path, keep: set[int]) -> bytes:
    font = TTFont(src)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["vhea", "vmtx", "GSUB", "GPOS", "BASE", "DSIG", "FFTM"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(keep))
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def main(src_dir: str) -> None:
    covered = cmap(TTFont(FONTS / MAIN[0], fontNumber=MAIN[1], lazy=True))
    lines = ["# Characters each PDF font has (hex code points), in the order they are tried.",
             "# Written by tools/make_fallback_fonts.py from the fonts' cmaps; tests check it still matches.",
             *coverage_lines(MAIN[0], covered)]
    for out_name, src_name in FALLBACKS:
        src = Path(src_dir) / src_name
        keep = cmap(TTFont(src, lazy=True)) - covered
        keep = {cp for cp in keep if cp > 0x20}
        data = subset_font(src, keep)
        with gzip.GzipFile(FONTS / out_name, "wb", compresslevel=9, mtime=0) as f:
            f.write(data)
        got = cmap(TTFont(io.BytesIO(data), lazy=True))
        lines += coverage_lines(out_name, got)
        covered |= got
        print(f"{out_name}: {len(got)} characters, {len(data) / 1e6:.1f} MB, "
              f"{(FONTS / out_name).stat().st_size / 1e6:.1f} MB compressed")
    (FONTS / "coverage.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
