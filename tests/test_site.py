"""The course website (``make site``, tools/sitebuild.py), built from the committed notebooks.

The module builds the site once into a temporary folder (about 20-40 s), checks every page's
files and links, then serves it on 127.0.0.1 and reads a Korean and an English page in headless
Chromium (Playwright, Debian's ``/usr/bin/chromium``): math typeset by the site's own KaTeX,
figures loaded, the Hangul web font in use, search, the language switch, and not one request to
any other host (every request is intercepted; others are aborted and fail the test).

Without Chromium the browser test is skipped, except under ``CI=true`` where that is a failure.
On failure, screenshots are kept in a temporary folder whose path the failure message prints.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest
from _lab import CHROMIUM, CHROMIUM_ARGS, REPO, free_port, require_chromium
from bs4 import BeautifulSoup
from nbformat.v4 import new_markdown_cell, new_notebook

from tools import sitebuild
from tools.nbbuild import COURSE_REPO_URL

NOTEBOOK_NAME = re.compile(r"^\d\d[a-z]?_\w+\.ipynb$")
KOREAN_PAGE = "ko/04_q_network_td_target.html"
ENGLISH_PAGE = "en/04_q_network_td_target.html"
SEARCHES = {  # a query and the page its first hit must be
    "ko": ("리플레이 버퍼", "02_replay_buffer.html"),
    "en": ("replay buffer", "02_replay_buffer.html"),
}
WEB_FONT = "Nanum Gothic Web"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    out = Path(tempfile.mkdtemp(prefix="dqn-site-")) / "site"
    try:
        sitebuild.build(out, quiet=True)
    except sitebuild.SiteError as error:  # e.g. KaTeX not installed: say how to fix it
        pytest.fail(str(error))
    yield out
    shutil.rmtree(out.parent, ignore_errors=True)


def course_notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- the built files ---------------------------------------------------------------------------


def test_every_committed_notebook_has_a_page_in_its_language(site: Path) -> None:
    for lang in sitebuild.LANGS:
        for folder, prefix in (
            (REPO / "notebooks" / lang, f"{lang}/"),
            (REPO / "notebooks" / "exercises" / lang, f"{lang}/exercises/"),
        ):
            notebooks = course_notebooks(folder)
            assert notebooks, f"no notebooks in {folder}"
            for notebook in notebooks:
                page = site / f"{prefix}{notebook.stem}.html"
                assert page.is_file(), f"{notebook} has no page {page}"
                text = page.read_text(encoding="utf-8")
                title = html.unescape(re.search(r"<title>(.*?)</title>", text).group(1))
                assert "NBVAL_" not in text, f"{page} shows nbval's test markers"
                assert title.startswith(sitebuild.notebook_title(notebook)), (page, title)
                assert (site / notebook.relative_to(REPO)).is_file(), "download copy missing"
        assert (site / lang / "teaching.html").is_file()
        assert (site / lang / "index.html").is_file()
    assert (site / "index.html").is_file()
    assert (site / ".nojekyll").is_file(), "GitHub Pages would not serve _static/"


def test_notebooks_are_found_by_listing_folders_and_titled_by_their_first_heading(
    tmp_path: Path,
) -> None:
    for lang, heading in (("ko", "# 01b. 표 형식 Q 학습"), ("en", "# 01b. Tabular Q-learning")):
        folder = tmp_path / "notebooks" / lang
        folder.mkdir(parents=True)
        notebook = new_notebook(
            cells=[new_markdown_cell("> a note first"), new_markdown_cell(heading)]
        )
        nbformat.write(notebook, folder / "01b_tabular_q_learning.ipynb")
        nbformat.write(new_notebook(), folder / "scratch.ipynb")  # not a course notebook
    pages = sitebuild.discover_pages(tmp_path)
    course = [(p.lang, p.path, p.title) for p in pages if p.section == "course"]
    assert course == [
        ("ko", "ko/01b_tabular_q_learning.html", "01b. 표 형식 Q 학습"),
        ("en", "en/01b_tabular_q_learning.html", "01b. Tabular Q-learning"),
    ]


LOADS = re.compile(
    r"<(?:script|img|link|source|iframe|video|audio|embed)\b[^>]*?\s(?:src|href)=[\"']([^\"']*)",
    re.I,
)


def test_no_page_loads_anything_from_outside_the_site(site: Path) -> None:
    for page in [*html_pages(site), *site.rglob("*.css")]:
        text = page.read_text(encoding="utf-8")
        pattern = r"url\(\s*['\"]?([^'\")]+)" if page.suffix == ".css" else LOADS
        references = re.findall(pattern, text)
        assert page.suffix == ".css" or references, f"{page}: found nothing it loads"
        for reference in references:
            parts = urlsplit(reference)
            if parts.scheme == "data":  # inline, not a request
                continue
            assert not parts.scheme and not parts.netloc, f"{page} loads {reference}"
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page} loads {reference}, which is not in the site"
            assert site.resolve() in target.parents, f"{page} loads {reference} outside the site"


def test_pages_declare_their_language_and_show_no_literal_emphasis_markers(site: Path) -> None:
    for lang in sitebuild.LANGS:
        for page in html_pages(site / lang):
            soup = soup_of(page)
            assert soup.html["lang"] == lang, page
            for markdown in soup.select(".text_cell_render"):
                for code in markdown.select("code, pre"):
                    code.decompose()
                prose = re.sub(r"\$\$.+?\$\$|\$[^$]+\$", "", markdown.get_text(), flags=re.S)
                assert "**" not in prose, f"{page}: literal ** in {prose[:200]!r}"


def test_language_switch_leads_to_the_same_page_in_the_other_language(site: Path) -> None:
    for page in html_pages(site / "ko") + html_pages(site / "en"):
        relative = page.relative_to(site).as_posix()
        lang, rest = relative.split("/", 1)
        other = "en" if lang == "ko" else "ko"
        switch = soup_of(page).select_one("a.lang-switch")
        assert switch is not None and switch["hreflang"] == other, page
        target = (page.parent / switch["href"]).resolve().relative_to(site.resolve()).as_posix()
        assert target == f"{other}/{rest}", f"{relative} switches to {target}"


def test_notebook_pages_link_to_colab_binder_and_the_notebook(site: Path) -> None:
    repo = urlsplit(COURSE_REPO_URL).path.strip("/")
    for relative, notebook in (
        ("ko/03_epsilon_greedy.html", "notebooks/ko/03_epsilon_greedy.ipynb"),
        ("en/exercises/03_epsilon_greedy.html", "notebooks/exercises/en/03_epsilon_greedy.ipynb"),
    ):
        soup = soup_of(site / relative)
        colab = soup.select_one("a.colab")["href"]
        assert colab == f"https://colab.research.google.com/github/{repo}/blob/main/{notebook}"
        assert soup.select_one("a.binder")["href"].endswith(f"urlpath=lab/tree/{notebook}")
        download = (site / relative).parent / soup.select_one("a.download")["href"]
        assert download.resolve() == (site / notebook).resolve() and download.is_file()


def test_relative_links_lead_to_site_pages_or_to_the_repository() -> None:
    guide_ko, guide_en = (
        sitebuild.Page(
            "guide",
            lang,
            "guide",
            REPO / f"docs/teaching.{lang}.md",
            f"{lang}/teaching.html",
            title=lang,
            repo_path=f"docs/teaching.{lang}.md",
        )
        for lang in ("ko", "en")
    )
    by_source = {"docs/teaching.en.md": guide_en}
    link = sitebuild.link_target
    assert link("teaching.en.md#answers", guide_ko, by_source) == "../en/teaching.html#answers"
    assert (
        link("glossary.md", guide_ko, by_source) == f"{COURSE_REPO_URL}/blob/main/docs/glossary.md"
    )
    assert link("https://arxiv.org/abs/1312.5602", guide_ko, by_source) is None
    assert link("#section", guide_ko, by_source) is None


def test_hangul_next_to_emphasis_is_repaired_and_code_and_math_are_not() -> None:
    repair = sitebuild.repair_hangul_emphasis
    assert repair("**경험(experience)**을 모아") == "<strong>경험(experience)</strong>을 모아"
    assert repair("*밴딧(bandit)*에서") == "<em>밴딧(bandit)</em>에서"
    assert (
        repair("**항상 <code>0, 1</code>**입니다")
        == "<strong>항상 <code>0, 1</code></strong>입니다"
    )
    assert repair("$Q^*$는 $Q^*$만") is None
    assert repair("<code>f(**kw)</code>**는") is None
    assert repair("x = a*b*c") is None


# --- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """``python -m http.server`` on 127.0.0.1, as the README says; stopped afterwards."""
    require_chromium()
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the site's http.server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Traffic:
    """Every request the page makes: others than the site's server are aborted and recorded."""

    def __init__(self, base: str) -> None:
        self.origin = urlsplit(base).netloc
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.route("**/*", self._route)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("requestfailed", self._failed)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _failed(self, request) -> None:
        # ERR_ABORTED: the browser cancelled it (say, the favicon when the page navigated on).
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def assert_clean(self) -> None:
        assert not self.foreign, f"requests outside the site: {self.foreign}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"script errors: {self.errors}"


@contextmanager
def screenshots_on_failure(page, name: str) -> Iterator[None]:
    try:
        yield
    except BaseException as error:
        folder = Path(tempfile.mkdtemp(prefix="dqn-site-artifacts-"))
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        except Exception as screenshot_error:  # the page itself may be what broke
            (folder / f"{name}-screenshot-failed.txt").write_text(repr(screenshot_error))
        raise AssertionError(f"{name}: {error}\nscreenshots: {folder}") from error


# Text in markdown cells, outside code and typeset math, that still holds TeX or emphasis marks.
RAW_MARKUP_JS = """() => {
  const found = [];
  for (const cell of document.querySelectorAll('.text_cell_render')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code, pre, .katex')) continue;
      const text = node.textContent;
      if (/\\$|\\\\[a-zA-Z]+|\\*\\*/.test(text)) found.push(text.trim().slice(0, 80));
    }
  }
  return found;
}"""

FONT_STATUS_JS = """async (family) => {
  await document.fonts.ready;
  return [...document.fonts].filter(f => f.family.replace(/"/g, '') === family).map(f => f.status);
}"""


def check_page(page, lang: str, least_math: int) -> None:
    """Language, typeset math, loaded figures, and (Korean) the site's own Hangul font."""
    page.wait_for_selector("body[data-math='done']", timeout=TIMEOUT_MS)
    assert page.get_attribute("html", "lang") == lang
    typeset = page.locator(".text_cell_render .katex").count()
    assert typeset >= least_math, f"{typeset} formulas typeset, expected at least {least_math}"
    assert page.locator(".katex-error").count() == 0, "KaTeX could not typeset some math"
    assert page.evaluate(RAW_MARKUP_JS) == [], "raw TeX or ** left in the text"
    figures = page.locator("article.notebook img")
    assert figures.count() >= 1, "no figures on the page"
    page.wait_for_function(
        "() => [...document.querySelectorAll('article.notebook img')].every(i => i.complete)",
        timeout=TIMEOUT_MS,
    )
    broken = page.evaluate(
        "() => [...document.querySelectorAll('article.notebook img')]"
        ".filter(i => i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"figures that did not load: {broken}"
    if lang == "ko":
        assert "loaded" in page.evaluate(FONT_STATUS_JS, WEB_FONT), "Hangul web font not used"


def search_and_follow(page, lang: str) -> None:
    query, expected = SEARCHES[lang]
    page.fill("#search-input", query)
    first = page.locator("#search-results a").first
    first.wait_for(timeout=TIMEOUT_MS)
    hit = first.get_attribute("href")
    assert expected in hit, f"first hit for {query!r}: {hit}"
    page.press("#search-input", "Enter")
    page.wait_for_url(re.compile(re.escape(f"/{lang}/{expected}")), timeout=TIMEOUT_MS)


def test_korean_and_english_pages_in_a_browser(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            traffic = Traffic(server)
            traffic.attach(page)
            for start, lang, other in ((KOREAN_PAGE, "ko", "en"), (ENGLISH_PAGE, "en", "ko")):
                with screenshots_on_failure(page, f"site-{lang}"):
                    page.goto(urljoin(server, start))
                    check_page(page, lang, least_math=10)
                    traffic.assert_clean()
                    page.click("a.lang-switch")
                    page.wait_for_url(re.compile(re.escape(start.replace(lang, other, 1))))
                    assert page.get_attribute("html", "lang") == other
                    page.go_back()
                    search_and_follow(page, lang)
                    check_page(page, lang, least_math=0)
                    traffic.assert_clean()
        finally:
            browser.close()
