"""Build the course website: every committed notebook as a static page, in Korean and English.

    python -m tools.sitebuild                 # -> build/site/   (make site)
    python -m tools.sitebuild --out DIR       # anywhere else
    python -m http.server -d build/site       # read it at http://localhost:8000

Notebooks are rendered with their stored outputs (nothing is executed) by nbconvert's HTML
exporter and wrapped in ``site/templates/page.html``. Pages are found by listing
``notebooks/{ko,en}``, ``notebooks/exercises/{ko,en}`` and ``docs/teaching.{ko,en}.md``; a
notebook's title is its first ``#`` heading. Everything a page loads is inside the output folder:
the stylesheet and script in ``site/static``, KaTeX from npm (``site/package.json``, installed by
``make site-deps``), and NanumGothic (from ``koreanize-matplotlib``) cut down to the Hangul the site
uses, as WOFF2.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import logging
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import ExtractOutputPreprocessor
from pygments.formatters import HtmlFormatter

from tools.nbbuild import COURSE_REPO_URL

ROOT = Path(__file__).resolve().parents[1]
SITE_SRC = ROOT / "site"
DEFAULT_OUT = ROOT / "build" / "site"
LANGS = ("ko", "en")
NOTEBOOK_NAME = re.compile(r"^\d\d[a-z]?_\w+$")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# site.css takes only Hangul (and CJK punctuation) from these; Latin keeps the reader's sans-serif.
WEB_FONTS = {
    "NanumGothic.ttf": "nanum-gothic.woff2",
    "NanumGothicBold.ttf": "nanum-gothic-bold.woff2",
}
TEST_MARKER = re.compile(r"^[ \t]*# NBVAL_\w+[ \t]*\n?", re.M)
SEARCH_TEXT_LIMIT = 3000  # characters kept per searchable section

UI = {
    "ko": {
        "course": "강의 노트북",
        "exercises": "학생용 노트북 (빈칸 채우기)",
        "exercise_suffix": "학생용",
        "guide": "교수자 안내서",
        "home": "강의 홈",
        "search": "검색…",
        "no_results": "검색 결과가 없습니다.",
        "switch": "English",
        "colab": "Colab에서 열기",
        "binder": "JupyterLab(Binder)에서 열기",
        "download": ".ipynb 내려받기",
        "local": (
            "내 컴퓨터에서는 <code>make course</code>로 JupyterLab을 열고 같은 노트북을 여세요."
        ),
        "prev": "이전",
        "next": "다음",
        "tagline": "딥 Q 네트워크(DQN)를 부품부터 직접 만들며 배우는 강화학습 강의",
        "intro": (
            "노트북 하나가 수업 한 번입니다. 이 사이트는 실행 결과가 저장된 노트북을 그대로 "
            "보여 줍니다. 코드를 직접 돌려 보려면 페이지 위쪽의 버튼으로 Colab이나 JupyterLab에서 "
            "여세요."
        ),
        "exercises_intro": (
            "수업용 노트북에서 핵심 코드를 빈칸으로 바꾼 판입니다. 빈칸을 채우고 바로 아래 검사 "
            "셀을 실행하면 무엇이 틀렸는지 설명해 줍니다."
        ),
    },
    "en": {
        "course": "Course notebooks",
        "exercises": "Student versions (fill in the blanks)",
        "exercise_suffix": "student version",
        "guide": "Teaching guide",
        "home": "Course home",
        "search": "Search…",
        "no_results": "No results.",
        "switch": "한국어",
        "colab": "Open in Colab",
        "binder": "Open in JupyterLab (Binder)",
        "download": "Download .ipynb",
        "local": "On your own computer, run <code>make course</code> and open the same notebook.",
        "prev": "Previous",
        "next": "Next",
        "tagline": "Learn reinforcement learning by building a Deep Q-Network, piece by piece",
        "intro": (
            "One notebook is one class. This site shows the notebooks with their stored outputs; "
            "to run the code yourself, open a notebook in Colab or JupyterLab with the buttons at "
            "the top of each page."
        ),
        "exercises_intro": (
            "The course notebooks with the key code left blank. Fill in a blank and run the check "
            "cell below it: it explains what is wrong."
        ),
    },
}
SECTIONS = ("course", "exercises", "guide")


@dataclass
class Page:
    """One page of the site.

    ``key`` is the same for a page and its translation (``course/03_epsilon_greedy``);
    ``path`` is where the page lives under the output folder (``ko/03_epsilon_greedy.html``).
    """

    key: str
    lang: str
    section: str  # "home", "course", "exercises" or "guide"
    source: Path | None
    path: str
    title: str
    body: str = ""
    repo_path: str | None = None  # the source's path in the repository (notebooks/ko/03_x.ipynb)
    search_sections: list[dict[str, str]] = field(default_factory=list)

    @property
    def notebook_path(self) -> str | None:
        """The notebook's path in the repository, if the page is a notebook."""
        return self.repo_path if self.repo_path and self.repo_path.endswith(".ipynb") else None


class SiteError(RuntimeError):
    """Something the site needs is missing; the message says what and how to fix it."""


def discover_pages(root: Path = ROOT) -> list[Page]:
    """Every page of the site, in reading order, found by listing the course folders."""
    pages: list[Page] = []
    for lang in LANGS:
        pages.append(Page("home", lang, "home", None, f"{lang}/index.html", UI[lang]["home"]))
        for section, folder, prefix in (
            ("course", root / "notebooks" / lang, ""),
            ("exercises", root / "notebooks" / "exercises" / lang, "exercises/"),
        ):
            for notebook in sorted(folder.glob("*.ipynb")):
                if not NOTEBOOK_NAME.match(notebook.stem):
                    continue
                pages.append(
                    Page(
                        key=f"{section}/{notebook.stem}",
                        lang=lang,
                        section=section,
                        source=notebook,
                        path=f"{lang}/{prefix}{notebook.stem}.html",
                        title=notebook_title(notebook),
                        repo_path=notebook.relative_to(root).as_posix(),
                    )
                )
        guide = root / "docs" / f"teaching.{lang}.md"
        if guide.exists():
            pages.append(
                Page(
                    "guide",
                    lang,
                    "guide",
                    guide,
                    f"{lang}/teaching.html",
                    markdown_title(guide.read_text(encoding="utf-8")) or UI[lang]["guide"],
                    repo_path=guide.relative_to(root).as_posix(),
                )
            )
    if not any(page.section == "course" for page in pages):
        raise SiteError(f"no notebooks found under {root / 'notebooks'}/{{ko,en}}")
    return pages


def markdown_title(markdown: str) -> str | None:
    """The text of the first level-1 heading, without markdown marks."""
    match = re.search(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", markdown, re.M)
    if not match:
        return None
    return re.sub(r"[`*_]", "", match.group(1)).strip()


def notebook_title(path: Path) -> str:
    """A notebook's first ``#`` heading; its file name if it has none."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and (title := markdown_title(cell.source)):
            return title
    return path.stem


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.register_preprocessor(ExtractOutputPreprocessor(), enabled=True)
    return exporter


def render_notebook(page: Page, out_dir: Path, exporter: HTMLExporter) -> None:
    """Render ``page.source`` into ``page.body``; its figures go next to the page as files."""
    notebook = nbformat.read(page.source, as_version=4)
    stem = page.source.stem
    files_dir = f"{stem}_files"
    page_dir = (out_dir / page.path).parent
    _gifs_as_files(notebook, page_dir, files_dir)
    for cell in notebook.cells:  # test markers mean nothing to a reader
        if cell.cell_type == "code":
            cell.source = TEST_MARKER.sub("", cell.source)
    body, resources = exporter.from_notebook_node(
        notebook, resources={"output_files_dir": files_dir, "unique_key": stem}
    )
    for name, data in resources.get("outputs", {}).items():
        target = page_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    page.body = body


def _gifs_as_files(notebook: nbformat.NotebookNode, page_dir: Path, files_dir: str) -> None:
    """nbconvert does not show ``image/gif`` outputs (the CartPole animations): write each to a
    file and let an ``<img>`` in the output's HTML show it."""
    for cell_index, cell in enumerate(notebook.cells):
        for output_index, output in enumerate(cell.get("outputs", [])):
            gif = output.get("data", {}).get("image/gif")
            if gif is None:
                continue
            name = f"{files_dir}/animation_{cell_index}_{output_index}.gif"
            (page_dir / files_dir).mkdir(parents=True, exist_ok=True)
            (page_dir / name).write_bytes(base64.b64decode(gif))
            output["data"] = {"text/html": f'<img src="{name}" alt="animation">'}


def render_markdown(page: Page) -> None:
    """Render a markdown document (the teaching guide) into ``page.body``."""
    html = markdown2html_mistune(page.source.read_text(encoding="utf-8"))
    page.body = f'<div class="text_cell_render rendered_html">{html}</div>'


def link_target(href: str, page: Page, by_source: dict[str, Page]) -> str | None:
    """Where a relative link in ``page``'s source should point on the site (None: leave it)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or page.repo_path is None:
        return None
    repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(page.repo_path), parts.path))
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if repo_path in by_source:
        target = by_source[repo_path].path
        return posixpath.relpath(target, posixpath.dirname(page.path)) + fragment
    # A file of the repository that is not a page: show it on the code host.
    return f"{COURSE_REPO_URL}/blob/main/{repo_path}{fragment}"


def postprocess(page: Page, by_source: dict[str, Page]) -> None:
    """Fix links, repair emphasis next to Hangul, and collect the page's searchable sections."""
    soup = BeautifulSoup(page.body, "html.parser")
    for link in soup.select(".text_cell_render a[href]"):
        if (target := link_target(link["href"], page, by_source)) is not None:
            link["href"] = target
    for block in soup.select(
        ".text_cell_render :is(p, li, td, th, h1, h2, h3, h4, h5, h6):not(:has(p, li))"
    ):
        if "*" in block.decode_contents():
            repaired = repair_hangul_emphasis(block.decode_contents())
            if repaired is not None:
                block.clear()
                block.append(BeautifulSoup(repaired, "html.parser"))
    page.body = str(soup)
    page.search_sections = search_sections(soup, page)


_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.S)
BLOCKS = ("p", "li", "td", "th", "pre", "blockquote")
HEADINGS = ("h1", "h2", "h3", "h4")


_PROTECTED = re.compile(
    r"<code\b.*?</code>|\$\$.+?\$\$|\$[^$]+?\$|\\\(.+?\\\)|\\\[.+?\\\]|<[^>]+>", re.S
)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_EMPHASIS = re.compile(r"(?<!\*)\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?!\*)")


def repair_hangul_emphasis(html: str) -> str | None:
    """Turn ``**…**`` / ``*…*`` that CommonMark left as text next to Hangul into bold/italics.

    CommonMark does not close ``**경험(experience)**을``: the closing ``**`` follows ``)`` and is
    followed by a letter, so it is not "right-flanking". JupyterLab shows the stars too (the
    sources should be fixed, see DEVELOPERS.md), but the site never shows them. Code and math are
    left alone. Returns None when nothing changed.
    """
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    text = _PROTECTED.sub(protect, html)

    def touches_hangul(match: re.Match[str]) -> bool:
        before = match.string[match.start() - 1] if match.start() else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        return bool(HANGUL.match(before) or HANGUL.match(after))

    def strong(match: re.Match[str]) -> str:
        return f"<strong>{match.group(1)}</strong>" if touches_hangul(match) else match.group(0)

    def emphasis(match: re.Match[str]) -> str:
        return f"<em>{match.group(1)}</em>" if touches_hangul(match) else match.group(0)

    repaired = _EMPHASIS.sub(emphasis, _STRONG.sub(strong, text))
    if repaired == text:
        return None
    return re.sub("\x00(\\d+)\x00", lambda m: protected[int(m.group(1))], repaired)


def search_sections(soup: BeautifulSoup, page: Page) -> list[dict[str, str]]:
    """The page cut at its headings: one entry (page, title, url, text) per section."""
    sections = [{"title": page.title, "url": page.path, "text": []}]
    for element in soup.find_all([*HEADINGS, *BLOCKS]):
        if element.name in HEADINGS:
            if element.name == "h1" and len(sections) == 1 and not sections[0]["text"]:
                continue  # the page title itself
            heading = element.get_text(" ", strip=True).removesuffix("¶").strip()
            anchor = element.get("id")
            sections.append(
                {
                    "title": heading,
                    "url": f"{page.path}#{anchor}" if anchor else page.path,
                    "text": [],
                }
            )
        elif element.find_parent(BLOCKS) is None:  # nested blocks are in their parent's text
            sections[-1]["text"].append(element.get_text(" ", strip=True))
    entries = []
    for section in sections:
        text = _MATH.sub(" ", " ".join(section["text"]))  # raw TeX makes unreadable snippets
        text = re.sub(r"\s+", " ", text).strip()[:SEARCH_TEXT_LIMIT]
        entries.append(
            {"page": page.title, "title": section["title"], "url": section["url"], "text": text}
        )
    return entries


KATEX = SITE_SRC / "node_modules" / "katex" / "dist"


def _static_sources() -> tuple[Path, Path]:
    """KaTeX's dist folder (npm) and the NanumGothic folder of koreanize-matplotlib (PyPI)."""
    if not (KATEX / "katex.min.js").exists():
        raise SiteError(
            f"KaTeX is missing ({KATEX}): run `make site-deps` "
            "(= npm ci --prefix site; needs Node.js and npm)"
        )
    spec = importlib.util.find_spec("koreanize_matplotlib")  # locate, never import
    for place in (spec.submodule_search_locations or []) if spec else []:
        if (Path(place) / "fonts" / "NanumGothic.ttf").exists():
            return KATEX, Path(place) / "fonts"
    raise SiteError(
        "NanumGothic from the koreanize-matplotlib package is missing: "
        "pip install -r requirements.txt"
    )


def copy_katex(katex_dir: Path, static_out: Path) -> None:
    """KaTeX's script, stylesheet, auto-render and fonts (about 1.5 MB)."""
    target = static_out / "katex"
    (target / "contrib").mkdir(parents=True)
    for name in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js"):
        shutil.copy2(katex_dir / name, target / name)
    shutil.copytree(katex_dir / "fonts", target / "fonts")


def write_web_fonts(fonts_dir: Path, static_out: Path, text: str) -> None:
    """NanumGothic regular and bold, cut down to the Hangul in ``text``, as WOFF2."""
    try:
        import brotli  # noqa: F401  (WOFF2 compression)
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError as error:
        raise SiteError(
            f"making the web font needs fontTools and brotli ({error}): "
            "pip install -r requirements.txt"
        ) from error
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # hinting tables it drops
    characters = sorted(set(HANGUL.findall(text))) + list("·…“”‘’「」『』〈〉《》")
    (static_out / "fonts").mkdir(parents=True, exist_ok=True)
    for source_name, web_name in WEB_FONTS.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = TTFont(fonts_dir / source_name)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(characters))
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(static_out / "fonts" / web_name)


def pygments_css() -> str:
    return HtmlFormatter(style="default").get_style_defs(".highlight")


def _relative(page_path: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_path))


def nav_for(lang: str, pages: list[Page]) -> list[tuple[str, str, list[Page]]]:
    """(section, heading, pages) for the sidebar and the course home, in reading order."""
    return [
        (section, UI[lang][section], [p for p in pages if p.lang == lang and p.section == section])
        for section in SECTIONS
    ]


def launch_links(page: Page) -> dict[str, str]:
    """Colab, Binder (JupyterLab) and download links for a notebook page."""
    repo = urlsplit(COURSE_REPO_URL).path.strip("/")
    notebook = page.notebook_path
    return {
        "colab": f"https://colab.research.google.com/github/{repo}/blob/main/{notebook}",
        "binder": f"https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{notebook}",
        "download": _relative(page.path, notebook),
    }


def build(out_dir: Path = DEFAULT_OUT, root: Path = ROOT, quiet: bool = False) -> list[Page]:
    """Build the whole site into ``out_dir`` (emptied first); returns its pages."""
    started = time.perf_counter()
    katex_dir, fonts_dir = _static_sources()
    pages = discover_pages(root)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    by_source = {p.repo_path: p for p in pages if p.repo_path}
    by_key = {(p.key, p.lang): p for p in pages}
    exporter = _exporter()

    for page in pages:
        if page.source is None:
            continue
        if page.source.suffix == ".ipynb":
            render_notebook(page, out_dir, exporter)
            target = out_dir / page.notebook_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page.source, target)
        else:
            render_markdown(page)
        postprocess(page, by_source)

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_SRC / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    template = environment.get_template("page.html")
    site_text = []  # every page: the web font keeps exactly the Hangul the site shows
    for page in pages:
        other = "en" if page.lang == "ko" else "ko"
        counterpart = by_key.get((page.key, other)) or by_key[("home", other)]
        same_lang = [p for p in pages if p.lang == page.lang and p.section == page.section]
        index = same_lang.index(page) if page.section != "home" else -1
        previous = same_lang[index - 1] if index > 0 else None
        following = same_lang[index + 1] if 0 <= index < len(same_lang) - 1 else None
        html = template.render(
            page=page,
            ui=UI[page.lang],
            static=_relative(page.path, "_static"),
            home=_relative(page.path, f"{page.lang}/index.html"),
            root_prefix="../" * page.path.count("/"),
            rel=lambda target, page=page: _relative(page.path, target),
            nav=nav_for(page.lang, pages),
            ui_all=UI,
            other=other,
            switch_href=_relative(page.path, counterpart.path),
            launch=launch_links(page) if page.notebook_path else None,
            previous=previous,
            following=following,
        )
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        site_text.append(html)

    landing = environment.get_template("landing.html").render(
        ui=UI, langs=LANGS, static="_static", pages=pages
    )
    (out_dir / "index.html").write_text(landing, encoding="utf-8")
    (out_dir / ".nojekyll").touch()  # GitHub Pages would otherwise hide the _static folder
    site_text.append(landing)

    static_out = out_dir / "_static"
    shutil.copytree(SITE_SRC / "static", static_out)
    (static_out / "pygments.css").write_text(pygments_css(), encoding="utf-8")
    for lang in LANGS:
        # Student versions repeat their course notebook's text: searching finds the course page.
        entries = [
            entry
            for page in pages
            if page.lang == lang and page.section != "exercises"
            for entry in page.search_sections
        ]
        payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        (static_out / f"search-index.{lang}.js").write_text(
            f"window.DQN_SEARCH_INDEX = {payload};\n", encoding="utf-8"
        )
    copy_katex(katex_dir, static_out)
    write_web_fonts(fonts_dir, static_out, "".join(site_text))
    if not quiet:
        counts = {lang: sum(p.lang == lang for p in pages) for lang in LANGS}
        print(
            f"site: {counts} pages in {out_dir} ({time.perf_counter() - started:.1f} s); "
            f"serve it with: python -m http.server -d {out_dir}"
        )
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (emptied)")
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve())
    except SiteError as error:
        print(f"site: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
