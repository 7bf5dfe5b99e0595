"""The committed notebooks are generated from notebooks/src: they must not drift from it."""


import nbformat
import pytest

from tools.nbbuild import LANGS, SOURCE_GLOB, SRC, load_course

SOURCES = sorted(SRC.glob(SOURCE_GLOB))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_notebooks_match_their_source(source):
    course = load_course(source)
    for lang in LANGS:
        path = SRC.parent / lang / f"{course.name}.ipynb"
        committed = nbformat.read(path, as_version=4)
        built = course.notebook(lang)
        assert [(c.cell_type, c.source) for c in committed.cells] == [
            (c.cell_type, c.source) for c in built.cells
        ], f"{path} is stale: run `python -m tools.nbbuild {course.name.split('_')[0]} --execute`"


def test_every_course_notebook_has_a_source():
    built = {p.stem for p in SOURCES}
    for lang in LANGS:
        assert {p.stem for p in (SRC.parent / lang).glob("*.ipynb")} == built


def test_skip_cells_are_not_executed_by_the_build():
    from tools.nbbuild import Course

    course = Course("99_probe")
    course.code("# NBVAL_SKIP\n%tensorboard --logdir runs")
    course.code("x = 1")
    cells = {cell.source.splitlines()[0]: cell for cell in course.notebook("en").cells}
    assert cells["# NBVAL_SKIP"].metadata["tags"] == ["skip-execution"]
    assert "tags" not in cells["x = 1"].metadata


def test_every_notebook_can_install_itself_on_colab():
    for source in SOURCES:
        nb = load_course(source).notebook("en")
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert "google.colab" in first_code.source, source.stem
