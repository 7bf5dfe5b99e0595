"""The committed notebooks are generated from notebooks/src: they must not drift from it."""


import nbformat
import pytest

from tools.nbbuild import LANGS, SOURCE_GLOB, SRC, BilingualSyntaxError, Course, bi, load_course

SOURCES = sorted(SRC.glob(SOURCE_GLOB))
# Written by running the notebook, not by the build: timings and the exact Python version.
RUN_METADATA = {"execution"}


def built_parts(nb: nbformat.NotebookNode) -> tuple:
    """What the build decides: every cell's kind, id, source and metadata, and the kernel."""
    cells = [
        (c.cell_type, c.get("id"), c.source, {k: v for k, v in c.metadata.items()
                                             if k not in RUN_METADATA})
        for c in nb.cells
    ]
    return cells, nb.metadata.get("kernelspec"), nb.metadata.get("language_info", {}).get("name")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_notebooks_match_their_source(source):
    course = load_course(source)
    for lang in LANGS:
        path = SRC.parent / lang / f"{course.name}.ipynb"
        committed = nbformat.read(path, as_version=4)
        assert built_parts(committed) == built_parts(course.notebook(lang)), (
            f"{path} is stale: run `python -m tools.nbbuild {course.name.split('_')[0]} --execute`"
        )


def test_freshness_check_sees_metadata_drift():
    nb = Course("99_probe")
    nb.code("x = 1")
    built = nb.notebook("en")
    for drift in (
        lambda n: n.cells[-1].metadata.update(tags=["skip-execution"]),
        lambda n: n.cells[-1].update(id="99-000"),
        lambda n: n.metadata["kernelspec"].update(name="python2"),
    ):
        changed = nbformat.from_dict(nbformat.validator.json.loads(nbformat.writes(built)))
        drift(changed)
        assert built_parts(changed) != built_parts(built)


def test_cell_ids_do_not_move_when_a_cell_is_inserted():
    def ids(with_extra_cell: bool) -> dict[str, str]:
        course = Course("99_probe")
        course.md(ko="# 제목", en="# Title")
        if with_extra_cell:
            course.md(ko="새 셀", en="a new cell")
        course.code("x = 1")
        course.code("x = 1")  # the same code twice still gets two ids
        return {c.source: c.id for c in course.notebook("en").cells}

    before, after = ids(False), ids(True)
    assert len(set(before.values())) == len(before)
    assert {k: v for k, v in after.items() if k in before} == before


def test_a_cell_has_the_same_id_in_both_languages():
    course = Course("99_probe")
    course.md(ko="# 제목", en="# Title")
    course.code(**bi("x = 1  # «하나|one»"))
    ko, en = ([c.id for c in course.notebook(lang).cells] for lang in ("ko", "en"))
    assert ko == en


def test_bilingual_blocks_pick_one_side():
    assert bi("x = 1  # «하나|one», «둘|two»") == {
        "ko": "x = 1  # 하나, 둘",
        "en": "x = 1  # one, two",
    }
    assert bi("no blocks | here") == {"ko": "no blocks | here", "en": "no blocks | here"}


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("x = 1\ny = 2  # «주석|comment and «unclosed", "never closed"),
        ("x = 1\ny = 2  # «주석|comment", "never closed"),
        ("x = 1\ny: «int | None|int | None» = 2", "exactly one '|'"),
        ("x = 1\ny = 2  # «주석 only»", "exactly one '|'"),
        ("x = 1\ny = 2  # comment»", "without an opening"),
    ],
)
def test_malformed_bilingual_blocks_name_the_source_line(template, problem):
    with pytest.raises(BilingualSyntaxError, match=problem) as error:
        bi_from_a_source_file(template)
    # every template above has its mistake on its second line
    called_at = bi_from_a_source_file.__code__.co_firstlineno + 1
    assert str(error.value).startswith(f"{__file__}:{called_at + 1}: ")


def bi_from_a_source_file(template: str) -> dict[str, str]:
    return bi(template)


def test_heavy_cells_and_what_reads_them_are_skipped_in_student_copies():
    from tools.nbbuild import HEAVY_TAG, cells_to_skip

    course = Course("99_probe")
    course.code("import numpy as np")
    course.code("curves = np.ones(3)  # a multi-seed training run", heavy=True)
    course.code("area = curves.mean()\nprint(area)")
    course.code("print(area * 2)")
    course.code("x = np.zeros(2)")
    course.code("curves = np.zeros(1)")  # defines it again without reading it: runs
    course.code("print(curves)")
    cells = [c for c in course.notebook("en").cells if c.cell_type == "code"][1:]  # no Colab
    assert cells[1].metadata["tags"] == [HEAVY_TAG]
    assert "tags" not in cells[0].metadata
    skipped = cells_to_skip([c.source for c in cells], [c.metadata.get("tags", []) for c in cells])
    assert skipped == {1, 2, 3}
