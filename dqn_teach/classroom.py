"""Generate the nbgrader course directory ``classroom/`` from the course notebooks.

Every course notebook with solution regions (the same ones that get a student version, see
:mod:`dqn_teach.exercises`) becomes one nbgrader assignment per language,
``classroom/source/<stem>_<lang>/<stem>.ipynb``, e.g. ``03_epsilon_greedy_ko``:

* a code cell with ``### BEGIN SOLUTION`` regions becomes an nbgrader *solution* cell;
  ``nbgrader generate_assignment`` replaces each region with a stub (``nbgrader_config.py``);
* a *check cell* (the first code cell after solutions that calls a ``check_xxx`` of
  :mod:`dqn_teach.checks`, or that tests with ``assert``) becomes an autograded, read-only *test*
  cell worth one point per solution region it checks. A ``check_xxx`` cell keeps its call, so the
  student sees the same bilingual report as feedback, and gets ``assert <result>.passed``.
  An ``assert`` cell computes the answer itself (notebook 00 sums the definition of G_t), so it
  becomes a hidden test: nbgrader removes it from the release and puts it back when grading.

Outputs are cleared. The build is deterministic, so ``check`` can tell whether ``classroom/source``
is stale (tests/test_classroom.py does).

    python -m dqn_teach.classroom build   # write classroom/source/
    python -m dqn_teach.classroom check   # exit 1 if classroom/source/ is stale
    python -m dqn_teach.classroom grade   # release and autograde every assignment in a copy:
                                          # the solutions must score full marks, a blank 0
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from dqn_teach.exercises import (
    LANGS,
    ExerciseError,
    differences,
    report_freshness,
    require_course_notebooks,
    strip_solutions,
)

NBGRADER_SCHEMA = 3
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
BANNER_CELL_ID = "classroom-banner"
FAILED = {
    "ko": "검사를 통과하지 못했습니다. 위 보고서의 ❌ 항목을 확인하세요.",
    "en": "The check did not pass: see the ❌ items in the report above.",
}
HIDDEN_NOTE = {
    "ko": ("# 채점용 숨은 검사입니다. 정답을 그대로 계산하는 검사라서 배포본에서는 지웠고,\n"
           "# 채점(nbgrader autograde)할 때 다시 들어가 실행됩니다."),
    "en": ("# A hidden test: it computes the answer itself, so it is removed from the release and\n"
           "# put back when the teacher grades (nbgrader autograde)."),
}
BANNER = {
    "ko": (
        "> 📝 **과제 노트북(nbgrader)입니다.** `raise NotImplementedError()` 줄을 지우고 그 자리에 "
        "코드를 작성하세요. 점수가 붙은 검사 셀은 잠겨 있으며, 채점할 때 그대로 다시 실행됩니다. "
        "제출하기 전에 커널을 재시작하고 모든 셀을 실행해 보세요.\n>\n"
        "> 교사용: 이 과제는 `notebooks/ko/{name}`에서 `python -m dqn_teach.classroom build`로 "
        "생성됩니다."
    ),
    "en": (
        "> 📝 **Assignment notebook (nbgrader).** Delete each `raise NotImplementedError()` line "
        "and write your code in its place. The check cells that carry points are locked and run "
        "again when your work is graded. Before you submit, restart the kernel and run all "
        "cells.\n>\n"
        "> For teachers: this assignment is generated from `notebooks/en/{name}` by "
        "`python -m dqn_teach.classroom build`."
    ),
}


@dataclass(frozen=True)
class Assignment:
    """A generated nbgrader source notebook: where it goes, its text and its points."""

    path: Path
    text: str
    points: int

    @property
    def name(self) -> str:
        return self.path.parent.name


# ============================================================================ check cells
def _check_calls(statements: list[ast.stmt]) -> list[tuple[ast.stmt, str | None]]:
    """Top-level statements that call ``check_xxx(...)``, each with the name it assigns to."""
    found = []
    for statement in statements:
        value = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
        if not isinstance(value, ast.Call):
            continue
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if not name.startswith("check_"):
            continue
        target = None
        if isinstance(statement, ast.Assign):
            if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
                continue
            target = statement.targets[0].id
        found.append((statement, target))
    return found


def _statements(source: str) -> list[ast.stmt]:
    try:
        return ast.parse(source).body
    except SyntaxError:
        return []  # magics or broken code: never a check cell


def is_check_cell(source: str) -> bool:
    """A code cell that checks the learner's code: it calls ``check_xxx`` or asserts (at any
    depth: 08 asserts inside a loop over cases)."""
    statements = _statements(source)
    asserts = any(isinstance(node, ast.Assert) for s in statements for node in ast.walk(s))
    return bool(_check_calls(statements)) or asserts


def graded_source(source: str, lang: str) -> str:
    """The source of the autograded test cell made from a check cell.

    ``check_xxx(...)`` calls keep their report and get ``assert <result>.passed`` after them
    (an expression statement is first bound to ``result``). A cell that only asserts becomes
    one hidden test.
    """
    statements = _statements(source)
    calls = _check_calls(statements)
    if not calls:
        return f"{HIDDEN_NOTE[lang]}\n{HIDDEN_BEGIN}\n{source}\n{HIDDEN_END}"
    lines = source.split("\n")
    for statement, target in reversed(calls):  # from the end, so line numbers stay valid
        indent = " " * statement.col_offset
        if target is None:
            target = "result"
            first = statement.lineno - 1
            lines[first] = lines[first][:statement.col_offset] + f"{target} = " + lines[
                first][statement.col_offset:]
            last = statement.end_lineno - 1
            lines[last] = lines[last].rstrip().removesuffix(";")
        lines.insert(statement.end_lineno, f"{indent}assert {target}.passed, {FAILED[lang]!r}")
    return "\n".join(lines)


# ============================================================================ notebooks
def _nbgrader(grade_id: str, *, solution: bool, grade: bool, points: int = 0) -> dict:
    metadata = {"grade": grade, "grade_id": grade_id, "locked": grade, "schema_version":
                NBGRADER_SCHEMA, "solution": solution, "task": False}
    if grade:
        metadata["points"] = points
    return metadata


def assignment_notebook(notebook: nbformat.NotebookNode, lang: str,
                        name: str) -> tuple[nbformat.NotebookNode, int] | None:
    """The nbgrader source version of one course notebook and its total points.

    ``None`` when the notebook has no solution region.

    Raises:
        ExerciseError: malformed solution markers (as for the student versions).
    """
    source = copy.deepcopy(notebook)
    source.metadata.pop("widgets", None)
    if "language_info" in source.metadata:
        source.metadata["language_info"] = {"name": source.metadata["language_info"].get(
            "name", "python")}
    ungraded_regions = 0
    total = 0
    solutions = checks = 0
    for index, cell in enumerate(source.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        _, regions = strip_solutions(cell.source, lang, f"{lang}/{name}, cell {index}")
        if regions:
            solutions += 1
            ungraded_regions += regions
            cell.metadata["nbgrader"] = _nbgrader(f"answer-{solutions}", solution=True,
                                                  grade=False)
        elif ungraded_regions and is_check_cell(cell.source):
            checks += 1
            cell.source = graded_source(cell.source, lang)
            cell.metadata["nbgrader"] = _nbgrader(f"check-{checks}", solution=False, grade=True,
                                                  points=ungraded_regions)
            total += ungraded_regions
            ungraded_regions = 0
    if solutions == 0:
        return None
    banner = nbformat.v4.new_markdown_cell(BANNER[lang].format(name=name))
    if source.nbformat_minor >= 5:
        banner["id"] = BANNER_CELL_ID
    else:
        del banner["id"]
    source.cells.insert(0, banner)
    return source, total


def generate(notebooks_dir: Path, classroom_dir: Path) -> list[Assignment]:
    """nbgrader source notebooks for every course notebook with solution regions.

    Args:
        notebooks_dir: holds ``ko/*.ipynb`` and ``en/*.ipynb`` (the course notebooks).
        classroom_dir: the nbgrader course directory; notebooks go to ``source/<stem>_<lang>/``.
    """
    assignments = []
    for lang in LANGS:
        for path in sorted((notebooks_dir / lang).glob("*.ipynb")):
            made = assignment_notebook(nbformat.read(path, as_version=4), lang, path.name)
            if made is not None:
                notebook, points = made
                target = classroom_dir / "source" / f"{path.stem}_{lang}" / path.name
                assignments.append(Assignment(target, nbformat.writes(notebook) + "\n", points))
    return assignments


def existing(classroom_dir: Path) -> set[Path]:
    """Assignment notebooks currently in ``classroom_dir/source``."""
    return set((classroom_dir / "source").glob("*/*.ipynb"))


def build(notebooks_dir: Path, classroom_dir: Path) -> list[Assignment]:
    """Write the assignments; delete ones whose course notebook has no exercise any more."""
    assignments = generate(notebooks_dir, classroom_dir)
    for stale in existing(classroom_dir) - {a.path for a in assignments}:
        stale.unlink()
        if not any(stale.parent.iterdir()):
            stale.parent.rmdir()
    for assignment in assignments:
        assignment.path.parent.mkdir(parents=True, exist_ok=True)
        assignment.path.write_text(assignment.text, encoding="utf-8")
    return assignments


def stale_files(notebooks_dir: Path, classroom_dir: Path) -> list[str]:
    """What ``build`` would change, one line per file (empty when everything is fresh)."""
    return differences(generate(notebooks_dir, classroom_dir), existing(classroom_dir))


# ============================================================================ nbgrader round trip
TEACHER, BLANK = "teacher", "blank"


def nbgrader(course: Path, *args: str, timeout: float = 1800) -> None:
    """Run ``nbgrader <args>`` in the course directory, as a teacher would.

    nbgrader runs ``alembic`` and the kernel from PATH, so this interpreter's bin folder goes
    first. Raises RuntimeError with nbgrader's output when it fails.
    """
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stdout[-3000:]}{done.stderr[-3000:]}")


def copy_course(classroom_dir: Path, workdir: Path) -> Path:
    """A fresh copy of the course directory (config and sources, no database) to grade in."""
    course = workdir / "course"
    course.mkdir(parents=True)
    shutil.copy2(classroom_dir / "nbgrader_config.py", course)
    shutil.copytree(classroom_dir / "source", course / "source")
    return course


def submit(course: Path, student: str, assignment: str, notebooks: Path) -> None:
    """Put the ``*.ipynb`` in ``notebooks`` where ``nbgrader collect`` would: submitted/."""
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    for path in notebooks.glob("*.ipynb"):
        shutil.copy2(path, target / path.name)


def scores(course: Path, assignment: str, student: str) -> dict[str, float]:
    """Points per graded cell (``grade_id``) of one autograded submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {grade.name: grade.score for notebook in submission.notebooks
                for grade in notebook.grades}


def max_points(assignment_dir: Path) -> float:
    """The points of all graded cells of the notebooks in one assignment folder."""
    return sum(cell.metadata["nbgrader"].get("points", 0)
               for path in assignment_dir.glob("*.ipynb")
               for cell in nbformat.read(path, as_version=4).cells
               if cell.metadata.get("nbgrader", {}).get("grade"))


def round_trip(course: Path, assignment: str) -> dict[str, dict[str, float]]:
    """Release ``assignment``, submit the teacher's solutions and the untouched release, autograde.

    Returns the points per graded cell for ``teacher`` and ``blank``.
    """
    nbgrader(course, "generate_assignment", assignment, "--force")
    submit(course, TEACHER, assignment, course / "source" / assignment)
    submit(course, BLANK, assignment, course / "release" / assignment)
    nbgrader(course, "autograde", assignment, "--force")
    return {student: scores(course, assignment, student) for student in (TEACHER, BLANK)}


def grade_all(classroom_dir: Path, names: list[str]) -> list[str]:
    """Round-trip every assignment (or ``names``) in a temporary copy; one line of problems per
    assignment whose solutions miss points or whose blank release scores any."""
    assignments = {path.parent.name: max_points(path.parent)
                   for path in sorted(existing(classroom_dir))}
    unknown = sorted(set(names) - set(assignments))
    if unknown:
        raise ValueError(f"no assignment named {', '.join(unknown)}; the assignments are the "
                         f"folders in {classroom_dir / 'source'}: {', '.join(sorted(assignments))}")
    problems = []
    with tempfile.TemporaryDirectory(prefix="dqn-teach-classroom-") as workdir:
        course = copy_course(classroom_dir, Path(workdir))
        for name in names or sorted(assignments):
            graded = round_trip(course, name)
            teacher, blank = sum(graded[TEACHER].values()), sum(graded[BLANK].values())
            maximum = assignments[name]
            print(f"{name}: solutions {teacher:g}/{maximum}, blank release {blank:g}/{maximum}",
                  flush=True)
            if teacher != maximum or blank != 0:
                problems.append(f"{name}: solutions {teacher:g}/{maximum}, blank {blank:g}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dqn_teach.classroom",
        description="Generate the nbgrader assignments (classroom/source) from the course.",
    )
    parser.add_argument("command", choices=("build", "check", "grade"),
                        help="build: write classroom/source; check: exit 1 if it is stale; "
                             "grade: release and autograde solutions and blanks in a copy")
    parser.add_argument("assignments", nargs="*",
                        help="grade only these assignments (default: all)")
    parser.add_argument("--source", type=Path, default=Path("notebooks"),
                        help="folder with ko/ and en/ course notebooks (default: notebooks)")
    parser.add_argument("--classroom", type=Path, default=Path("classroom"),
                        help="the nbgrader course directory (default: classroom)")
    args = parser.parse_args(argv)
    require_course_notebooks(parser, args.source)
    try:
        if args.command == "build":
            for assignment in build(args.source, args.classroom):
                print(f"wrote {assignment.path} ({assignment.points} points)")
            return 0
        if args.command == "grade":
            problems = grade_all(args.classroom, args.assignments)
            print("\n".join(problems) or "Every assignment: full marks for the solutions, "
                  "nothing for a blank release.")
            return 1 if problems else 0
        problems = stale_files(args.source, args.classroom)
    except ExerciseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return report_freshness(problems, args.classroom / "source", "nbgrader assignments",
                            "python -m dqn_teach.classroom build")


if __name__ == "__main__":
    sys.exit(main())
