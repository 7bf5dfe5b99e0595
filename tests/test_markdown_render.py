"""Every markdown cell renders without visible emphasis markers, in both languages.

CommonMark (JupyterLab, GitHub, nbconvert) closes ``**``/``*``/``_`` only when the closing run is
"right-flanking": a closing ``**`` right after ``)`` or a backtick and straight before a Hangul
particle is not, so ``**경험(experience)**을`` shows literal asterisks. This test renders each cell
with mistune (the CommonMark parser nbconvert uses, installed with JupyterLab), drops math and code
(which show ``*`` and ``_`` on purpose), and fails on any ``*`` or word-edge ``_`` left over.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import mistune
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    path
    for folder in (
        "notebooks/ko",
        "notebooks/en",
        "notebooks/exercises/ko",
        "notebooks/exercises/en",
    )
    for path in (ROOT / folder).glob("*.ipynb")
)
DOCS = sorted([*ROOT.glob("README*.md"), *(ROOT / "docs").glob("*.md")])

_render = mistune.create_markdown(renderer="html")
# JupyterLab swaps $...$ and $$...$$ for "@@n@@" before markdown sees them (MathJax gets them).
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$", re.S)
_CODE = re.compile(r"<pre>.*?</pre>|<code>.*?</code>", re.S)
_TAG = re.compile(r"<[^>]+>")
# What is left of an emphasis run that did not open or close: asterisks touching a character on
# at least one side (" * " between spaces is a multiplication sign), or an underscore at the edge
# of a word (snake_case inside a word never emphasises, so it is fine).
_LITERAL_MARKER = re.compile(r"(?<!\s)\*+|\*+(?!\s)|(?<!\w)_+(?=\w)|(?<=\w)_+(?!\w)")


def visible_markers(markdown: str) -> list[str]:
    """The emphasis markers a reader would see in the rendered text, each with some context."""
    text = _render(_MATH.sub("@@0@@", markdown))
    text = html.unescape(_TAG.sub("", _CODE.sub(" CODE ", text)))
    return [
        text[max(0, m.start() - 20) : m.end() + 20].replace("\n", " ")
        for m in _LITERAL_MARKER.finditer(text)
    ]


def markdown_cells(path: Path) -> list[tuple[int, str]]:
    nb = nbformat.read(path, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


@pytest.mark.parametrize(
    "markdown",
    [
        "**경험(experience)**을 모읍니다",
        "*멀티 암드 밴딧(multi-armed bandit)*에서",
        "칸은 항상 **`0, 1`**입니다",
        "_밑줄(underline)_로",
    ],
)
def test_the_check_sees_emphasis_that_stays_literal(markdown):
    assert visible_markers(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "**경험**(experience)을 모읍니다",
        "*멀티 암드 밴딧*(multi-armed bandit)에서",
        "$Q(s, a) = r + \\gamma \\max_{a'} Q^*(s', a')$와 `x * y`, snake_case_name",
        "```python\nx = a * b  # **not** markdown\n```",
        "target = reward + gamma * (1 − terminated) * q_max",
    ],
)
def test_the_check_accepts_emphasis_that_renders(markdown):
    assert visible_markers(markdown) == []


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks").with_suffix(""))
)
def test_notebook_markdown_shows_no_emphasis_markers(path):
    problems = [
        f"cell {index}: …{context}…"
        for index, source in markdown_cells(path)
        for context in visible_markers(source)
    ]
    assert not problems, (
        "emphasis that renders as literal * or _ (end the **…** before the brackets or the code "
        "span, or put the particle inside):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_show_no_emphasis_markers(path):
    assert visible_markers(path.read_text(encoding="utf-8")) == []
