"""nbval guard: a notebook cell that makes matplotlib miss a glyph (tofu boxes) fails.

It lives at the root, not in notebooks/, so that JupyterLab shows learners only notebooks there.

nbval's lax mode only checks that cells run; this hook also reads each executed cell's stderr and
fails on matplotlib's "Glyph ... missing from font(s)", "Font ... does not have a glyph" and
"findfont: Font family ... not found".
"""

from __future__ import annotations

import re

import pytest

FONT_PROBLEM = re.compile(
    r"Glyph \d+ .*missing from (current )?font|findfont: Font family|does not have a glyph for"
)


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
