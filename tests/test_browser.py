"""The ε and γ widgets in a real JupyterLab, driven in headless Chromium (Playwright).

For each course language the test opens notebooks 03 and 04, runs the widget's cell, moves a slider
with the keyboard and checks that the figure changed and the printed numbers match the new value.
The Korean notebooks run under the Korean JupyterLab UI (``jupyter/overrides.json`` + the
``jupyterlab-language-pack-ko-kr`` pack, when installed), the English ones under the English UI;
every selector uses classes, ``data-command`` and ``data-status`` attributes, never UI text.

Needs Debian's ``/usr/bin/chromium``: without it the test is skipped, except under ``CI=true``
where that is a failure. On failure, screenshots and the server log are kept in a temporary
folder whose path the failure message prints.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from _lab import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAB_OVERRIDES,
    REPO,
    TRANSLATION_PLUGIN,
    LabServer,
    korean_language_pack_installed,
    require_chromium,
    save_server_log,
)

NOTEBOOK_ROOT = REPO / "notebooks"
EPSILON_NOTEBOOK = "{lang}/03_epsilon_greedy.ipynb"
GAMMA_NOTEBOOK = "{lang}/04_q_network_td_target.ipynb"
PLAYGROUND_NOTEBOOK = "{lang}/06_training_cartpole.ipynb"
VISIBLE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IDLE_KERNEL = f"{VISIBLE_NOTEBOOK} .jp-Notebook-ExecutionIndicator[data-status='idle']"
EPSILON_STEP, GAMMA_STEP = 0.05, 0.001  # the sliders' steps in dqn_teach.widgets
HANGUL = re.compile("[\uac00-\ud7a3]")
RUN_TIMEOUT_MS = 120_000  # a cell's first run imports torch and matplotlib: slow on a busy CPU


@pytest.fixture(scope="module")
def artifacts() -> Iterator[Path]:
    """Screenshots and the server log of failures; removed when everything passed."""
    folder = Path(tempfile.mkdtemp(prefix="dqn-browser-artifacts-"))
    yield folder
    if not any(folder.iterdir()):
        folder.rmdir()


@pytest.fixture(scope="module")
def lab(artifacts: Path) -> Iterator[LabServer]:
    require_chromium()
    work_dir = Path(tempfile.mkdtemp(prefix="dqn-browser-lab-"))
    overrides = json.loads(LAB_OVERRIDES.read_text())
    # Test-only: never let JupyterLab save the repository's notebooks while it runs them.
    overrides["@jupyterlab/docmanager-extension:plugin"] = {"autosave": False}
    server = LabServer(NOTEBOOK_ROOT, work_dir, overrides)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if any(artifacts.iterdir()):
            save_server_log(server, artifacts)
        shutil.rmtree(work_dir, ignore_errors=True)
        leftovers = server.leftover_processes()
        assert not leftovers, f"processes started by JupyterLab still run: {leftovers}"


@pytest.fixture(scope="module")
def browser(lab: LabServer):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@contextmanager
def diagnostics_on_failure(page, artifacts: Path, name: str) -> Iterator[None]:
    """On any failure keep a screenshot and re-raise with the artifacts' folder in the message."""
    try:
        yield
    except BaseException as error:
        try:
            page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        except Exception as screenshot_error:  # the page itself may be what broke
            (artifacts / f"{name}-screenshot-failed.txt").write_text(repr(screenshot_error))
        raise AssertionError(
            f"{name}: {error}\nscreenshots and server log: {artifacts}"
        ) from error


def open_notebook(page, lab: LabServer, notebook: str) -> None:
    """Open ``notebook``: the first by URL in a fresh workspace, later ones (same folder) by a
    double click in the file browser, which saves reloading JupyterLab."""
    assert (NOTEBOOK_ROOT / notebook).is_file(), f"missing notebook {NOTEBOOK_ROOT / notebook}"
    file_name = Path(notebook).name
    if page.url.startswith(lab.base_url):
        page.locator(".jp-DirListing-item", has_text=file_name).dblclick()
    else:
        page.goto(lab.notebook_url(notebook))
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=file_name).wait_for(timeout=60_000)
    page.wait_for_selector(f"{VISIBLE_NOTEBOOK} .jp-Notebook-cell", timeout=60_000)


def run_cell(page, lab: LabServer, notebook: str, text: str) -> None:
    """Run the one cell of the visible notebook whose source contains ``text``, once its kernel
    is ready. The widget cells import what they need, so the rest of the notebook (nbval runs
    it) need not run here."""
    lab.wait_for_kernel(notebook)
    page.wait_for_selector(IDLE_KERNEL, timeout=60_000)
    cell = page.locator(f"{VISIBLE_NOTEBOOK} .jp-CodeCell", has_text=text).first
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def image_digest(page, image_selector: str) -> str:
    """SHA-256 of the PNG bytes the widget's <img> shows (fetched from its blob URL)."""
    data = page.evaluate(
        """async (selector) => {
            const response = await fetch(document.querySelector(selector).src);
            return Array.from(new Uint8Array(await response.arrayBuffer()));
        }""",
        image_selector,
    )
    png = bytes(data)
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), "the widget image is not a PNG"
    return hashlib.sha256(png).hexdigest()


def press_slider(page, slider_selector: str, key: str, presses: int) -> float:
    """Focus a slider's handle, press ``key`` ``presses`` times; returns the value it started at."""
    slider = page.locator(slider_selector).first
    slider.scroll_into_view_if_needed()
    # textContent, not innerText: JupyterLab skips rendering off-screen cells
    # (content-visibility), and innerText of skipped content is empty.
    start = float(slider.locator(".widget-readout").text_content())
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(presses):
        handle.press(key)
    return start


def readout_numbers(text: str, key: str) -> list[float] | None:
    """The number(s) on the readout line ``key: …`` or ``한국어(key): …``; None if absent."""
    match = re.search(rf"{re.escape(key)}\)?: \[?([^\]\n]*)", text)
    return None if match is None else [float(v) for v in match.group(1).split()]


def wait_for_readout(
    page, readout_selector: str, key: str, expected: list[float], timeout: float = 60.0
) -> None:
    """Wait until the readout line ``key`` shows ``expected``.

    The figure and text redraw on every key press, so this waits for the final value."""
    deadline, shown = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        text = page.locator(readout_selector).first.text_content()
        shown = readout_numbers(text, key)
        if shown is not None and len(shown) == len(expected) and all(
            abs(a - b) < 1e-3 for a, b in zip(shown, expected, strict=True)
        ):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"readout {key!r} shows {shown}, expected {expected}")


def check_epsilon_explorer(page) -> None:
    root = f"{VISIBLE_NOTEBOOK} .dqn-epsilon-explorer"
    image, readout = f"{root} img", f"{root} .dqn-readout"
    page.wait_for_selector(readout, timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector(IDLE_KERNEL, timeout=RUN_TIMEOUT_MS)
    before = image_digest(page, image)
    q_values = [float(v) for v in page.locator(f"{root} .widget-text input").evaluate_all(
        "inputs => inputs.map(input => input.value)")]

    presses = 4
    start = press_slider(page, f"{root} .dqn-epsilon-slider", "ArrowRight", presses)
    epsilon = min(round(start + presses * EPSILON_STEP, 2), 1.0)
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector)?.textContent.trim() === text",
        arg=[f"{root} .dqn-epsilon-slider .widget-readout", f"{epsilon:.2f}"],
    )
    greedy = q_values.index(max(q_values))
    expected = [epsilon / len(q_values) + (1 - epsilon) * (a == greedy)
                for a in range(len(q_values))]
    wait_for_readout(page, readout, "probabilities", expected)
    # Each redraw sets the image before the text, so the final text means the final image.
    assert image_digest(page, image) != before, "the ε-greedy chart did not change"


def check_gamma_explorer(page) -> None:
    root = f"{VISIBLE_NOTEBOOK} .dqn-gamma-explorer"
    image, readout = f"{root} img", f"{root} .dqn-readout"
    page.wait_for_selector(readout, timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector(IDLE_KERNEL, timeout=RUN_TIMEOUT_MS)
    before = image_digest(page, image)

    presses = 5
    start = press_slider(page, f"{root} .dqn-gamma-slider", "ArrowLeft", presses)
    gamma = max(round(start - presses * GAMMA_STEP, 3), 0.0)
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector)?.textContent.trim() === text",
        arg=[f"{root} .dqn-gamma-slider .widget-readout", f"{gamma:.3f}"],
    )
    wait_for_readout(page, readout, "effective horizon", [1 / (1 - gamma)])
    assert image_digest(page, image) != before, "the γ chart did not change"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sliders_redraw_widgets_in_jupyterlab(lang, lab, browser, artifacts):
    korean_ui = lang == "ko" and korean_language_pack_installed()
    # {} = the defaults of jupyter/overrides.json (Korean); "en" overrides them.
    lab.set_user_setting(TRANSLATION_PLUGIN, {} if lang == "ko" else {"locale": "en"})
    notebooks = [EPSILON_NOTEBOOK.format(lang=lang), GAMMA_NOTEBOOK.format(lang=lang)]
    original = {nb: (NOTEBOOK_ROOT / nb).read_bytes() for nb in notebooks
                if (NOTEBOOK_ROOT / nb).is_file()}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    started = time.monotonic()
    try:
        for notebook, call, check in zip(
            notebooks,
            ("epsilon_explorer(", "gamma_explorer("),
            (check_epsilon_explorer, check_gamma_explorer),
            strict=True,
        ):
            name = f"{lang}-{Path(notebook).stem}"
            with diagnostics_on_failure(page, artifacts, name):
                open_notebook(page, lab, notebook)
                run_cell(page, lab, notebook, call)
                menu_text = " ".join(page.locator(".lm-MenuBar-item").all_inner_texts())
                assert bool(HANGUL.search(menu_text)) == korean_ui, (
                    f"expected the {'Korean' if korean_ui else 'English'} UI, menu: {menu_text}"
                )
                check(page)
    finally:
        context.close()
        lab.shutdown_kernels()
    assert not page_errors, f"JavaScript errors in JupyterLab: {page_errors}"
    for notebook, content in original.items():
        assert (NOTEBOOK_ROOT / notebook).read_bytes() == content, f"{notebook} was modified"
    print(f"{lang}: both notebooks checked in {time.monotonic() - started:.1f} s")


def readout_steps(page, readout_selector: str) -> int:
    numbers = readout_numbers(page.locator(readout_selector).text_content(), "environment steps")
    return 0 if numbers is None else int(numbers[0])


def test_training_playground_trains_in_background_and_stops(lab, browser, artifacts):
    """Run in notebook 06: the curve updates while the kernel is idle, and Stop ends training.

    Only the playground's own cell runs (it imports what it needs): the whole notebook trains
    for half a minute, which the slider tests above do not need."""
    lab.set_user_setting(TRANSLATION_PLUGIN, {"locale": "en"})
    notebook = PLAYGROUND_NOTEBOOK.format(lang="en")
    original = (NOTEBOOK_ROOT / notebook).read_bytes()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    root = f"{VISIBLE_NOTEBOOK} .dqn-training-playground"
    run_button, stop_button = f"{root} .dqn-run-button", f"{root} .dqn-stop-button"
    readout = f"{root} .dqn-readout"
    try:
        with diagnostics_on_failure(page, artifacts, "en-06_training_playground"):
            open_notebook(page, lab, notebook)
            run_cell(page, lab, notebook, "training_playground(")
            page.locator(run_button).wait_for(timeout=RUN_TIMEOUT_MS)
            page.wait_for_selector(IDLE_KERNEL, timeout=60_000)
            total_steps = int(page.locator(
                f"{root} .dqn-total-steps-slider .widget-readout").text_content())

            page.locator(run_button).click()
            page.wait_for_selector(f"{run_button}:disabled")
            deadline = time.monotonic() + 60
            while readout_steps(page, readout) == 0 and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            first_update = readout_steps(page, readout)
            assert first_update > 0, "the learning curve never updated"
            # Training goes on in its thread while the kernel is free for other cells.
            page.wait_for_selector(IDLE_KERNEL, timeout=30_000)
            deadline = time.monotonic() + 60
            while readout_steps(page, readout) <= first_update and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            assert page.locator(IDLE_KERNEL).count() == 1
            assert readout_steps(page, readout) > first_update, "training stopped updating"

            page.locator(stop_button).click()
            page.wait_for_selector(f"{stop_button}:disabled", timeout=60_000)
            page.wait_for_selector(f"{run_button}:enabled")
            assert readout_steps(page, readout) < total_steps, "Stop did not stop training"
    finally:
        context.close()
        lab.shutdown_kernels()
    assert (NOTEBOOK_ROOT / notebook).read_bytes() == original, f"{notebook} was modified"
