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
            print(
                "No Korean font found (install fonts-nanum or `pip install koreanize-matplotlib`);"
                " figure labels fall back to English."
            )
        return "en"
    family = [font, "DejaVu Sans"]
    if list(rcParams["font.family"]) != family:
        rcParams["font.family"] = family
    rcParams["axes.unicode_minus"] = True
    return "ko"
