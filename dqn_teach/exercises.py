"""Generate the student versions of the course notebooks (the exercises).

In the course notebooks (``notebooks/{ko,en}/*.ipynb``) the code a learner writes sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION``. The student version replaces each such region with
two lines at the marker's indentation: ``# YOUR CODE HERE (...)`` (``# 여기에 코드를 작성하세요
(...)`` in Korean), which says to replace the next line, and ``raise NotImplementedError(...)``.

Hints are opened on purpose: the ``# HINT: ...`` comment lines directly above ``### BEGIN
SOLUTION`` (one or more; markdown, code in backticks) leave the code cell and become a collapsed
``<details><summary>💡 힌트 / Hint</summary>`` markdown cell right after it, one per hint, so
the learner tries first and opens a hint when stuck. ``# NO HINT`` directly above ``### BEGIN
SOLUTION`` marks a blank that deliberately has no hint, so a reader of the source knows it is
not forgotten; a region with neither gets no hint cell either.

Student notebooks have no outputs, start with a short banner, and are written to
``notebooks/exercises/{ko,en}/`` under the same names, only for notebooks with solution regions.
Cells that raise when the unfinished notebook runs (a stub at the top level of a cell, or a use of
something whose code is still a stub) get the ``raises-exception`` tag, so "Run All" in JupyterLab
goes on past them and ``pytest --nbval-lax --nbval-current-env notebooks/exercises`` passes.

    python -m dqn_teach.exercises build   # write notebooks/exercises/
    python -m dqn_teach.exercises check   # exit 1 if notebooks/exercises/ is stale
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import nbformat
except ImportError as error:  # not a dependency of the package itself, only of the course
    raise ImportError(
        "python -m dqn_teach.exercises needs nbformat: pip install nbformat (it comes with "
        "jupyterlab, so `pip install -r requirements.txt` installs it)."
    ) from error

LANGS = ("ko", "en")
BEGIN, END, HINT, NO_HINT = "### BEGIN SOLUTION", "### END SOLUTION", "# HINT:", "# NO HINT"
RAISES_TAG = "raises-exception"
BANNER_CELL_ID = "exercise-banner"
PLACEHOLDER = {"ko": "# 여기에 코드를 작성하세요", "en": "# YOUR CODE HERE"}
REPLACE_NOTE = {"ko": " (다 쓰면 아래 raise 줄은 지우세요)",
                "en": " (then delete the raise line below)"}
STUB_MESSAGE = {
    "ko": "이 raise 줄을 지우고 그 자리에 코드를 작성하세요.",
    "en": "delete this raise line and write your code in its place.",
}
HINT_SUMMARY = {"ko": "💡 힌트", "en": "💡 Hint"}
BANNER = {
    "ko": (
        "> 📝 **연습용 노트북입니다.** 코드 셀의 `# 여기에 코드를 작성하세요` 아래에 있는 "
        "`raise NotImplementedError(...)` 줄을 **지우고 그 자리에** 코드를 작성한 뒤, 바로 아래의 "
        "검사 셀을 실행해 확인하세요. 막히면 코드 셀 아래의 **💡 힌트**를 눌러 여세요. 검사가 "
        "통과하면 다음 단계로 넘어갑니다. 검사 셀 다음부터는 패키지의 구현을 가져다 쓰므로, "
        "한 곳에서 막혀도 노트북의 나머지는 그대로 실행됩니다.\n>\n"
        "> 교수자용: 이 파일은 `notebooks/ko/{name}`에서 `python -m dqn_teach.exercises build`로 "
        "생성됩니다."
    ),
    "en": (
        "> 📝 **Exercise notebook.** In each code cell, **delete** the "
        "`raise NotImplementedError(...)` line under `# YOUR CODE HERE` and write your code in "
        "its place, then run the check cell right below it. Stuck? Click **💡 Hint** under the "
        "code cell to open it. When the check passes, move on. After each check the notebook "
        "imports the package's version, so being stuck in one place never breaks the rest of "
        "the notebook.\n>\n> For teachers: this file is generated from `notebooks/en/{name}` by "
        "`python -m dqn_teach.exercises build`."
    ),
}


class ExerciseError(ValueError):
    """A course notebook's solution markers are malformed; the message says where and how."""


# ============================================================================ solution regions
@dataclass(frozen=True)
class Hint:
    """The hints of one solution region: ``where`` names it (the enclosing ``def``), ``texts``
    are the ``# HINT:`` lines in order (markdown)."""

    where: str
    texts: tuple[str, ...]


def strip_solutions(source: str, lang: str, where: str = "cell") -> tuple[str, int]:
    """Replace every solution region of one code cell's source (see :func:`strip_cell`)."""
    student, _, regions = strip_cell(source, lang, where)
    return student, regions


def strip_cell(source: str, lang: str, where: str = "cell") -> tuple[str, list[Hint], int]:
    """Replace every solution region of one code cell's source.

    Args:
        source: the cell's code.
        lang: ``"ko"`` or ``"en"`` (placeholder and stub message).
        where: names the cell in error messages.

    Returns:
        The student source (``# HINT:`` and ``# NO HINT`` lines removed), the hints of its
        regions that have any, and the number of regions replaced.

    Raises:
        ExerciseError: for an END without BEGIN, a BEGIN without END, nested BEGINs, or a
            region with both ``# HINT:`` and ``# NO HINT``.
    """
    lines = source.split("\n")
    out: list[str] = []
    hints: list[Hint] = []
    regions = 0
    inside_since: int | None = None
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside_since is not None:
                raise ExerciseError(
                    f"{where}, line {number}: {BEGIN} inside the region opened on line "
                    f"{inside_since}; close it with {END} first."
                )
            inside_since = number
            indent = line[: len(line) - len(line.lstrip())]
            texts = _markers_above(out, where, number)
            if texts:
                hints.append(Hint(_enclosing_name(lines, number - 1), texts))
            out += [f"{indent}{PLACEHOLDER[lang]}{REPLACE_NOTE[lang]}",
                    f"{indent}raise NotImplementedError({STUB_MESSAGE[lang]!r})"]
            regions += 1
        elif marker == END:
            if inside_since is None:
                raise ExerciseError(f"{where}, line {number}: {END} without a {BEGIN} above it.")
            inside_since = None
        elif inside_since is None:
            out.append(line)
    if inside_since is not None:
        raise ExerciseError(
            f"{where}, line {inside_since}: {BEGIN} is never closed; add {END} after the "
            "solution, at the same indentation."
        )
    return "\n".join(out), hints, regions


def _markers_above(out: list[str], where: str, begin_line: int) -> tuple[str, ...]:
    """Pop the ``# HINT:`` / ``# NO HINT`` lines directly above a BEGIN off ``out``; return the
    hint texts in order (empty for ``# NO HINT`` or no marker)."""
    texts: list[str] = []
    no_hint = False
    while out and (out[-1].strip().startswith(HINT) or out[-1].strip() == NO_HINT):
        marker = out.pop().strip()
        if marker == NO_HINT:
            no_hint = True
        elif marker[len(HINT):].strip():
            texts.insert(0, marker[len(HINT):].strip())
    if no_hint and texts:
        raise ExerciseError(f"{where}, line {begin_line}: the region has both {NO_HINT} and "
                            f"{HINT} lines above it; keep one.")
    return tuple(texts)


def _enclosing_name(lines: list[str], index: int) -> str:
    """The name of the nearest ``def`` (or ``class``) above ``lines[index]`` that encloses it."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    for line in reversed(lines[:index]):
        stripped = line.lstrip()
        if len(line) - len(stripped) < indent and stripped.startswith(("def ", "class ")):
            return stripped.split()[1].split("(")[0].rstrip(":")
    return ""


def hint_cell_source(hint: Hint, lang: str) -> str:
    """The markdown of a hint cell: one collapsed ``<details>`` per hint, opened on purpose."""
    blocks = []
    for number, text in enumerate(hint.texts, start=1):
        label = HINT_SUMMARY[lang] + (f" {number}" if len(hint.texts) > 1 else "")
        if hint.where:
            label += f": <code>{hint.where}</code>"
        blocks.append(f"<details><summary>{label}</summary>\n\n{text}\n\n</details>")
    return "\n\n".join(blocks)


# ============================================================================ raises analysis
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _python_source(source: str) -> str:
    """Cell source as plain Python (IPython magics turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _is_stub(node: ast.AST) -> bool:
    """``raise NotImplementedError(...)``, the statement a solution region became."""
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _is_check_call(node: ast.AST) -> bool:
    """A call to a ``check_xxx`` function: it reports a learner's stub instead of raising."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name.startswith("check_")


def _walk(nodes: Iterable[ast.AST], into_definitions: bool,
          skip_check_args: bool = True) -> Iterator[ast.AST]:
    """Every node under ``nodes``; bodies of functions only when ``into_definitions``.

    With ``skip_check_args``, the arguments of ``check_xxx(...)`` calls are skipped: passing a
    stub to a check is safe. Class bodies run at definition time, so they are always walked.
    """
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        if skip_check_args and _is_check_call(node):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not into_definitions:
            stack += _evaluated_at_definition(node)
            continue
        stack += [child for child in ast.iter_child_nodes(node) if child is not None]


def _evaluated_at_definition(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """What ``def`` itself evaluates: decorators, defaults and annotations (not the body)."""
    arguments = function.args
    parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                  arguments.vararg, arguments.kwarg]
    annotations = [p.annotation for p in parameters if p is not None] + [function.returns]
    nodes = [*function.decorator_list, *arguments.defaults, *arguments.kw_defaults, *annotations]
    return [node for node in nodes if node is not None]


def _loads(nodes: Iterable[ast.AST], into_definitions: bool,
           skip_check_args: bool = True) -> set[str]:
    return {
        node.id
        for node in _walk(nodes, into_definitions, skip_check_args)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _bound_names(statement: ast.stmt) -> set[str]:
    """Names a top-level statement binds (assignments, imports, for targets, def, class, ...)."""
    if isinstance(statement, _DEFINITIONS):
        return {statement.name}
    names: set[str] = set()
    for node in _walk([statement], into_definitions=False):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return names


def _reaches_stub(nodes: list[ast.AST], stubbed: set[str], undefined: set[str],
                  into_definitions: bool) -> bool:
    """Whether running (or, with ``into_definitions``, calling) ``nodes`` can raise: it hits a
    stub, calls something ``stubbed``, or uses a name left ``undefined`` (even in a check call)."""
    return (
        any(_is_stub(n) for n in _walk(nodes, into_definitions))
        or bool(_loads(nodes, into_definitions) & stubbed)
        or bool(_loads(nodes, into_definitions, skip_check_args=False) & undefined)
    )


def cells_that_raise(sources: list[str]) -> list[bool]:
    """For the code cells of a student notebook, in order: does running the cell raise?

    A static, conservative answer. A cell raises when its top-level code reaches a stub, calls a
    *stubbed* name (a function or class whose body reaches a stub), or uses an *undefined* name
    (one that a cell which raised never got to define). Passing a stubbed function or class to
    ``check_xxx(...)`` does not raise: checks report, never raise. Re-binding a name, e.g.
    ``from dqn_teach.replay_buffer import ReplayBuffer`` after the check, clears it.

    When unsure it says "raises" (a class with any stubbed method counts as stubbed): an extra
    ``raises-exception`` tag is harmless, a missing one stops "Run All" and fails nbval.
    """
    stubbed: set[str] = set()
    undefined: set[str] = set()
    result = []
    for source in sources:
        try:
            statements = ast.parse(_python_source(source)).body
        except SyntaxError:
            result.append(False)  # nbval reports it; a tag would hide a real error
            continue
        raises = False
        for statement in statements:
            names = _bound_names(statement)
            if not raises:  # a class body runs when it is defined; a function body does not
                raises = _reaches_stub([statement], stubbed, undefined, into_definitions=False)
            stubbed -= names
            undefined -= names
            if raises:
                undefined |= names
            elif isinstance(statement, _DEFINITIONS) and _reaches_stub(
                [statement], stubbed, undefined, into_definitions=True
            ):
                stubbed |= names
        result.append(raises)
    return result


# ============================================================================ notebooks
@dataclass(frozen=True)
class StudentNotebook:
    """A generated student notebook: where it goes and its text."""

    path: Path
    text: str


def student_notebook(notebook: nbformat.NotebookNode, lang: str,
                     name: str) -> nbformat.NotebookNode | None:
    """The student version of one course notebook, or ``None`` if it has no solution region."""
    student = copy.deepcopy(notebook)
    # Saved widget state and the executing kernel's details belong to the teacher's run.
    student.metadata.pop("widgets", None)
    if "language_info" in student.metadata:
        student.metadata["language_info"] = {"name": student.metadata["language_info"].get(
            "name", "python")}
    regions = 0
    code_cells = []
    cells = []
    for index, cell in enumerate(student.cells):
        cells.append(cell)
        if cell.cell_type != "code":
            if {BEGIN, END} & {line.strip() for line in cell.source.split("\n")}:
                raise ExerciseError(
                    f"{lang}/{name}, cell {index}: solution markers belong in code cells, not in "
                    f"{cell.cell_type} cells."
                )
            continue
        cell.source, hints, found = strip_cell(cell.source, lang, f"{lang}/{name}, cell {index}")
        regions += found
        cell.outputs = []
        cell.execution_count = None
        code_cells.append(cell)
        if hints:
            hint_cell = nbformat.v4.new_markdown_cell(
                "\n\n".join(hint_cell_source(hint, lang) for hint in hints))
            _set_id(hint_cell, f"{str(cell.get('id', index))[:59]}-hint", student.nbformat_minor)
            cells.append(hint_cell)
    if regions == 0:
        return None
    student.cells = cells
    for cell, raises in zip(code_cells, cells_that_raise([c.source for c in code_cells]),
                            strict=True):
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != RAISES_TAG]
        if raises:
            tags.append(RAISES_TAG)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        cell.metadata.pop("execution", None)  # timings of the run that made the outputs
    banner = nbformat.v4.new_markdown_cell(BANNER[lang].format(name=name))
    _set_id(banner, BANNER_CELL_ID, student.nbformat_minor)
    student.cells.insert(0, banner)
    return student


def _set_id(cell: nbformat.NotebookNode, cell_id: str, nbformat_minor: int) -> None:
    """A fixed id, so regenerating gives the same file (cell ids exist from nbformat 4.5 on)."""
    if nbformat_minor >= 5:
        cell["id"] = cell_id
    else:
        cell.pop("id", None)


def generate(source_dir: Path, output_dir: Path) -> list[StudentNotebook]:
    """Student notebooks for every course notebook with solution regions.

    Args:
        source_dir: holds ``ko/*.ipynb`` and ``en/*.ipynb`` (the course notebooks).
        output_dir: where the student notebooks go (``output_dir/{ko,en}/<same name>``).
    """
    generated = []
    for lang in LANGS:
        for path in sorted((source_dir / lang).glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            student = student_notebook(notebook, lang, path.name)
            if student is not None:
                generated.append(StudentNotebook(output_dir / lang / path.name,
                                                 nbformat.writes(student) + "\n"))
    return generated


def existing(output_dir: Path) -> set[Path]:
    """Student notebooks currently on disk."""
    return {path for lang in LANGS for path in (output_dir / lang).glob("*.ipynb")}


def build(source_dir: Path, output_dir: Path) -> list[Path]:
    """Write the student notebooks; delete ones whose course notebook has no exercise any more."""
    notebooks = generate(source_dir, output_dir)
    wanted = {notebook.path for notebook in notebooks}
    for stale in existing(output_dir) - wanted:
        stale.unlink()
    for notebook in notebooks:
        notebook.path.parent.mkdir(parents=True, exist_ok=True)
        notebook.path.write_text(notebook.text, encoding="utf-8")
    return sorted(wanted)


def differences(generated: list[StudentNotebook], on_disk: set[Path]) -> list[str]:
    """How the files ``on_disk`` differ from ``generated`` (anything with ``.path`` and
    ``.text``), one line per file; empty when they match. Shared with :mod:`dqn_teach.classroom`."""
    problems = [f"extra (no exercise in the course notebook): {path}"
                for path in sorted(on_disk - {item.path for item in generated})]
    for item in generated:
        if not item.path.is_file():
            problems.append(f"missing: {item.path}")
        elif item.path.read_text(encoding="utf-8") != item.text:
            problems.append(f"out of date: {item.path}")
    return problems


def stale_files(source_dir: Path, output_dir: Path) -> list[str]:
    """What ``build`` would change, one line per file (empty when everything is fresh)."""
    return differences(generate(source_dir, output_dir), existing(output_dir))


def require_course_notebooks(parser: argparse.ArgumentParser, source: Path) -> None:
    """Stop the command line with a clear message when ``source`` holds no course notebooks."""
    if not any((source / lang).is_dir() for lang in LANGS):
        parser.error(f"{source} has no ko/ or en/ folder of notebooks; run from the "
                     "repository root or pass --source.")


def report_freshness(problems: list[str], folder: Path, what: str, rebuild: str) -> int:
    """Print the result of a ``check`` command; 1 when ``folder`` is stale, else 0."""
    if problems:
        print("\n".join(problems))
        print(f"The {what} are stale: run `{rebuild}` and commit {folder}/.")
        return 1
    print(f"{folder} is up to date.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dqn_teach.exercises",
        description="Generate the student (exercise) versions of the course notebooks.",
    )
    parser.add_argument("command", choices=("build", "check"),
                        help="build: write the student notebooks; check: exit 1 if they are stale")
    parser.add_argument("--source", type=Path, default=Path("notebooks"),
                        help="folder with ko/ and en/ course notebooks (default: notebooks)")
    parser.add_argument("--output", type=Path, default=Path("notebooks/exercises"),
                        help="folder for the student notebooks (default: notebooks/exercises)")
    args = parser.parse_args(argv)
    require_course_notebooks(parser, args.source)
    try:
        if args.command == "build":
            written = build(args.source, args.output)
            for path in written:
                print("wrote", path)
            print(f"{len(written)} student notebook(s) in {args.output}")
            return 0
        problems = stale_files(args.source, args.output)
    except ExerciseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return report_freshness(problems, args.output, "student notebooks",
                            "python -m dqn_teach.exercises build")


if __name__ == "__main__":
    sys.exit(main())
