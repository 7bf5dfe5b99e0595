"""Figures that speak Korean: pick a font that really has Hangul, or fall back to English.

matplotlib's default fonts have no Hangul, and its bundled "Last Resort" font *claims* every code
point but draws boxes (tofu), so a naive "does this font have 한?" search picks it. We skip it, look
for a real Korean font (system fonts, or the NanumGothic files that the ``koreanize-matplotlib``
package ships — we read its font files and never import it, because importing it rewrites global
settings), and set ``["<that font>", "DejaVu Sans"]`` so symbols such as − still come from DejaVu.

One limit: math text (``$...$``, and the ``10^{-3}`` ticks of log axes) uses only the first font,
and NanumGothic has no minus sign U+2212. On log axes give plain tick labels instead:
``ax.yaxis.set_major_formatter(lambda value, _: f"{value:g}")``.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

from dqn_teach.i18n import check_lang

PREFERRED_FONTS = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "AppleGothic",
    "Apple SD Gothic Neo",
    "UnDotum",
    "Baekmuk Gulim",
)


def _covers_hangul(path: str, sample: str = "한글강화학습") -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(ch) in charmap for ch in sample)


def _register_bundled_nanum() -> None:
    from matplotlib import font_manager

    spec = importlib.util.find_spec("koreanize_matplotlib")  # locate, never import
    if spec is None or not spec.submodule_search_locations:
        return
    font_dir = os.path.join(spec.submodule_search_locations[0], "fonts")
    if os.path.isdir(font_dir):
        for name in sorted(os.listdir(font_dir)):
            if name.lower().endswith(".ttf"):
                font_manager.fontManager.addfont(os.path.join(font_dir, name))


@lru_cache(maxsize=1)
def find_korean_font() -> str | None:
    """Name of an installed font that really draws Hangul, or None."""
    from matplotlib import font_manager

    _register_bundled_nanum()
    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    candidates = [n for n in PREFERRED_FONTS if n in by_name] + sorted(by_name)
    for name in candidates:
        if name.startswith("Last Resort"):
            continue
        if _covers_hangul(by_name[name]):
            return name
    return None


def setup_fonts(lang: str = "ko", verbose: bool = True) -> str:
    """Make matplotlib ready for ``lang``; returns the language figures should use.

    For ``"ko"`` it installs a Hangul font as the first family. When none exists it prints one
    line and returns ``"en"``, so callers label figures in English instead of drawing tofu.
    """
    from matplotlib import rcParams

    check_lang(lang)
    if lang == "en":
        return "en"
    font = find_korean_font()
    if font is None:
        if verbose:
            from dqn_teach.messages import NO_KOREAN_FONT

            print(NO_KOREAN_FONT)  # course.setup(lang) has set the language
        return "en"
    family = [font, "DejaVu Sans"]
    if list(rcParams["font.family"]) != family:
        rcParams["font.family"] = family
    rcParams["axes.unicode_minus"] = True
    return "ko"


def blank_glyphs(text: str, font: str | None = None, size: float = 9.0) -> list[str]:
    """Characters of ``text`` that ``font`` (default: the Korean font) draws almost blank.

    Some glyphs exist in a font yet vanish at legend and tick sizes once matplotlib hints them:
    NanumGothic's arrows (→, ←, ↑) shrink to a dot or two at 9 pt, so "ε 1 → 0.1" reads
    "ε 1 0.1" and matplotlib does not warn, because the glyph is there. This draws each
    non-ASCII, non-Hangul character of ``text`` the way the Agg backend does and compares its ink
    with DejaVu Sans (the fallback font): less than a quarter of DejaVu's ink box means blank.
    Characters the font lacks are not reported here (matplotlib warns about those itself).
    """
    import numpy as np
    from matplotlib import font_manager, rcParams
    from matplotlib.backends.backend_agg import get_hinting_flag
    from matplotlib.ft2font import FT2Font

    font = font or find_korean_font()
    if font is None:
        return []

    def ink_box(path: str, char: str) -> int | None:
        ft = FT2Font(path, hinting_factor=rcParams["text.hinting_factor"])
        if ord(char) not in ft.get_charmap():
            return None
        ft.set_size(size, 100)
        ft.set_text(char, flags=get_hinting_flag())
        ft.draw_glyphs_to_bitmap(antialiased=True)
        ink = np.asarray(ft.get_image()) > 100
        return int(ink.any(axis=0).sum() * ink.any(axis=1).sum())

    font_path = font_manager.findfont(font, fallback_to_default=False)
    reference_path = font_manager.findfont("DejaVu Sans")
    blank = []
    for char in dict.fromkeys(text):  # unique, in order
        if char.isascii() or char.isspace() or "\uac00" <= char <= "\ud7a3":
            continue
        drawn, reference = ink_box(font_path, char), ink_box(reference_path, char)
        if drawn is not None and reference and drawn * 4 < reference:
            blank.append(char)
    return blank
