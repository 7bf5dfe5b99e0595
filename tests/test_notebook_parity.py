"""Korean and English notebooks: same files, same code token for token, same outline.

Only comments and the text inside string literals may differ between the languages.
"""

from __future__ import annotations

import ast
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
# Python >= 3.12 splits an f-string into pieces (PEP 701); older versions give one STRING token.
FSTRING_START = getattr(tokenize, "FSTRING_START", None)
FSTRING_END = getattr(tokenize, "FSTRING_END", None)


def code_tokens(source: str) -> list[str]:
    """Tokens of a cell with comments dropped and string text blanked, the same on every Python.

    A run of adjacent string literals (implicit concatenation) becomes one ``<str>`` followed by
    the code of each f-string ``{expression}`` in it, so the text may differ between languages
    (also where a placeholder sits in the sentence, or on which line of the run) while the
    expressions, conversions and format specs may not.
    """
    python = TransformerManager().transform_cell(source)
    lines = python.splitlines(keepends=True)
    tokens: list[str] = []
    fstring_depth, fstring_start = 0, (0, 0)
    for token in tokenize.generate_tokens(io.StringIO(python).readline):
        if token.type in SKIPPED_TOKENS:
            continue
        if token.type == FSTRING_START:
            fstring_depth += 1
            if fstring_depth == 1:
                fstring_start = token.start
        elif token.type == FSTRING_END:
            fstring_depth -= 1
            if fstring_depth == 0:
                _add_string(tokens, _segment(lines, fstring_start, token.end))
        elif fstring_depth:
            continue  # a piece of the f-string being collected
        elif token.type == tokenize.STRING:
            _add_string(tokens, token.string)
        else:
            tokens.append(token.string)
    return tokens


def _add_string(tokens: list[str], literal: str) -> None:
    """Append a string literal; one that follows another string continues the same run."""
    if not tokens or tokens[-1] != "<str>" and not tokens[-1].startswith("{"):
        tokens.append("<str>")
    tokens += fstring_expressions(literal)


def _segment(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    """Source text between two tokenizer positions ((row from 1, column))."""
    (row0, col0), (row1, col1) = start, end
    if row0 == row1:
        return lines[row0 - 1][col0:col1]
    return lines[row0 - 1][col0:] + "".join(lines[row0:row1 - 1]) + lines[row1 - 1][:col1]


class _BlankText(ast.NodeTransformer):
    """Drop an f-string's literal pieces and blank every other string constant."""

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        node.values = [self.visit(v) for v in node.values if not isinstance(v, ast.Constant)]
        return node

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        node.value = self.visit(node.value)  # the format spec (":.2f") is code: kept as written
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("<str>") if isinstance(node.value, str | bytes) else node


def fstring_expressions(literal: str) -> list[str]:
    """The code of each ``{expression}`` of an f-string literal, as ``{ast dump}``; else []."""
    prefix = re.match(r"[A-Za-z]*", literal).group(0)
    if "f" not in prefix.lower():
        return []
    tree = _BlankText().visit(ast.parse(literal.strip(), mode="eval").body)
    return ["{" + ast.dump(part, annotate_fields=False) + "}" for part in tree.values]


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


def test_parity_check_reads_fstrings_the_same_on_every_python():
    """Pins the f-string rule; Python >= 3.12 tokenizes f-strings into pieces, older ones do not."""
    # literal text may differ, also where the placeholder sits in the sentence
    assert code_tokens('print(f"처음 다섯 개: {steps[:5]}")') == code_tokens(
        'print(f"first five: {steps[:5]} ...")'
    )
    assert code_tokens('f"""두 줄\n{x!r:>8}입니다"""') == code_tokens('f"""two\nlines {x!r:>8}"""')
    assert code_tokens('print(f"{a}개, "\n      f"{b}개")') == code_tokens(
        'print(f"{a} and {b}, "\n      "all")'
    )
    assert code_tokens("f'{tr(LANG, \"스텝\", \"step\")}'") == code_tokens(
        "f'{tr(LANG, \"s\", \"t\")}'"
    )
    # code inside {…} may not differ: the expression, its conversion, its format spec, its count
    assert code_tokens('f"{x[:5]}"') != code_tokens('f"{x[:6]}"')
    assert code_tokens('f"{x}"') != code_tokens('f"{x!r}"')
    assert code_tokens('f"{x:.2f}"') != code_tokens('f"{x:.3f}"')
    assert code_tokens('f"{x} {y}"') != code_tokens('f"{x}"')
    assert code_tokens('f"{f\'{x}\'}"') != code_tokens('f"{f\'{y}\'}"')
    # an f-string is not interchangeable with a plain string or with code outside it
    assert code_tokens('f"{x}"') != code_tokens('"{x}"')
    assert code_tokens('print(f"{x}", y)') != code_tokens('print(f"{x}", z)')


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
