"""The nbgrader course directory: generated, fresh, and graded right by nbgrader itself.

The round trip runs the real ``nbgrader generate_assignment`` and ``nbgrader autograde`` in a copy
of classroom/: the teacher's solutions get full marks, an untouched release gets nothing, and a
learner's typical mistake (a mutant from tests/mutants) loses exactly the points of its check,
with the check's own report as feedback. ``python -m dqn_teach.classroom grade`` does the same
for every assignment.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dqn_teach import classroom
from dqn_teach.classroom import (
    FAILED,
    HIDDEN_BEGIN,
    HIDDEN_END,
    assignment_notebook,
    build,
    generate,
    graded_source,
    is_check_cell,
    stale_files,
)
from dqn_teach.exercises import BEGIN, END
from tests.mutants import all_mutants
from tests.mutants.policy import GreedyProbabilityOneMinusEpsilon

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = ROOT / "classroom"


# ------------------------------------------------------------------ check cells become tests
def test_check_call_keeps_its_report_and_asserts_that_it_passed():
    source = 'from dqn_teach.checks import check_td_target\n\ncheck_td_target(td_target, lang="ko")'
    assert graded_source(source, "ko") == (
        "from dqn_teach.checks import check_td_target\n\n"
        'result = check_td_target(td_target, lang="ko")\n'
        f"assert result.passed, {FAILED['ko']!r}")


def test_assigned_check_and_trailing_semicolon():
    assigned = 'result = check_experience(Experience, to_experience, lang="en")'
    assert graded_source(assigned, "en").endswith(
        f"{assigned}\nassert result.passed, {FAILED['en']!r}")
    silenced = 'check_double_dqn_target(double_dqn_target,\n                        lang="en");'
    assert graded_source(silenced, "en") == (
        'result = check_double_dqn_target(double_dqn_target,\n                        '
        f'lang="en")\nassert result.passed, {FAILED["en"]!r}')


def test_a_cell_that_computes_the_answer_becomes_a_hidden_test():
    source = "expected = [sum(r) for r in rows]\nassert answer(rows) == expected"
    graded = graded_source(source, "en")
    assert graded.endswith(f"{HIDDEN_BEGIN}\n{source}\n{HIDDEN_END}")
    assert graded.startswith("# A hidden test")


@pytest.mark.parametrize(("source", "expected"), [
    ("check_x(f)", True), ("r = check_x(f, lang='ko')", True), ("assert f(1) == 2", True),
    ("print(f(1))", False), ("%timeit f(1)", False), ("def check_x(f):\n    pass", False),
])
def test_is_check_cell(source, expected):
    assert is_check_cell(source) == expected


# ------------------------------------------------------------------ notebooks
def course_notebook(lang: str) -> nbformat.NotebookNode:
    solution = f"def f(x):\n    # HINT: add one\n    {BEGIN}\n    return x + 1\n    {END}"
    cells = [
        new_markdown_cell("# 09. Tiny"),
        new_code_cell(solution, execution_count=1),
        new_code_cell("print(f(1))", execution_count=2),
        new_code_cell(f"def g(x):\n    {BEGIN}\n    return 2 * x\n    {END}\n\n\n"
                      f"def h(x):\n    {BEGIN}\n    return 3 * x\n    {END}"),
        new_code_cell(f"from dqn_teach.checks import check_g\n\ncheck_g(g, lang={lang!r})"),
        new_code_cell("assert f(1) == 2"),
        new_code_cell("assert g(1) == 2"),  # no solution since the last check: not graded
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["widgets"] = {"state": {}}
    return notebook


def test_solution_cells_tests_and_points():
    made = assignment_notebook(course_notebook("en"), "en", "09_tiny.ipynb")
    assert made is not None
    notebook, points = made
    nbformat.validate(notebook)
    assert notebook.cells[0].id == classroom.BANNER_CELL_ID
    assert "notebooks/en/09_tiny.ipynb" in notebook.cells[0].source
    assert "widgets" not in notebook.metadata
    meta = [cell.metadata.get("nbgrader") for cell in notebook.cells[1:]]
    assert [m and (m["grade_id"], m["solution"], m["grade"], m.get("points")) for m in meta] == [
        None,
        ("answer-1", True, False, None),
        None,
        ("answer-2", True, False, None),
        ("check-1", False, True, 3),  # f, g and h: three solution regions
        None,  # asserts, but nothing new to check since check-1
        None,
    ]
    assert points == 3
    assert all(m["locked"] == m["grade"] for m in meta if m)
    assert BEGIN in notebook.cells[2].source  # nbgrader strips the solutions, not we
    assert all(c.outputs == [] and c.execution_count is None
               for c in notebook.cells if c.cell_type == "code")


def test_notebook_without_solutions_is_no_assignment():
    assert assignment_notebook(new_notebook(cells=[new_code_cell("x = 1")]), "en", "a") is None


def test_build_check_and_stale_assignments(tmp_path):
    notebooks = tmp_path / "notebooks"
    for lang in ("ko", "en"):
        (notebooks / lang).mkdir(parents=True)
        nbformat.write(course_notebook(lang), notebooks / lang / "09_tiny.ipynb")
    course = tmp_path / "classroom"
    args = ["--source", str(notebooks), "--classroom", str(course)]
    assert classroom.main(["check", *args]) == 1
    assert [a.name for a in build(notebooks, course)] == ["09_tiny_ko", "09_tiny_en"]
    assert classroom.main(["check", *args]) == 0
    (course / "source" / "08_old_en").mkdir()
    (course / "source" / "08_old_en" / "08_old.ipynb").write_text("{}")
    assert stale_files(notebooks, course) == [
        f"extra (no exercise in the course notebook): "
        f"{course / 'source' / '08_old_en' / '08_old.ipynb'}"]
    build(notebooks, course)
    assert not (course / "source" / "08_old_en").exists()
    first = [(a.path, a.text) for a in generate(notebooks, course)]
    assert first == [(a.path, a.text) for a in generate(notebooks, course)]


# ------------------------------------------------------------------ the real course
def test_committed_assignments_are_fresh():
    problems = stale_files(ROOT / "notebooks", CLASSROOM)
    assert problems == [], "\n".join(problems) + "\nrun: python -m dqn_teach.classroom build"


def test_every_exercise_is_an_assignment_in_both_languages_with_points():
    student_versions = {(p.parent.name, p.stem) for p in
                        (ROOT / "notebooks" / "exercises").glob("*/*.ipynb")}
    assignments = generate(ROOT / "notebooks", CLASSROOM)
    assert {(a.path.parent.name[-2:], a.path.stem) for a in assignments} == student_versions
    for assignment in assignments:
        notebook = nbformat.reads(assignment.text, as_version=4)
        graded = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded and assignment.points == sum(
            c.metadata.nbgrader.points for c in graded), assignment.name
        for cell in graded:
            ast.parse(cell.source)
            assert "dqn_teach.checks" in cell.source or HIDDEN_BEGIN in cell.source


# ------------------------------------------------------------------ nbgrader round trip
# A learner's ε-greedy policy that gives the greedy action 1 - ε (tests/mutants/policy.py).
MUTANT_CLASS = GreedyProbabilityOneMinusEpsilon
MUTANT = next(m for m in all_mutants() if m.args[-1] is MUTANT_CLASS)
MUTANT_CELL = f"""\
import sys

sys.path.insert(0, {str(ROOT)!r})
from {MUTANT_CLASS.__module__} import {MUTANT_CLASS.__name__} as EpsilonGreedyPolicy
"""


def notebook_in(folder: Path) -> Path:
    (path,) = folder.glob("*.ipynb")
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A copy of classroom/ where 03 (ko) and 00 (en) went through nbgrader's round trip, and
    03 also got a submission whose ε-greedy policy has a learner's mistake."""
    course = classroom.copy_course(CLASSROOM, tmp_path_factory.mktemp("classroom"))
    for assignment in ("03_epsilon_greedy_ko", "00_setup_and_problem_en"):
        classroom.nbgrader(course, "generate_assignment", assignment)
    # the mutant: the released notebook with every answer filled in, the policy one wrong
    released = notebook_in(course / "release" / "03_epsilon_greedy_ko")
    solved = nbformat.read(notebook_in(course / "source" / "03_epsilon_greedy_ko"), 4)
    mutant = nbformat.read(released, 4)
    for cell, solution in zip(mutant.cells, solved.cells, strict=True):
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = solution.source
            if "class EpsilonGreedyPolicy" in cell.source:
                cell.source = MUTANT_CELL
    folder = course / "mutant"
    folder.mkdir()
    nbformat.write(mutant, folder / released.name)
    classroom.submit(course, "mutant", "03_epsilon_greedy_ko", folder)
    for assignment in ("03_epsilon_greedy_ko", "00_setup_and_problem_en"):
        classroom.submit(course, classroom.TEACHER, assignment, course / "source" / assignment)
        classroom.submit(course, classroom.BLANK, assignment, course / "release" / assignment)
        classroom.nbgrader(course, "autograde", assignment)
    return course


def solution_lines(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.split("\n"):
        if line.strip() in (BEGIN, END):
            inside = line.strip() == BEGIN
        elif inside and line.strip() and not line.strip().startswith("#"):
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("assignment", ["03_epsilon_greedy_ko", "00_setup_and_problem_en"])
def test_release_has_no_solutions_and_no_hidden_tests(graded, assignment):
    source = nbformat.read(notebook_in(graded / "source" / assignment), 4)
    release = nbformat.read(notebook_in(graded / "release" / assignment), 4)
    for solved, released in zip(source.cells, release.cells, strict=True):
        if solved.metadata.get("nbgrader", {}).get("solution"):
            assert solution_lines(solved.source)
            assert not set(solution_lines(solved.source)) & {
                line.strip() for line in released.source.split("\n")}
            assert "raise NotImplementedError()" in released.source
        assert HIDDEN_BEGIN not in released.source
    hidden = [line.strip() for cell in source.cells for line in hidden_lines(cell.source)]
    released_lines = {line.strip() for cell in release.cells for line in cell.source.split("\n")}
    assert not set(hidden) & released_lines
    # 00's check computes the answer itself (a plain assert cell), so it must be hidden
    assert bool(hidden) == assignment.startswith("00_"), hidden


def hidden_lines(source: str) -> list[str]:
    if HIDDEN_BEGIN not in source:
        return []
    inside = source.split(HIDDEN_BEGIN, 1)[1].split(HIDDEN_END, 1)[0]
    return [line for line in inside.split("\n")
            if line.strip() and not line.strip().startswith(("#", ")"))]


@pytest.mark.parametrize("assignment", ["03_epsilon_greedy_ko", "00_setup_and_problem_en"])
def test_solutions_score_full_marks_and_a_blank_release_nothing(graded, assignment):
    maximum = classroom.max_points(graded / "source" / assignment)
    assert maximum > 0
    assert sum(classroom.scores(graded, assignment, classroom.TEACHER).values()) == maximum
    assert sum(classroom.scores(graded, assignment, classroom.BLANK).values()) == 0


def test_a_wrong_policy_loses_exactly_the_points_of_its_check(graded):
    assignment = "03_epsilon_greedy_ko"
    teacher = classroom.scores(graded, assignment, classroom.TEACHER)
    mutant = classroom.scores(graded, assignment, "mutant")
    assert teacher == {"check-1": 2, "check-2": 1}  # ε-greedy (2 methods), linear schedule
    assert mutant == {"check-1": 0, "check-2": 1}


def test_feedback_is_the_checks_bilingual_report(graded):
    classroom.nbgrader(graded, "generate_feedback", "03_epsilon_greedy_ko")
    (html,) = (graded / "feedback" / "mutant" / "03_epsilon_greedy_ko").glob("*.html")
    text = html.read_text(encoding="utf-8")
    assert MUTANT.check == "check_epsilon_greedy"
    assert MUTANT.keywords["ko"] in text  # the check's Korean explanation of this mistake
    assert FAILED["ko"] in text
