"""The course widgets, driven in-process (no browser): controls → numbers, figures and text.

The browser half (real JupyterLab, real Chromium) is tests/test_browser.py.
"""

from __future__ import annotations

import base64
import re
import threading
import warnings

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from dqn_teach.config import preset as preset_config
from dqn_teach.widgets import (
    EpsilonExplorer,
    epsilon_explorer,
    gamma_explorer,
    training_playground,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HANGUL = re.compile("[\uac00-\ud7a3]")


def readout_value(text: str, key: str) -> str:
    """The value after ``key:`` (or ``한국어(key):``) in a readout."""
    match = re.search(rf"(?:^|\(){re.escape(key)}\)?: (.+)$", text, flags=re.MULTILINE)
    assert match, f"no {key!r} line in readout:\n{text}"
    return match.group(1)


def readout_array(text: str, key: str) -> np.ndarray:
    return np.array(readout_value(text, key).strip("[]").split(), dtype=float)


def expected_epsilon_greedy(q_values, epsilon):
    """The ε-greedy distribution from its definition (independent of the package)."""
    probabilities = np.full(len(q_values), epsilon / len(q_values))
    probabilities[int(np.argmax(q_values))] += 1.0 - epsilon
    return probabilities


def all_figure_text(figure) -> list[str]:
    texts = [figure.get_suptitle()] if hasattr(figure, "get_suptitle") else []
    for ax in figure.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


# ------------------------------------------------------------------------------------ ε explorer
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_epsilon_slider_updates_probabilities_text_and_figure(lang):
    explorer = epsilon_explorer(lang=lang)
    q_values = [box.value for box in explorer.q_inputs]
    np.testing.assert_allclose(
        readout_array(explorer.text, "probabilities"), expected_epsilon_greedy(q_values, 0.1)
    )
    first_png, first_html = explorer.image.value, explorer.readout.value

    explorer.epsilon_slider.value = 0.4
    np.testing.assert_allclose(
        readout_array(explorer.text, "probabilities"), expected_epsilon_greedy(q_values, 0.4)
    )
    assert bytes(explorer.image.value).startswith(PNG_SIGNATURE)
    assert explorer.image.value != first_png
    assert explorer.readout.value != first_html
    assert "[0.1 0.7 0.1 0.1]" in explorer.readout.value  # what the browser test waits for


def test_editing_a_q_value_moves_the_greedy_action():
    explorer = epsilon_explorer(q_values=(1.0, 2.5, 0.5, 1.5), epsilon=0.2)
    assert explorer.probabilities().argmax() == 1
    explorer.q_inputs[3].value = 9.0
    np.testing.assert_allclose(
        readout_array(explorer.text, "probabilities"),
        expected_epsilon_greedy([1.0, 2.5, 0.5, 9.0], 0.2),
    )


@pytest.mark.parametrize("epsilon", [0.0, 0.3, 1.0])
def test_sampled_histogram_matches_probabilities(epsilon):
    n_samples = 4000
    explorer = epsilon_explorer(epsilon=epsilon, n_samples=n_samples, seed=3)
    probabilities = explorer.probabilities()
    frequencies = explorer.sampled_frequencies()
    assert frequencies.sum() == pytest.approx(1.0)
    # 5 binomial standard deviations: fails only if sampling does not follow the probabilities.
    tolerance = 5 * np.sqrt(probabilities * (1 - probabilities) / n_samples) + 1e-12
    assert np.all(np.abs(frequencies - probabilities) <= tolerance), (frequencies, probabilities)
    np.testing.assert_allclose(
        readout_array(explorer.text, "sampled frequencies (N=4000)"), frequencies, atol=5e-4
    )


def test_histogram_is_deterministic_per_seed():
    first = epsilon_explorer(epsilon=0.5, seed=1).sampled_frequencies()
    again = epsilon_explorer(epsilon=0.5, seed=1).sampled_frequencies()
    other = epsilon_explorer(epsilon=0.5, seed=2).sampled_frequencies()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_step_slider_reads_the_linear_schedule():
    explorer = epsilon_explorer()
    start_t, end_t = explorer.schedule.start_t, explorer.schedule.end_t
    start_value, end_value = explorer.schedule.start_value, explorer.schedule.end_value
    for t in (start_t, (start_t + end_t) // 2, explorer.step_slider.max):
        explorer.step_slider.value = t
        fraction = min((t - start_t) / (end_t - start_t), 1.0)
        expected = start_value + fraction * (end_value - start_value)
        assert readout_value(explorer.text, "schedule") == f"ε(t={t}) = {round(expected, 4)}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "lang must be 'ko' or 'en'"),
        ({"epsilon": 1.5}, "epsilon must be between 0 and 1"),
        ({"q_values": [1.0]}, "at least 2 finite numbers"),
        ({"q_values": [1.0, float("nan")]}, "at least 2 finite numbers"),
        ({"n_samples": 0}, "n_samples must be an integer"),
    ],
)
def test_epsilon_explorer_rejects_bad_input_clearly(kwargs, message):
    with pytest.raises(ValueError, match=message):
        epsilon_explorer(**kwargs)


# ------------------------------------------------------------------------------------ γ explorer
@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9, 0.99, 0.999])
def test_gamma_numbers(gamma):
    explorer = gamma_explorer()
    before = explorer.image.value
    explorer.gamma_slider.value = gamma
    if gamma != 0.9:
        assert explorer.image.value != before
    assert explorer.effective_horizon() == pytest.approx(1 / (1 - gamma))
    assert explorer.cartpole_return() == pytest.approx(
        sum(gamma**k for k in range(500)), rel=1e-9
    )
    not_terminal, terminal = explorer.td_targets()
    assert not_terminal == pytest.approx(1.0 + gamma * 3.0, rel=1e-6)  # r + γ max(2, 3)
    assert terminal == pytest.approx(1.0)  # no bootstrap after termination
    text = explorer.text
    assert float(readout_value(text, "effective horizon")) == pytest.approx(1 / (1 - gamma), 1e-3)
    assert float(readout_value(text, "discounted return of 500 rewards")) == pytest.approx(
        (1 - gamma**500) / (1 - gamma), abs=1e-3
    )
    assert readout_value(text, "TD target, not terminal").endswith(
        f"= {round(1.0 + gamma * 3.0, 3)}"
    )


def test_gamma_default_readout_in_both_languages():
    assert "effective horizon: 10.0" in gamma_explorer(lang="en").text
    assert "유효 지평선(effective horizon): 10.0" in gamma_explorer(lang="ko").text


def test_gamma_explorer_rejects_gamma_of_one():
    with pytest.raises(ValueError, match="gamma must be between 0 and 0.999"):
        gamma_explorer(gamma=1.0)


# ---------------------------------------------------------------------------- training playground
def test_playground_trains_updates_the_curve_and_finishes():
    playground = training_playground()
    playground.total_steps_slider.value = 1_000
    static_png = playground.image.value
    playground.start()
    assert playground.running and playground.run_button.disabled
    assert all(control.disabled for control in playground.settings)
    assert playground.wait(timeout=120), "training did not finish in 120 s"

    result = playground.result
    assert playground.error is None
    assert result.env_steps == 1_000
    assert result.eval_steps == [500, 1_000]  # one curve update per evaluation
    assert playground.agent.config.gamma == playground.gamma_slider.value
    assert playground.image.value != static_png
    assert f"environment steps: {result.env_steps}" in playground.text
    assert not playground.run_button.disabled and playground.stop_button.disabled
    assert not any(control.disabled for control in playground.settings)


def test_playground_config_keeps_the_preset_and_fits_the_chosen_settings():
    preset = preset_config("cartpole")
    playground = training_playground()
    assert playground.config() == preset.replace(
        learning_rate=playground.learning_rate_slider.value,
        learning_rate_decay=(
            preset.learning_rate_decay[0],
            playground.learning_rate_slider.value
            * preset.learning_rate_decay[1]
            / preset.learning_rate,
        ),
    )
    # a start rate below the preset's end value: the decay still goes down, never up
    playground.learning_rate_slider.value = 1e-5
    end_t, end_value = playground.config().learning_rate_decay
    assert end_t == preset.learning_rate_decay[0]
    assert end_value < 1e-5
    assert end_value / 1e-5 == pytest.approx(preset.learning_rate_decay[1] / preset.learning_rate)
    # no target network (the 2013 paper) switches Double DQN off instead of failing
    playground.target_update_dropdown.value = None
    assert playground.config().target_update_period is None
    assert playground.config().double_dqn is False
    playground.target_update_dropdown.value = 100
    assert playground.config().double_dqn is True
    playground.multi_step_dropdown.value = 1  # one-step targets, as in the papers
    assert playground.config().multi_step == 1


def test_playground_stop_ends_training_and_its_thread():
    playground = training_playground()
    playground.total_steps_slider.value = 50_000
    playground.learning_rate_slider.value = 1e-2
    playground.target_update_dropdown.value = 100
    playground.start()
    try:
        for _ in range(600):  # wait for the first curve update (first evaluation)
            if playground.result is not None and playground.result.eval_steps:
                break
            playground.wait(timeout=0.2)
        playground.stop_button.click()
        assert playground.wait(timeout=60), "training did not stop within 60 s of Stop"
    finally:
        playground.stop()
        playground.wait(timeout=60)
    result = playground.result
    assert result.stopped_by_callback
    assert result.env_steps < 50_000
    assert playground.agent.config.target_update_period == 100
    assert playground.agent.config.learning_rate == pytest.approx(1e-2)
    assert "stopped" in playground.text
    assert not any(t.name == "dqn-playground" for t in threading.enumerate())


def test_a_new_playground_stops_the_run_of_the_previous_one():
    """Re-running the cell replaces the widget; the old, now invisible run must not go on."""
    first = training_playground()
    first.total_steps_slider.value = 50_000
    first.start()
    try:
        second = training_playground()
        assert first.wait(timeout=60), "the earlier run did not stop"
    finally:
        first.stop()
        first.wait(timeout=60)
    assert first.result.stopped_by_callback and first.result.env_steps < 50_000
    assert not second.running


# ------------------------------------------------------------------------ language and display
@pytest.mark.parametrize("make", [epsilon_explorer, gamma_explorer, training_playground])
def test_korean_labels_render_without_missing_glyphs(make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        explorer = make(lang="ko")
        figure = explorer.figure()
        explorer.refresh()
    assert explorer.figure_lang == "ko", "no Hangul font found: install fonts-nanum"
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing
    texts = all_figure_text(figure)
    assert any(HANGUL.search(t) for t in texts), texts
    widget_text = " ".join(
        str(getattr(child, "description", "")) for child in explorer.widget.children
    ) + explorer.text
    assert HANGUL.search(widget_text)
    assert not any(HANGUL.search(t) for t in all_figure_text(make(lang="en").figure()))


def test_display_bundle_has_live_widget_static_png_of_defaults_and_text():
    explorer = epsilon_explorer(lang="en")
    default_png = explorer.image.value
    explorer.epsilon_slider.value = 0.5  # the static view keeps the defaults
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
        explorer.widget.model_id
    )
    assert base64.b64decode(bundle["image/png"]) == bytes(default_png)
    assert "probabilities: [0.025 0.925 0.025 0.025]" in bundle["text/plain"]
    assert "probabilities: [0.125 0.625 0.125 0.125]" in explorer.text  # the live readout
    assert isinstance(explorer, EpsilonExplorer)


def test_plain_kernel_without_front_end_shows_static_figures(tmp_path):
    """What nbval and `tools.nbbuild --execute` see: a real kernel, no browser."""
    notebook = nbformat.v4.new_notebook()
    calls = ['epsilon_explorer(lang="ko")', 'gamma_explorer(lang="en")',
             'training_playground(lang="ko")']
    notebook.cells = [nbformat.v4.new_code_cell(
        "from dqn_teach.widgets import epsilon_explorer, gamma_explorer, training_playground")]
    notebook.cells += [nbformat.v4.new_code_cell(f"# NBVAL_IGNORE_OUTPUT\n{c}") for c in calls]
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell in notebook.cells[1:]:
        (output,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert base64.b64decode(output.data["image/png"]).startswith(PNG_SIGNATURE)
        assert "application/vnd.jupyter.widget-view+json" in output.data
    assert "행동 확률(probabilities): [0.025 0.925 0.025 0.025]" in (
        notebook.cells[1].outputs[0].data["text/plain"]
    )
    assert "effective horizon: 10.0" in notebook.cells[2].outputs[0].data["text/plain"]
