"""Build the Korean and English notebooks from one source per notebook.

Each ``notebooks/src/NN_name.py`` builds a :class:`Course` notebook: markdown cells are written
natively in each language (``md(ko=..., en=...)``); code cells are shared (``code(src)``) or differ
only in comments and string text (``code(ko=..., en=...)``; tests/test_notebook_parity.py).

    python -m tools.nbbuild                 # build every notebook (no outputs)
    python -m tools.nbbuild 03 --execute    # build notebooks starting with 03, and run them
    python -m tools.nbbuild --restamp       # only refresh cell ids/metadata, keep the outputs
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dqn_teach.i18n import LANGS, Bi

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
# Notebooks are named NN_topic or NNx_topic (a letter inserts a notebook between two numbers).
SOURCE_GLOB = "[0-9][0-9]*_*.py"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
HEAVY_TAG = "dqn-heavy"  # see Course.code(heavy=True) and cells_to_skip
__all__ = ["HEAVY_TAG", "LANGS", "Course", "bi", "cells_to_skip", "split_bilingual"]


class BilingualSyntaxError(ValueError):
    """A malformed ``«한국어|English»`` block; the message starts with ``file:line:``."""


def bi(src: str) -> dict[str, str]:
    """One code template, two languages: ``«한국어|English»`` keeps one side per notebook.

    Use as ``course.code(**bi("x = 1  # «한국어 주석|English comment»"))``. A malformed block
    raises :class:`BilingualSyntaxError` naming the source file and line of the caller.
    """
    caller = sys._getframe(1)
    text = split_bilingual(src, caller.f_code.co_filename, caller.f_lineno)
    return {"ko": text.ko, "en": text.en}


def split_bilingual(src: str, filename: str = "<template>", first_line: int = 1) -> Bi:
    """Both languages of a template: every ``«ko|en»`` block replaced by one of its sides.

    A block must be closed before the next one opens and hold exactly one ``|``; a stray ``»``
    is refused too. ``first_line`` is the line of ``filename`` where ``src`` starts (errors
    point there).
    """

    def fail(offset: int, problem: str) -> BilingualSyntaxError:
        line = first_line + src.count("\n", 0, offset)
        return BilingualSyntaxError(f"{filename}:{line}: {problem}")

    ko, en, pos = [], [], 0
    while (start := src.find("«", pos)) >= 0:
        if (stray := src.find("»", pos, start)) >= 0:
            raise fail(stray, "'»' without an opening '«'")
        end = src.find("»", start)
        reopened = src.find("«", start + 1)
        if end < 0 or 0 <= reopened < end:
            raise fail(start, "'«' is never closed: write «한국어|English»")
        block = src[start + 1 : end]
        if block.count("|") != 1:
            raise fail(start, f"«{block}» needs exactly one '|' between the Korean and the "
                              f"English (found {block.count('|')}); keep other '|' outside «»")
        ko_side, en_side = block.split("|")
        ko += [src[pos:start], ko_side]
        en += [src[pos:start], en_side]
        pos = end + 1
    if (stray := src.find("»", pos)) >= 0:
        raise fail(stray, "'»' without an opening '«'")
    return Bi(ko="".join(ko) + src[pos:], en="".join(en) + src[pos:])


COURSE_REPO_URL = "https://github.com/dqn-teach/dqn-teach"
# Each Colab notebook runs in its own runtime, so every notebook needs this cell (00 explains it).
COLAB_CELL = bi(f"""
# «Google Colab에서만 코스 패키지를 설치합니다. 다른 곳에서는 아무 일도 하지 않습니다.|\
On Google Colab only, install the course package; elsewhere this does nothing.»
# «자세한 설명은 00번 노트북에 있습니다.|Notebook 00 explains it.»
import subprocess
import sys

if "google.colab" in sys.modules:
    package = "dqn-teach[atari] @ git+{COURSE_REPO_URL}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=True)
""")


def _clean(text: str) -> str:
    return text.strip("\n")


class Course:
    """A pair of notebooks (ko, en) built cell by cell.

    Unless a notebook installs the package on Colab itself, :data:`COLAB_CELL` goes right before
    its first code cell.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: list[tuple[str, Bi, list[str]]] = []  # (kind, text, tags)

    def md(self, *, ko: str, en: str) -> None:
        self.cells.append(("markdown", Bi(ko=_clean(ko), en=_clean(en)), []))

    def code(
        self,
        src: str | None = None,
        *,
        ko: str | None = None,
        en: str | None = None,
        heavy: bool = False,
    ) -> None:
        """A code cell, shared (``src``) or per language (``ko=``, ``en=``).

        ``heavy=True`` marks a slow cell that uses only the package, never the learner's code
        (a multi-seed training run): nbval skips it, and the cells that read what it defines,
        in the student copies, which would only repeat it (see :func:`cells_to_skip`).
        """
        if src is not None:
            if ko is not None or en is not None:
                raise ValueError("code(): give either src, or ko= and en=")
            ko = en = src
        if ko is None or en is None:
            raise ValueError("code(): both ko= and en= are needed")
        tags = [HEAVY_TAG] if heavy else []
        if _clean(en).startswith("# NBVAL_SKIP"):  # it starts a server (%tensorboard): never run it
            tags.append("skip-execution")
        self.cells.append(("code", Bi(ko=_clean(ko), en=_clean(en)), tags))

    def notebook(self, lang: str) -> nbformat.NotebookNode:
        cells = []
        seen: dict[str, int] = {}
        for kind, text, tags in self._cells_with_colab_install():
            make = new_markdown_cell if kind == "markdown" else new_code_cell
            cell = make(text(lang))
            cell["id"] = self._cell_id(kind, text, seen)
            if tags:
                cell.metadata["tags"] = list(tags)
            cells.append(cell)
        nb = new_notebook(cells=cells)
        nb.metadata["kernelspec"] = KERNELSPEC
        nb.metadata["language_info"] = {"name": "python"}
        return nb

    def _cell_id(self, kind: str, text: Bi, seen: dict[str, int]) -> str:
        """``NN-<hash of the English cell>``, the same in both languages.

        Derived from the content, not the position, so inserting a cell leaves the other ids
        alone; a repeated cell gets ``-2``, ``-3``, ...
        """
        digest = hashlib.sha1(f"{kind}\0{text.en}".encode()).hexdigest()[:8]
        base = f"{self.name.split('_')[0]}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}-{seen[base]}"

    def _cells_with_colab_install(self) -> list[tuple[str, Bi, list[str]]]:
        if any(kind == "code" and "google.colab" in text.en for kind, text, _ in self.cells):
            return self.cells
        first_code = next((i for i, (kind, *_) in enumerate(self.cells) if kind == "code"), 0)
        colab = ("code", Bi(ko=_clean(COLAB_CELL["ko"]), en=_clean(COLAB_CELL["en"])), [])
        return [*self.cells[:first_code], colab, *self.cells[first_code:]]

    def restamp(self) -> list[Path]:
        """Give the committed notebooks the build's ids and metadata, keeping their outputs.

        Only for notebooks whose cells (kinds and sources) already match this source; anything
        else needs a real rebuild, so it raises.
        """
        paths = []
        for lang in LANGS:
            path = ROOT / "notebooks" / lang / f"{self.name}.ipynb"
            committed, built = nbformat.read(path, as_version=4), self.notebook(lang)
            if [(c.cell_type, c.source) for c in committed.cells] != [
                (c.cell_type, c.source) for c in built.cells
            ]:
                raise ValueError(f"{path} differs from its source: rebuild it with --execute")
            for old, new in zip(committed.cells, built.cells, strict=True):
                old["id"] = new["id"]
                old.metadata = {**new.metadata, **{k: v for k, v in old.metadata.items()
                                                   if k == "execution"}}
            committed.metadata["kernelspec"] = KERNELSPEC
            nbformat.write(committed, path)
            paths.append(path)
        return paths

    def write(self, execute: bool = False) -> list[Path]:
        paths = []
        for lang in LANGS:
            path = ROOT / "notebooks" / lang / f"{self.name}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nb = self.notebook(lang)
            if execute:
                execute_notebook(nb, path.parent)
            nbformat.write(nb, path)
            paths.append(path)
        return paths


def execute_notebook(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> None:
    """Run ``nb`` in a fresh python3 kernel with ``cwd`` as working directory (outputs kept)."""
    from nbclient import NotebookClient

    # Widget state is not stored: JupyterLab would draw those stale views before a re-run.
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()


def cells_to_skip(sources: list[str], tags: list[list[str]]) -> set[int]:
    """Indices of the code cells a student copy need not run under nbval: the ``heavy`` ones
    (they use only the package, so the course notebook already ran the same thing) and every
    later cell that reads a name one of them, or one of those, defined.

    Args:
        sources: the notebook's code cells, in order.
        tags: each cell's metadata tags.
    """
    skipped: set[int] = set()
    unavailable: set[str] = set()
    for index, (source, cell_tags) in enumerate(zip(sources, tags, strict=True)):
        stored, loaded = _names(source)
        if HEAVY_TAG in cell_tags or loaded & unavailable:
            skipped.add(index)
            unavailable |= stored
        else:
            unavailable -= stored  # redefined: available again
    return skipped


def _names(source: str) -> tuple[set[str], set[str]]:
    """``(names a cell defines, names it reads)``; IPython magics are translated first."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return set(), set()
    stored, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stored.add(node.name)
        elif isinstance(node, ast.alias):
            stored.add((node.asname or node.name).split(".")[0])
    return stored, loaded


def load_course(path: Path) -> Course:
    spec = importlib.util.spec_from_file_location(f"nbsrc_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.course


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="only notebooks whose name starts with these")
    parser.add_argument("--execute", action="store_true", help="run and store outputs")
    parser.add_argument(
        "--restamp",
        action="store_true",
        help="only rewrite cell ids and metadata of unchanged committed notebooks (keeps outputs)",
    )
    args = parser.parse_args(argv)
    for path in sorted(SRC.glob(SOURCE_GLOB)):
        if args.prefixes and not any(path.stem.startswith(p) for p in args.prefixes):
            continue
        course = load_course(path)
        written_paths = course.restamp() if args.restamp else course.write(execute=args.execute)
        for written in written_paths:
            print("wrote", written.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
