"""Korean figures draw every character: no tofu, and no glyph that the font draws blank.

The nbval guard in the root conftest.py checks executed cells; this test reads the ko notebooks'
figure cells as built from notebooks/src, so a bad label fails fast, without running anything.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

from dqn_teach.fonts import blank_glyphs, find_korean_font  # noqa: E402
from tools.nbbuild import SOURCE_GLOB, SRC, load_course  # noqa: E402

# the nbval guard's own string reader (tests/conftest.py shadows the name "conftest")
_spec = importlib.util.spec_from_file_location(
    "root_conftest", Path(__file__).resolve().parents[1] / "conftest.py"
)
_root_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root_conftest)
_string_literals = _root_conftest._string_literals

SOURCES = sorted(SRC.glob(SOURCE_GLOB))
DRAWS = re.compile(r"\b(plt|ax\w*|fig\w*|axes)\.\w+\(")


def test_blank_glyphs_finds_the_arrow_that_vanished_in_notebook_08():
    assert find_korean_font() is not None
    assert blank_glyphs("ε 1 → 0.1") == ["→"]
    assert blank_glyphs("ε: 1에서 0.1로, γ = 0.99 (가)") == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_korean_figure_text_has_no_blank_glyphs(source):
    cells = load_course(source).notebook("ko").cells
    problems = [
        f"cell {index}: {''.join(blank)}"
        for index, cell in enumerate(cells)
        if cell.cell_type == "code" and DRAWS.search(cell.source)
        for blank in [blank_glyphs(_string_literals(cell.source))]
        if blank
    ]
    assert not problems, "\n".join(problems)


def _run_guard_on(tmp_path: Path, label: str) -> subprocess.CompletedProcess:
    """nbval + the root conftest.py on a one-figure Korean notebook labelled ``label``."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import matplotlib.pyplot as plt\n"
                "from dqn_teach.course import setup\nLANG = setup(lang='ko')"
            ),
            nbformat.v4.new_code_cell(
                f"fig, ax = plt.subplots()\nax.plot([0, 1], label={label!r})\nax.legend()\n"
                "plt.show()"
            ),
        ]
    )
    folder = tmp_path / "ko"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "figure.ipynb")
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
            "-q",
            str(folder / "figure.ipynb"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_nbval_guard_fails_a_korean_figure_with_a_blank_arrow(tmp_path):
    run = _run_guard_on(tmp_path / "arrow", "ε 1 → 0.1")
    assert run.returncode != 0 and "(almost) blank" in run.stdout, run.stdout[-2000:]
    fine = _run_guard_on(tmp_path / "words", "ε: 1에서 0.1로")
    assert fine.returncode == 0, fine.stdout[-2000:]
