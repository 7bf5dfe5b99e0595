"""Korean and English notebooks: same files, same code token for token, same outline.

Only comments and the text inside string literals may differ between the languages.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = sorted(p.name for p in (NOTEBOOKS / "en").glob("*.ipynb"))
SKIPPED_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}


def code_tokens(source: str) -> list[str]:
    """Tokens of a cell with comments dropped and string contents blanked."""
    python = TransformerManager().transform_cell(source)
    tokens = []
    for token in tokenize.generate_tokens(io.StringIO(python).readline):
        if token.type in SKIPPED_TOKENS:
            continue
        if token.type == tokenize.STRING:
            tokens.append("<str>")
        elif token.type == getattr(tokenize, "FSTRING_MIDDLE", None):  # Python ≥ 3.12
            tokens.append("<fstr>")
        else:
            tokens.append(token.string)
    return tokens


def headings(nb) -> list[int]:
    levels = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        in_fence = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
            elif not in_fence and (match := re.match(r"^(#{1,6})\s", line)):
                levels.append(len(match.group(1)))
    return levels


def test_the_course_has_at_least_nine_notebooks_in_both_languages():
    ko = sorted(p.name for p in (NOTEBOOKS / "ko").glob("*.ipynb"))
    assert ko == NAMES
    assert len(NAMES) >= 9, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_code_cells_match_token_for_token(name):
    ko, en = (nbformat.read(NOTEBOOKS / lang / name, as_version=4) for lang in ("ko", "en"))
    ko_code = [c.source for c in ko.cells if c.cell_type == "code"]
    en_code = [c.source for c in en.cells if c.cell_type == "code"]
    assert len(ko_code) == len(en_code), f"{name}: {len(ko_code)} ko vs {len(en_code)} en cells"
    for index, (ko_src, en_src) in enumerate(zip(ko_code, en_code, strict=True)):
        assert code_tokens(ko_src) == code_tokens(en_src), (
            f"{name}, code cell {index}: code differs beyond comments and strings\n"
            f"--- ko ---\n{ko_src}\n--- en ---\n{en_src}"
        )


@pytest.mark.parametrize("name", NAMES)
def test_same_outline_of_headings(name):
    ko, en = (nbformat.read(NOTEBOOKS / lang / name, as_version=4) for lang in ("ko", "en"))
    assert headings(ko) == headings(en)
    assert len(ko.cells) == len(en.cells)


@pytest.mark.parametrize("name", NAMES)
def test_korean_notebooks_are_written_in_korean(name):
    ko = nbformat.read(NOTEBOOKS / "ko" / name, as_version=4)
    prose = " ".join(c.source for c in ko.cells if c.cell_type == "markdown")
    hangul = len(re.findall(r"[\uac00-\ud7a3]", prose))
    assert hangul > 200, f"{name}: only {hangul} Hangul syllables in the Korean notebook"


def test_parity_check_catches_code_differences():
    assert code_tokens("x = f(1)  # 주석\nprint('안녕')") == code_tokens(
        "x = f(1)  # note\nprint('hi')"
    )
    assert code_tokens("x = f(1)") != code_tokens("x = f(2)")
    assert code_tokens("plot(lang='ko')") == code_tokens("plot(lang='en')")


@pytest.mark.parametrize("readme", ["README.md", "README.ko.md"])
def test_readmes_list_the_notebooks_in_order(readme):
    text = (ROOT / readme).read_text(encoding="utf-8")
    positions = [text.find(Path(name).stem) for name in NAMES]
    assert all(p >= 0 for p in positions), dict(zip(NAMES, positions, strict=True))
    assert positions == sorted(positions)


STRUCTURE = {
    "ko": ("학습 목표", "요약", "연습 문제"),
    "en": ("Learning goals", "Summary", "Exercises"),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_goals_first_then_summary_and_exercises_last(name, lang):
    nb = nbformat.read(NOTEBOOKS / lang / name, as_version=4)
    titles = [
        line.lstrip("#").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if re.match(r"^#{2,3}\s", line)
    ]
    goals, summary, exercises = STRUCTURE[lang]
    assert any(goals in t for t in titles[:2]), f"{name}: no '{goals}' heading at the top"
    assert any(summary in t for t in titles[-3:]), f"{name}: no '{summary}' near the end"
    assert exercises in titles[-1] or exercises in titles[-2], f"{name}: exercises not at the end"
