"""Build the Korean and English notebooks from one source per notebook.

Each ``notebooks/src/NN_name.py`` builds a :class:`Course` notebook: markdown cells are written
natively in each language (``md(ko=..., en=...)``); code cells are shared (``code(src)``) or differ
only in comments and string text (``code(ko=..., en=...)``; tests/test_notebook_parity.py).

    python -m tools.nbbuild                 # build every notebook (no outputs)
    python -m tools.nbbuild 03 --execute    # build notebooks starting with 03, and run them
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
_BILINGUAL = re.compile(r"«(.*?)\|(.*?)»", re.S)
SRC = ROOT / "notebooks" / "src"
# Course notebooks are named NN_topic or NNx_topic (a letter inserts a notebook between two numbers).
SOURCE_GLOB = "[0-9][0-9]*_*.py"
LANGS = ("ko", "en")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def bi(src: str) -> dict[str, str]:
    """One code template, two languages: ``«한국어|English»`` keeps one side per notebook.

    Use as ``course.code(**bi("x = 1  # «한국어 주석|English comment»"))``.
    """
    return {
        lang: _BILINGUAL.sub(lambda m, i=i: m.group(i), src) for i, lang in ((1, "ko"), (2, "en"))
    }


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
        self.cells: list[tuple[str, dict[str, str]]] = []

    def md(self, *, ko: str, en: str) -> None:
        self.cells.append(("markdown", {"ko": _clean(ko), "en": _clean(en)}))

    def code(self, src: str | None = None, *, ko: str | None = None, en: str | None = None) -> None:
        if src is not None:
            if ko is not None or en is not None:
                raise ValueError("code(): give either src, or ko= and en=")
            ko = en = src
        if ko is None or en is None:
            raise ValueError("code(): both ko= and en= are needed")
        self.cells.append(("code", {"ko": _clean(ko), "en": _clean(en)}))

    def notebook(self, lang: str) -> nbformat.NotebookNode:
        cells = []
        for kind, text in self._cells_with_colab_install():
            make = new_markdown_cell if kind == "markdown" else new_code_cell
            cells.append(make(text[lang]))
        nb = new_notebook(cells=cells)
        nb.metadata["kernelspec"] = KERNELSPEC
        nb.metadata["language_info"] = {"name": "python"}
        for index, cell in enumerate(nb.cells):
            cell["id"] = f"{self.name.split('_')[0]}-{index:03d}"
            if cell.cell_type == "code" and cell.source.startswith("# NBVAL_SKIP"):
                # such cells start servers (%tensorboard): the build must not run them either
                cell.metadata["tags"] = ["skip-execution"]
        return nb

    def _cells_with_colab_install(self) -> list[tuple[str, dict[str, str]]]:
        if any(kind == "code" and "google.colab" in text["en"] for kind, text in self.cells):
            return self.cells
        first_code = next((i for i, (kind, _) in enumerate(self.cells) if kind == "code"), 0)
        colab = ("code", {lang: _clean(text) for lang, text in COLAB_CELL.items()})
        return [*self.cells[:first_code], colab, *self.cells[first_code:]]

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


def load_course(path: Path) -> Course:
    spec = importlib.util.spec_from_file_location(f"nbsrc_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.course


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="only notebooks whose name starts with these")
    parser.add_argument("--execute", action="store_true", help="run and store outputs")
    args = parser.parse_args(argv)
    for path in sorted(SRC.glob(SOURCE_GLOB)):
        if args.prefixes and not any(path.stem.startswith(p) for p in args.prefixes):
            continue
        course = load_course(path)
        for written in course.write(execute=args.execute):
            print("wrote", written.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
