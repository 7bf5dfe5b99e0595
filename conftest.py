"""nbval guard: a notebook cell whose figure misses glyphs (tofu or blanks) fails.

It lives at the root, not in notebooks/, so that JupyterLab shows learners only notebooks there.

nbval's lax mode only checks that cells run; this hook also

- reads each executed cell's stderr and fails on matplotlib's "Glyph ... missing from font(s)",
  "Font ... does not have a glyph" and "findfont: Font family ... not found";
- in Korean notebooks, for a cell that draws a figure, fails on text in the cell's strings that the
  Korean font has but draws almost blank at figure sizes (NanumGothic's → is a dot at 9 pt, with no
  warning from matplotlib; see :func:`dqn_teach.fonts.blank_glyphs`).
"""

from __future__ import annotations

import ast
import re

import pytest

FONT_PROBLEM = re.compile(
    r"Glyph \d+ .*missing from (current )?font|findfont: Font family|does not have a glyph for"
)


def _string_literals(source: str) -> str:
    """The text of a cell's string literals, without the English side of ``tr(LANG, ko, en)``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics
        return " ".join(re.findall(r"\"[^\"\n]*\"|'[^'\n]*'", source))
    english = {
        id(call.args[2])
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and getattr(call.func, "id", "") == "tr"
        and len(call.args) == 3
    }
    skipped = {
        id(node) for root in ast.walk(tree) if id(root) in english for node in ast.walk(root)
    }
    return " ".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
    )


def _is_korean_notebook(item) -> bool:
    return "ko" in getattr(item, "path", getattr(item, "fspath", None)).parts


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    outputs = getattr(item, "test_outputs", None) or []
    for output in outputs:
        text = output.get("text", "") if output.get("name") == "stderr" else ""
        if FONT_PROBLEM.search(text):
            pytest.fail(
                f"a figure in this cell is missing glyphs (tofu):\n{text.strip()[:500]}\n"
                "Label figures with the LANG returned by dqn_teach.course.setup().",
                pytrace=False,
            )
    draws_figure = any("image/png" in output.get("data", {}) for output in outputs)
    cell = getattr(item, "cell", None)
    if draws_figure and cell is not None and _is_korean_notebook(item):
        from dqn_teach.fonts import blank_glyphs

        blank = blank_glyphs(_string_literals(cell.source))
        if blank:
            pytest.fail(
                f"this cell's figure text uses {' '.join(blank)}, which the Korean font draws "
                "(almost) blank at figure sizes; write it in words (e.g. 'ε: 1에서 0.1로').",
                pytrace=False,
            )
