"""dqn_teach.exercises: solution regions become stubs, student notebooks are fresh and run."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dqn_teach import exercises
from dqn_teach.exercises import (
    PLACEHOLDER,
    RAISES_TAG,
    ExerciseError,
    build,
    cells_that_raise,
    generate,
    stale_files,
    strip_solutions,
)

ROOT = Path(__file__).resolve().parents[1]

SOLVED_FUNCTION = '''\
def double(x):
    """Twice x."""
    # HINT: multiply by two.
    ### BEGIN SOLUTION
    y = 2 * x
    return y
    ### END SOLUTION


print("defined")'''


# ------------------------------------------------------------------ strip_solutions
def test_region_becomes_placeholder_and_stub_at_the_markers_indentation():
    student, regions = strip_solutions(SOLVED_FUNCTION, "en")
    assert regions == 1
    assert student == '''\
def double(x):
    """Twice x."""
    # YOUR CODE HERE (then delete the raise line below)
    raise NotImplementedError('delete this raise line and write your code in its place.')


print("defined")'''
    ast.parse(student)  # still valid Python


def test_hints_leave_the_code_and_become_collapsed_markdown_opened_on_purpose():
    source = ("class A:\n    def f(self, x):\n        # HINT: think of `x * 2`.\n"
              "        # HINT: `return 2 * x`\n        ### BEGIN SOLUTION\n        return 2 * x\n"
              "        ### END SOLUTION\n\n    def g(self):\n        # NO HINT\n"
              "        ### BEGIN SOLUTION\n        return 1\n        ### END SOLUTION")
    student, hints, regions = exercises.strip_cell(source, "ko")
    assert regions == 2
    assert "HINT" not in student and "x * 2" not in student
    assert hints == [exercises.Hint("f", ("think of `x * 2`.", "`return 2 * x`"))]
    markdown = exercises.hint_cell_source(hints[0], "ko")
    assert markdown.count("<details><summary>💡 힌트") == 2
    assert "<summary>💡 힌트 1: <code>f</code></summary>\n\nthink of `x * 2`.\n\n</details>" in (
        markdown)


def test_a_region_cannot_have_both_a_hint_and_no_hint():
    source = "# NO HINT\n# HINT: x\n### BEGIN SOLUTION\ny = 1\n### END SOLUTION"
    with pytest.raises(ExerciseError, match="both # NO HINT and # HINT:"):
        strip_solutions(source, "en")


def test_korean_placeholder_says_what_to_replace_per_language():
    source = "x = 1\n### BEGIN SOLUTION\ny = x + 1\n### END SOLUTION"
    ko, _ = strip_solutions(source, "ko")
    en, _ = strip_solutions(source, "en")
    assert "# 여기에 코드를 작성하세요 (다 쓰면 아래 raise 줄은 지우세요)" in ko
    assert "y = x + 1" not in ko
    assert f"raise NotImplementedError({exercises.STUB_MESSAGE['ko']!r})" in ko
    assert f"raise NotImplementedError({exercises.STUB_MESSAGE['en']!r})" in en


def test_several_regions_in_one_cell_and_code_between_them_kept():
    source = ("class A:\n    def f(self):\n        ### BEGIN SOLUTION\n        return 1\n"
              "        ### END SOLUTION\n\n    def g(self):\n        return 2\n\n"
              "    def h(self):\n        ### BEGIN SOLUTION\n        return 3\n"
              "        ### END SOLUTION")
    student, regions = strip_solutions(source, "en")
    assert regions == 2
    assert "return 2" in student and "return 1" not in student and "return 3" not in student
    assert student.count("        raise NotImplementedError(") == 2


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "line 1: ### BEGIN SOLUTION is never closed"),
        ("x = 1\n### END SOLUTION", "line 2: ### END SOLUTION without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "line 2: ### BEGIN SOLUTION"
         " inside the region opened on line 1"),
    ],
)
def test_malformed_markers_are_clear_errors(source, message):
    with pytest.raises(ExerciseError, match=message.replace("(", r"\(")):
        strip_solutions(source, "en", "en/01_x.ipynb, cell 3")


# ------------------------------------------------------------------ which cells raise
STUB = "raise NotImplementedError('todo')"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([f"x = 1\n{STUB}\ny = 2", "print(x)", "print(y)"], [True, False, True]),
        ([f"def f():\n    {STUB}", "check_f(f)", "f()"], [False, False, True]),
        ([f"def f():\n    {STUB}", "def g():\n    return f()", "g()"], [False, False, True]),
        ([f"def f():\n    {STUB}", "from pkg import f", "f()"], [False, False, False]),
        # conservative: a class with a stubbed method counts as stubbed
        ([f"class A:\n    def m(self):\n        {STUB}", "a = A()", "a.m()"],
         [False, True, True]),
        ([f"class A:\n    def __init__(self):\n        {STUB}", "a = A()", "print(a)"],
         [False, True, True]),
        ([f"class E:\n    {STUB}", "check_e(E)", "def g() -> E:\n    return 1"],
         [True, True, True]),  # the class itself never got defined
        (["%matplotlib inline\nx = 1", "print(x)"], [False, False]),
    ],
)
def test_cells_that_raise(cells, expected):
    assert cells_that_raise(cells) == expected


# ------------------------------------------------------------------ notebooks on disk
def course_notebook(lang: str, solved: bool = True) -> nbformat.NotebookNode:
    hint = "multiply by two." if lang == "en" else "2를 곱하세요."
    region = (f"    # HINT: {hint}\n    ### BEGIN SOLUTION\n    return 2 * x\n"
              "    ### END SOLUTION") if solved else "    return 2 * x"
    cells = [
        new_markdown_cell("# 01. Doubling"),
        new_code_cell("import math", outputs=[], execution_count=1),
        new_code_cell(f"def double(x):\n{region}", execution_count=2),
        new_code_cell("print(double(3))", execution_count=3,
                      outputs=[new_output("stream", name="stdout", text="6\n")]),
        new_code_cell("def check_double(f):\n    try:\n        f(1)\n        print('ok')\n"
                      "    except NotImplementedError:\n        print('not yet')\n\n\n"
                      "check_double(double)", execution_count=4),
        new_code_cell("def double(x):\n    return x + x\n\n\nprint(double(4))",
                      execution_count=5),
    ]
    if solved:  # a dqn_teach check on a learner's function
        cells.append(new_code_cell(
            "from dqn_teach.checks import check_td_target\n\n\n"
            "def td_target(reward, next_q_values, terminated, gamma):\n"
            "    ### BEGIN SOLUTION\n"
            "    from dqn_teach.reference import td_target as solution\n"
            "    return solution(reward, next_q_values, terminated, gamma)\n"
            "    ### END SOLUTION\n\n\n"
            f"result = check_td_target(td_target, lang={lang!r})", execution_count=6))
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                       "name": "python3"}
    # what executing the teacher's notebook leaves behind
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"01-{index:03d}"
    return notebook


@pytest.fixture
def course(tmp_path: Path) -> Path:
    source = tmp_path / "notebooks"
    for lang in ("ko", "en"):
        (source / lang).mkdir(parents=True)
        nbformat.write(course_notebook(lang), source / lang / "01_double.ipynb")
        nbformat.write(course_notebook(lang, solved=False), source / lang / "00_intro.ipynb")
    return source


def test_student_notebooks_only_for_notebooks_with_solutions(course, tmp_path):
    written = build(course, tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "en/01_double.ipynb", "ko/01_double.ipynb"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_student_notebook_content(course, tmp_path, lang):
    build(course, tmp_path / "out")
    student = nbformat.read(tmp_path / "out" / lang / "01_double.ipynb", as_version=4)
    nbformat.validate(student)
    banner = student.cells[0]
    assert banner.cell_type == "markdown" and f"notebooks/{lang}/01_double.ipynb" in banner.source
    assert PLACEHOLDER[lang] in student.cells[3].source
    assert "return 2 * x" not in student.cells[3].source
    hint = "2를 곱하세요." if lang == "ko" else "multiply by two."
    assert hint not in student.cells[3].source  # the hint is opened on purpose, below the cell
    hint_cell = student.cells[4]
    assert hint_cell.cell_type == "markdown" and hint_cell.id == "01-002-hint"
    assert hint_cell.source == (f"<details><summary>{exercises.HINT_SUMMARY[lang]}: "
                                f"<code>double</code></summary>\n\n{hint}\n\n</details>")
    code = [cell for cell in student.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert "widgets" not in student.metadata
    assert student.metadata["language_info"] == {"name": "python"}
    assert student.metadata["kernelspec"]["name"] == "python3"
    tagged = [RAISES_TAG in cell.metadata.get("tags", []) for cell in code]
    # import, def (stub inside), call of the stub, check (reports), redefinition, dqn_teach check
    assert tagged == [False, False, True, False, False, False]


def test_student_notebook_runs_and_exactly_the_tagged_cells_raise(course, tmp_path):
    from nbclient import NotebookClient

    build(course, tmp_path / "out")
    student = nbformat.read(tmp_path / "out" / "en" / "01_double.ipynb", as_version=4)
    NotebookClient(student, timeout=120, kernel_name="python3", allow_errors=True).execute()
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        raised = any(output.output_type == "error" for output in cell.outputs)
        assert raised == (RAISES_TAG in cell.metadata.get("tags", [])), cell.source
    printed = [output.get("text", "") for cell in student.cells
               for output in cell.get("outputs", [])]
    assert "not yet\n" in printed and "8\n" in printed
    report = printed[-1]  # the dqn_teach check on the unfinished td_target
    assert "TD target check: 0 of 3 passed" in report
    assert "not written yet" in report and "Cell In[" in report  # names the notebook cell


def test_check_reports_stale_missing_and_extra_files(course, tmp_path):
    out = tmp_path / "out"
    assert exercises.main(["check", "--source", str(course), "--output", str(out)]) == 1
    assert exercises.main(["build", "--source", str(course), "--output", str(out)]) == 0
    assert exercises.main(["check", "--source", str(course), "--output", str(out)]) == 0

    notebook = nbformat.read(course / "en" / "01_double.ipynb", as_version=4)
    notebook.cells[2].source = notebook.cells[2].source.replace("two", "2")
    nbformat.write(notebook, course / "en" / "01_double.ipynb")
    (out / "ko" / "99_old.ipynb").write_text("{}")
    problems = stale_files(course, out)
    assert problems == [
        f"extra (no exercise in the course notebook): {out / 'ko' / '99_old.ipynb'}",
        f"out of date: {out / 'en' / '01_double.ipynb'}",
    ]
    build(course, out)
    assert stale_files(course, out) == []
    assert not (out / "ko" / "99_old.ipynb").exists()


def test_generation_is_deterministic(course, tmp_path):
    first = [(n.path, n.text) for n in generate(course, tmp_path / "out")]
    assert first == [(n.path, n.text) for n in generate(course, tmp_path / "out")]


def test_markers_in_markdown_are_an_error(course):
    notebook = nbformat.read(course / "en" / "01_double.ipynb", as_version=4)
    notebook.cells[0].source += "\n### BEGIN SOLUTION"
    nbformat.write(notebook, course / "en" / "01_double.ipynb")
    with pytest.raises(ExerciseError, match="cell 0: solution markers belong in code cells"):
        generate(course, course / "exercises")


def test_missing_source_folder_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        exercises.main(["build", "--source", str(tmp_path / "nope")])
    assert "has no ko/ or en/ folder" in capsys.readouterr().err


# ------------------------------------------------------------------ the real course
def course_notebooks_with_solutions() -> list[Path]:
    return [path for lang in ("ko", "en")
            for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))
            if exercises.BEGIN in path.read_text(encoding="utf-8")]


def test_committed_student_notebooks_are_fresh():
    if not course_notebooks_with_solutions():
        pytest.skip("no course notebook has a solution region yet")
    problems = stale_files(ROOT / "notebooks", ROOT / "notebooks" / "exercises")
    assert problems == [], "\n".join(problems) + "\nrun: python -m dqn_teach.exercises build"


def test_course_student_notebooks_are_valid_and_both_languages_match():
    notebooks = generate(ROOT / "notebooks", ROOT / "notebooks" / "exercises")
    if not notebooks:
        pytest.skip("no course notebook has a solution region yet")
    names = {lang: {n.path.name for n in notebooks if n.path.parent.name == lang}
             for lang in ("ko", "en")}
    assert names["ko"] == names["en"]
    for notebook in notebooks:
        student = nbformat.reads(notebook.text, as_version=4)
        nbformat.validate(student)
        sources = "\n".join(cell.source for cell in student.cells if cell.cell_type == "code")
        assert exercises.BEGIN not in sources and exercises.END not in sources
        lang = notebook.path.parent.name
        assert PLACEHOLDER[lang] in sources
        for cell in student.cells:
            if cell.cell_type == "code":
                ast.parse(exercises._python_source(cell.source))
