"""Interactive explorers for the course notebooks: ε (03), γ (04) and a training playground (06).

Every explorer is computed by the package's real code (``EpsilonGreedyPolicy``, ``LinearSchedule``,
``DQN.compute_td_target``, ``train``), so what a learner sees is what the agent does.

How an explorer shows itself: put the call last in a cell (or pass it to ``display``). Its display
bundle holds three views of the same thing, and each front end picks the one it can show:

- a live ipywidgets view (JupyterLab with a running kernel): sliders redraw the figure;
- a PNG of the figure for the default values (GitHub, a notebook opened without running it,
  nbval): static and deterministic;
- plain text of the key numbers (a terminal).

The figure is an ``ipywidgets.Image`` and the numbers an ``ipywidgets.HTML``, not an ``Output``
widget, so nothing depends on how a front end captures outputs, and the training thread of the
playground can update them without a cell running. Each readout line names its quantity in
English (after the Korean, in parentheses, for ``lang="ko"``), e.g. ``probabilities: [...]`` or
``행동 확률(probabilities): [...]``, so tests and learners can find a number in either language.
"""

from __future__ import annotations

import base64
import html
import io
import threading
import weakref
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dqn_teach.config import ConfigError, cartpole_config
from dqn_teach.fonts import setup_fonts
from dqn_teach.i18n import check_lang, tr
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule

__all__ = [
    "EpsilonExplorer",
    "GammaExplorer",
    "TrainingPlayground",
    "epsilon_explorer",
    "gamma_explorer",
    "training_playground",
]

FIGURE_DPI = 80  # small PNGs: they are stored in the notebooks and re-sent on every slider move
CARTPOLE_MAX_STEPS = 500  # CartPole-v1's time limit: a perfect episode is 500 rewards of 1
HIGHLIGHT, MUTED, ACCENT = "#d62728", "#9aa7b8", "#1f77b4"


def figure_png(figure: Figure) -> bytes:
    """Render a matplotlib ``Figure`` to PNG bytes (Agg; no pyplot, safe in a worker thread)."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI)
    return buffer.getvalue()


def _key(lang: str, ko: str, en: str) -> str:
    """A readout label: the Korean term with its English key, or the English key alone."""
    return f"{ko}({en})" if lang == "ko" else en


def _format_array(values: np.ndarray, decimals: int = 4) -> str:
    """``[0.025 0.925 0.025 0.025]``: rounded so float noise from the sliders never shows."""
    return np.array2string(np.round(np.asarray(values, dtype=np.float64), decimals) + 0.0)


def _format_number(value: float, decimals: int = 3) -> str:
    return str(round(float(value), decimals) + 0.0)  # + 0.0 turns -0.0 into 0.0


class Explorer:
    """Shared machinery: a widget tree with a figure, a text readout and a static display.

    Subclasses build ``controls`` and implement :meth:`figure` and :meth:`readout_lines`.

    Attributes:
        lang: language of the widget labels ("ko" or "en").
        figure_lang: language of the figure labels: ``lang``, or "en" when no Hangul font exists.
        image: ``ipywidgets.Image`` showing the current figure as PNG.
        readout: ``ipywidgets.HTML`` with the key numbers (one per line).
        widget: the root ``ipywidgets`` box.
    """

    css_class = "dqn-explorer"  # subclasses add their own, e.g. "dqn-epsilon-explorer"

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self.figure_lang = setup_fonts(lang)
        self._render_lock = threading.Lock()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.readout = widgets.HTML()
        self.readout.add_class("dqn-readout")
        self.widget: widgets.Box = widgets.VBox()

    # -- for subclasses ---------------------------------------------------------------------------
    def figure(self) -> Figure:
        """The figure for the current control values."""
        raise NotImplementedError

    def readout_lines(self) -> list[str]:
        """The key numbers for the current control values, one ``label: value`` per line."""
        raise NotImplementedError

    def _assemble(self, controls: Sequence[widgets.Widget]) -> None:
        self.widget.children = (*controls, self.image, self.readout)
        self.widget.add_class(Explorer.css_class)
        self.widget.add_class(self.css_class)
        self.refresh()
        # What front ends without a live kernel show: the figure and numbers of the defaults.
        self.default_png, self.default_text = bytes(self.image.value), self.text

    # -- shared -----------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The readout as plain text."""
        return "\n".join(self.readout_lines())

    def refresh(self, _change: Any = None) -> None:
        """Redraw the figure and the readout from the current control values."""
        with self._render_lock:
            self.image.value = figure_png(self.figure())
            self.readout.value = f"<pre>{html.escape(self.text)}</pre>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.widget._repr_mimebundle_()
        bundle["image/png"] = base64.b64encode(self.default_png).decode("ascii")
        bundle["text/plain"] = self.default_text
        return bundle


# ----------------------------------------------------------------------------------------- ε (03)
class EpsilonExplorer(Explorer):
    """ε-greedy probabilities, sampled actions and the linear decay schedule (notebook 03).

    Attributes:
        q_inputs: one ``FloatText`` per action, the Q-values of a single state.
        epsilon_slider: ε in [0, 1].
        step_slider: environment step ``t`` marked on the ε schedule.
        schedule: the :class:`~dqn_teach.policy.LinearSchedule` of the course's CartPole preset.
    """

    css_class = "dqn-epsilon-explorer"

    def __init__(
        self,
        lang: str = "en",
        q_values: Sequence[float] = (1.0, 2.5, 0.5, 1.5),
        epsilon: float = 0.1,
        n_samples: int = 1000,
        seed: int = 0,
    ) -> None:
        super().__init__(lang)
        q_values = _check_q_values(q_values)
        if not 0.0 <= float(epsilon) <= 1.0:
            raise ValueError(f"epsilon must be between 0 and 1, got {epsilon}.")
        if not isinstance(n_samples, int) or n_samples < 1:
            raise ValueError(f"n_samples must be an integer ≥ 1, got {n_samples!r}.")
        self.n_samples, self.seed = n_samples, seed
        self.schedule = LinearSchedule(*cartpole_config().epsilon_linear_decay)

        self.q_inputs = [
            widgets.FloatText(value=q, description=f"Q(s, {a})",
                              layout=widgets.Layout(width="150px"))
            for a, q in enumerate(q_values)
        ]
        self.epsilon_slider = widgets.FloatSlider(
            value=float(epsilon), min=0.0, max=1.0, step=0.05, readout_format=".2f",
            description=tr(lang, "탐험 확률 ε", "exploration ε"),
            style={"description_width": "initial"},
        )
        self.epsilon_slider.add_class("dqn-epsilon-slider")
        self.step_slider = widgets.IntSlider(
            value=self.schedule.end_t // 4, min=0, max=self.schedule.end_t * 5 // 4, step=100,
            description=tr(lang, "환경 스텝 t", "environment step t"),
            style={"description_width": "initial"},
        )
        self.step_slider.add_class("dqn-step-slider")
        for control in (*self.q_inputs, self.epsilon_slider, self.step_slider):
            control.observe(self.refresh, names="value")
        q_label = widgets.HTML(tr(lang, "<b>한 상태의 Q 값</b>", "<b>Q-values of one state</b>"))
        self._assemble([
            q_label, widgets.HBox(self.q_inputs), self.epsilon_slider, self.step_slider,
        ])

    @property
    def epsilon(self) -> float:
        return float(self.epsilon_slider.value)

    def q_values(self) -> torch.Tensor:
        """The Q-values typed in, as ``(1, num_actions)``."""
        return torch.tensor([[float(box.value) for box in self.q_inputs]])

    def probabilities(self) -> np.ndarray:
        """``(num_actions,)`` from :meth:`EpsilonGreedyPolicy.probabilities`."""
        return EpsilonGreedyPolicy(self.epsilon).probabilities(self.q_values())[0].numpy()

    def sampled_frequencies(self) -> np.ndarray:
        """``(num_actions,)`` share of each action among ``n_samples`` actions drawn by
        :meth:`EpsilonGreedyPolicy.sample` with a generator seeded by ``seed`` (deterministic)."""
        generator = torch.Generator().manual_seed(self.seed)
        policy = EpsilonGreedyPolicy(self.epsilon, generator=generator)
        q_values = self.q_values()
        actions = policy.sample(q_values.expand(self.n_samples, -1))  # (n_samples, 1)
        counts = torch.bincount(actions[:, 0], minlength=q_values.shape[1])
        return (counts.double() / self.n_samples).numpy()

    def readout_lines(self) -> list[str]:
        lang, t, n = self.lang, self.step_slider.value, self.n_samples
        return [
            f"ε = {self.epsilon:.2f}",
            f"{_key(lang, '행동 확률', 'probabilities')}: {_format_array(self.probabilities())}",
            f"{_key(lang, f'{n}번 샘플링한 빈도', f'sampled frequencies (N={n})')}: "
            f"{_format_array(self.sampled_frequencies(), 3)}",
            f"{_key(lang, '스케줄', 'schedule')}: ε(t={t}) = {_format_number(self.schedule(t), 4)}",
        ]

    def figure(self) -> Figure:
        lang = self.figure_lang
        probabilities, frequencies = self.probabilities(), self.sampled_frequencies()
        actions = np.arange(len(probabilities))
        colors = [HIGHLIGHT if a == probabilities.argmax() else MUTED for a in actions]
        figure = Figure(figsize=(12, 3.6), layout="constrained")
        prob_ax, freq_ax, schedule_ax = figure.subplots(1, 3)

        prob_ax.bar(actions, probabilities, color=colors)
        for a, p in zip(actions, probabilities, strict=True):
            prob_ax.text(a, p + 0.02, f"{p:.3f}", ha="center")
        prob_ax.set(
            title=tr(lang, f"입실론-탐욕 확률 (ε = {self.epsilon:.2f})",
                     f"ε-greedy probabilities (ε = {self.epsilon:.2f})"),
            xlabel=tr(lang, "행동", "action"), ylabel=tr(lang, "확률", "probability"),
            ylim=(0, 1.1), xticks=actions,
        )

        freq_ax.bar(actions, frequencies, color=colors, label=tr(lang, "샘플 빈도", "sampled"))
        freq_ax.scatter(actions, probabilities, color="black", marker="_", s=400, zorder=3,
                        label=tr(lang, "확률", "probability"))
        freq_ax.set(
            title=tr(lang, f"행동 {self.n_samples}개 샘플링", f"{self.n_samples} sampled actions"),
            xlabel=tr(lang, "행동", "action"), ylabel=tr(lang, "빈도", "frequency"),
            ylim=(0, 1.1), xticks=actions,
        )
        freq_ax.legend(loc="upper right")

        steps = np.linspace(0, self.step_slider.max, 200)
        t = self.step_slider.value
        schedule_ax.plot(steps, [self.schedule(s) for s in steps], color=ACCENT)
        schedule_ax.scatter([t], [self.schedule(t)], color=HIGHLIGHT, zorder=3, s=50)
        schedule_ax.annotate(f"ε({t}) = {self.schedule(t):.3f}", (t, self.schedule(t)),
                             textcoords="offset points", xytext=(8, 8))
        schedule_ax.set(
            title=tr(lang, "선형 감소 스케줄", "linear decay schedule"),
            xlabel=tr(lang, "환경 스텝 t", "environment step t"), ylabel="ε",
            ylim=(0, max(self.schedule.start_value, self.schedule.end_value) * 1.25),
        )
        return figure


def _check_q_values(q_values: Sequence[float]) -> list[float]:
    values = np.asarray(q_values, dtype=np.float64)
    if values.ndim != 1 or len(values) < 2 or not np.isfinite(values).all():
        raise ValueError(
            f"q_values must be a flat list of at least 2 finite numbers (one per action), got "
            f"{q_values!r}."
        )
    return values.tolist()


def epsilon_explorer(
    lang: str = "en",
    q_values: Sequence[float] = (1.0, 2.5, 0.5, 1.5),
    epsilon: float = 0.1,
    n_samples: int = 1000,
    seed: int = 0,
) -> EpsilonExplorer:
    """Explore ε-greedy action selection (notebook 03). Put the call last in its cell.

    Args:
        lang: "ko" or "en" labels.
        q_values: Q-values of one state, one per action (editable in the widget).
        epsilon: the initial ε.
        n_samples: actions sampled for the frequency histogram.
        seed: seed of the sampling generator (same seed, same histogram).
    """
    return EpsilonExplorer(lang, q_values, epsilon, n_samples, seed)


# ----------------------------------------------------------------------------------------- γ (04)
class GammaExplorer(Explorer):
    """Discount weights, effective horizon, return of a CartPole episode and TD targets (04).

    The TD targets come from :meth:`dqn_teach.agent.DQN.compute_td_target` of a small agent whose
    network returns the fixed Q-values ``next_q_values`` for the example next state.

    Attributes:
        gamma_slider: γ in [0, 0.999]. Near 0.999 the effective horizon (1000) outgrows CartPole's
            500-step time limit, and the return of a truncated episode falls visibly short.
        reward / next_q_values: the example transition: ``r`` and ``Q(s', ·)``.
    """

    css_class = "dqn-gamma-explorer"
    reward = 1.0
    next_q_values = (2.0, 3.0)
    weights_shown = 200  # discount weights γ^k drawn for k = 0 … weights_shown - 1
    max_gamma = 0.999

    def __init__(self, lang: str = "en", gamma: float = 0.9) -> None:
        super().__init__(lang)
        if not 0.0 <= float(gamma) <= self.max_gamma:
            raise ValueError(
                f"gamma must be between 0 and {self.max_gamma} for this explorer, got {gamma}. "
                "(gamma = 1 makes the horizon infinite.)"
            )
        self.gamma_slider = widgets.FloatSlider(
            value=float(gamma), min=0.0, max=self.max_gamma, step=0.001, readout_format=".3f",
            description=tr(lang, "할인율 γ", "discount γ"), style={"description_width": "initial"},
        )
        self.gamma_slider.add_class("dqn-gamma-slider")
        self.gamma_slider.observe(self.refresh, names="value")
        self._assemble([self.gamma_slider])

    @property
    def gamma(self) -> float:
        return float(self.gamma_slider.value)

    def discount_weights(self, length: int) -> np.ndarray:
        """``(length,)`` weights ``γ^k`` of the reward ``k`` steps ahead."""
        return self.gamma ** np.arange(length)

    def effective_horizon(self) -> float:
        """``1 / (1 − γ)``: the weights sum to it, so rewards beyond it barely count."""
        return 1.0 / (1.0 - self.gamma)

    def cartpole_return(self) -> float:
        """Discounted return of a perfect CartPole episode: 500 rewards of 1, then the time limit
        truncates it (so the state after it still has value; the return just stops counting)."""
        rewards = np.ones(CARTPOLE_MAX_STEPS)
        return float(np.sum(self.discount_weights(CARTPOLE_MAX_STEPS) * rewards))

    def td_targets(self) -> tuple[float, float]:
        """``(not terminal, terminal)`` TD targets of the example transition, from the agent."""
        from dqn_teach.agent import DQN
        from dqn_teach.config import DQNConfig

        # A linear "network" with identity weights: next_obs = Q(s', ·), so the targets are exact.
        num_actions = len(self.next_q_values)
        network = torch.nn.Linear(num_actions, num_actions, bias=False)
        with torch.no_grad():
            network.weight.copy_(torch.eye(num_actions))
        config = DQNConfig(training_freq=1, batch_size=1, capacity=1, epoch=1,
                           epsilon_linear_decay=(0, 1, 0.0, 0.0), gamma=self.gamma)
        agent = DQN(config, network)
        next_obs = torch.tensor([self.next_q_values, self.next_q_values])  # (2, num_actions)
        reward = torch.full((2, 1), self.reward)
        terminated = torch.tensor([[0.0], [1.0]])
        targets = agent.compute_td_target(next_obs, reward, terminated)  # (2, 1)
        return float(targets[0, 0]), float(targets[1, 0])

    def readout_lines(self) -> list[str]:
        lang = self.lang
        bootstrap, terminal = self.td_targets()
        max_next_q = max(self.next_q_values)
        return [
            f"γ = {self.gamma:.3f}",
            f"{_key(lang, '유효 지평선', 'effective horizon')}: "
            f"{_format_number(self.effective_horizon())}",
            f"{_key(lang, '보상 500개의 할인된 반환값', 'discounted return of 500 rewards')}: "
            f"{_format_number(self.cartpole_return())}",
            f"{_key(lang, 'TD 타깃, 종료 아님', 'TD target, not terminal')}: "
            f"{self.reward:g} + {self.gamma:g} × {max_next_q:g} = {_format_number(bootstrap)}",
            f"{_key(lang, 'TD 타깃, 종료', 'TD target, terminal')}: {_format_number(terminal)}",
        ]

    def figure(self) -> Figure:
        lang, gamma = self.figure_lang, self.gamma
        horizon = self.effective_horizon()
        figure = Figure(figsize=(12, 3.6), layout="constrained")
        weights_ax, return_ax, target_ax = figure.subplots(1, 3)

        k = np.arange(self.weights_shown)
        weights_ax.bar(k, self.discount_weights(self.weights_shown), width=1.0, color=ACCENT)
        weights_ax.axvline(horizon, color=HIGHLIGHT, linestyle="--",
                           label=tr(lang, f"유효 지평선 1/(1−γ) = {horizon:.1f}",
                                    f"effective horizon 1/(1−γ) = {horizon:.1f}"))
        weights_ax.set(title=tr(lang, f"할인 가중치 $\\gamma^k$ (γ = {gamma:.3f})",
                                f"discount weights $\\gamma^k$ (γ = {gamma:.3f})"),
                       xlabel=tr(lang, "k스텝 뒤의 보상", "reward k steps ahead"),
                       ylabel=tr(lang, "가중치", "weight"), ylim=(0, 1.05),
                       xlim=(-1, self.weights_shown))
        weights_ax.legend(loc="upper right")

        t = np.arange(1, CARTPOLE_MAX_STEPS + 1)
        partial_returns = np.cumsum(self.discount_weights(CARTPOLE_MAX_STEPS))
        return_ax.plot(t, partial_returns, color=ACCENT,
                       label=tr(lang, "처음 t개 보상의 할인 합",
                                "discounted sum of the first t rewards"))
        return_ax.axhline(horizon, color=HIGHLIGHT, linestyle="--",
                          label=tr(lang, "끝없이 받을 때 1/(1−γ)", "forever: 1/(1−γ)"))
        truncated_return = partial_returns[-1]
        return_ax.scatter([CARTPOLE_MAX_STEPS], [truncated_return], color=ACCENT, zorder=3)
        return_ax.annotate(
            tr(lang, f"시간 제한으로 중단: {truncated_return:.1f}",
               f"truncated by the time limit: {truncated_return:.1f}"),
            (CARTPOLE_MAX_STEPS, truncated_return), textcoords="offset points",
            xytext=(-8, -16), ha="right",
        )
        return_ax.set(title=tr(lang, f"CartPole 최대 에피소드: 보상 1 × {CARTPOLE_MAX_STEPS}",
                               f"best CartPole episode: reward 1 × {CARTPOLE_MAX_STEPS}"),
                      xlabel=tr(lang, "보상 개수 t", "rewards t"),
                      ylabel=tr(lang, "반환값", "return"), ylim=(0, horizon * 1.15))
        return_ax.legend(loc="center right")

        bootstrap, terminal = self.td_targets()
        names = [tr(lang, "종료 아님", "not terminal"), tr(lang, "종료", "terminal")]
        target_ax.bar(names, [self.reward, self.reward], color=MUTED,
                      label=tr(lang, "보상 r", "reward r"))
        target_ax.bar(names, [bootstrap - self.reward, 0.0], bottom=self.reward, color=ACCENT,
                      label=tr(lang, "γ · max Q(s′, ·)", "γ · max Q(s′, ·)"))
        for x, value in enumerate((bootstrap, terminal)):
            target_ax.text(x, value + 0.05, f"{value:.2f}", ha="center")
        target_ax.set(title=tr(lang, "TD 타깃", "TD target"),
                      ylim=(0, self.reward + max(self.next_q_values) + 0.6))
        target_ax.legend(loc="upper right")
        return figure


def gamma_explorer(lang: str = "en", gamma: float = 0.9) -> GammaExplorer:
    """Explore the discount factor γ (notebook 04). Put the call last in its cell.

    Args:
        lang: "ko" or "en" labels.
        gamma: the initial γ, in [0, 0.999].
    """
    return GammaExplorer(lang, gamma)


# ---------------------------------------------------------------------------- training (06)
class TrainingPlayground(Explorer):
    """Train a DQN on CartPole-v1 with chosen hyperparameters and watch the learning curve.

    Run starts :func:`dqn_teach.training.train` in a background thread, so the notebook stays
    usable; after every evaluation its callback redraws the curve and returns the stop flag, so
    Stop ends training at the next evaluation (within ``eval_every`` steps).

    One run at a time per kernel: a new playground, or Run in another one, stops the runs of the
    others. Re-running the cell replaces the widget, and a run nobody can see or stop would keep
    a core busy.

    Attributes:
        run_button / stop_button: start and stop training.
        agent / result: the last run's agent and its :class:`~dqn_teach.training.TrainingResult`.
        error: the exception that ended the last run, or None.
    """

    css_class = "dqn-training-playground"
    env_id = "CartPole-v1"
    eval_episodes = 5
    _instances: weakref.WeakSet[TrainingPlayground] = weakref.WeakSet()

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        preset = cartpole_config()
        start_t, end_t, start_value, end_value = preset.epsilon_linear_decay
        style = {"description_width": "initial"}
        self.epsilon_start_slider = widgets.FloatSlider(
            value=start_value, min=0.0, max=1.0, step=0.01, style=style,
            description=tr(lang, "ε 시작값", "ε start"))
        self.epsilon_end_slider = widgets.FloatSlider(
            value=end_value, min=0.0, max=1.0, step=0.01, style=style,
            description=tr(lang, "ε 최종값", "ε end"))
        self.epsilon_decay_slider = widgets.IntSlider(
            value=end_t - start_t, min=500, max=30_000, step=500, style=style,
            description=tr(lang, "ε 감소 스텝", "ε decay steps"))
        self.gamma_slider = widgets.FloatSlider(
            value=preset.gamma, min=0.8, max=0.999, step=0.001, readout_format=".3f",
            style=style, description=tr(lang, "할인율 γ", "discount γ"))
        self.learning_rate_slider = widgets.FloatLogSlider(
            value=preset.learning_rate, base=10, min=-5, max=-1, step=0.25, readout_format=".1e",
            style=style, description=tr(lang, "학습률", "learning rate"))
        self.target_update_dropdown = widgets.Dropdown(
            options=[(tr(lang, "없음 (2013 논문)", "none (2013 paper)"), None),
                     ("10", 10), ("100", 100), ("500", 500), ("2000", 2000)],
            value=preset.target_update_period, style=style,
            description=tr(lang, "타깃 신경망 복사 주기", "target update period"))
        self.total_steps_slider = widgets.IntSlider(
            value=15_000, min=1_000, max=50_000, step=1_000, style=style,
            description=tr(lang, "환경 스텝 수", "environment steps"))
        self.run_button = widgets.Button(description=tr(lang, "학습 시작", "Run"),
                                         button_style="success", icon="play")
        self.stop_button = widgets.Button(description=tr(lang, "정지", "Stop"),
                                          button_style="danger", icon="stop", disabled=True)
        self.total_steps_slider.add_class("dqn-total-steps-slider")
        self.run_button.add_class("dqn-run-button")
        self.stop_button.add_class("dqn-stop-button")
        self.run_button.on_click(lambda _button: self.start())
        self.stop_button.on_click(lambda _button: self.stop())
        self.settings = [
            self.epsilon_start_slider, self.epsilon_end_slider, self.epsilon_decay_slider,
            self.gamma_slider, self.learning_rate_slider, self.target_update_dropdown,
            self.total_steps_slider,
        ]
        for control in self.settings:
            control.observe(self._settings_changed, names="value")

        self.agent: Any = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.status = tr(lang, "설정을 고르고 '학습 시작'을 누르세요.",
                         "Choose the settings and press Run.")
        self._stop_requested = threading.Event()
        self._thread: threading.Thread | None = None
        self._assemble([
            widgets.HBox([widgets.VBox(self.settings[:3]), widgets.VBox(self.settings[3:])]),
            widgets.HBox([self.run_button, self.stop_button]),
        ])
        self._stop_other_runs()
        TrainingPlayground._instances.add(self)

    # -- settings ---------------------------------------------------------------------------------
    def config(self):
        """The :class:`~dqn_teach.config.DQNConfig` the controls describe (CartPole preset base)."""
        return cartpole_config().replace(
            epsilon_linear_decay=(0, self.epsilon_decay_slider.value,
                                  self.epsilon_start_slider.value, self.epsilon_end_slider.value),
            gamma=self.gamma_slider.value,
            learning_rate=self.learning_rate_slider.value,
            target_update_period=self.target_update_dropdown.value,
        )

    @property
    def eval_every(self) -> int:
        """Environment steps between evaluations (and curve updates): about 25 per run."""
        return max(500, self.total_steps_slider.value // 25)

    def _settings_changed(self, _change: Any) -> None:
        if not self.running:
            self.result = None
            self.refresh()

    # -- running ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start training in a background thread (does nothing while a run is going)."""
        if self.running:
            return
        self._stop_other_runs()
        from dqn_teach.agent import make_agent
        from dqn_teach.envs import env_factory, env_shapes

        try:
            config = self.config()
        except ConfigError as error:
            self.status = f"{tr(self.lang, '설정 오류', 'invalid settings')}: {error}"
            self.refresh()
            return
        obs_shape, num_actions = env_shapes(env_factory(self.env_id))
        self.agent = make_agent(config, obs_shape, num_actions)
        self.result, self.error = None, None
        self._stop_requested.clear()
        self._set_running(True)
        self.status = tr(self.lang, "학습 중…", "training…")
        self.refresh()
        self._thread = threading.Thread(target=self._train, name="dqn-playground", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the running training to stop at its next evaluation."""
        self._stop_requested.set()

    def _stop_other_runs(self) -> None:
        for other in list(TrainingPlayground._instances):
            if other is not self and other.running:
                other.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run ends (or ``timeout`` seconds pass); True when no run is going."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def _train(self) -> None:
        from dqn_teach.training import train

        try:
            self.result = train(
                self.agent, self.env_id, self.total_steps_slider.value, eval_every=self.eval_every,
                eval_episodes=self.eval_episodes, callbacks=[self._on_evaluation],
                progress=False, num_threads=1,
            )
            self.status = self._finished_status()
        except Exception as error:  # shown in the widget; a worker thread has nowhere to raise
            self.error = error
            self.status = f"{tr(self.lang, '오류', 'error')}: {type(error).__name__}: {error}"
        finally:
            self._set_running(False)
            self.refresh()

    def _on_evaluation(self, result: Any) -> bool:
        self.result = result
        self.refresh()
        return self._stop_requested.is_set()

    def _set_running(self, running: bool) -> None:
        self.run_button.disabled = running
        self.stop_button.disabled = not running
        for control in self.settings:
            control.disabled = running

    def _finished_status(self) -> str:
        result, lang = self.result, self.lang
        stopped = result.stopped_by_callback or result.interrupted
        what = tr(lang, "정지함", "stopped") if stopped else tr(lang, "완료", "finished")
        best = "—" if result.best_step is None else f"{result.best_eval_mean:.1f}"
        return tr(lang, f"{what}: 환경 스텝 {result.env_steps}, 최고 평가 평균 {best}",
                  f"{what}: {result.env_steps} environment steps, best evaluation mean {best}")

    # -- display ----------------------------------------------------------------------------------
    def readout_lines(self) -> list[str]:
        lang, result = self.lang, self.result
        lines = [self.status]
        if result is not None:
            lines.append(f"{_key(lang, '환경 스텝', 'environment steps')}: {result.env_steps}")
            lines.append(f"{_key(lang, '에피소드', 'episodes')}: {len(result.episode_returns)}")
            if result.eval_returns:
                lines.append(f"{_key(lang, '마지막 평가 평균', 'last evaluation mean')}: "
                             f"{_format_number(result.eval_means[-1], 1)}")
        return lines

    def figure(self) -> Figure:
        lang, result = self.figure_lang, self.result
        figure = Figure(figsize=(12, 3.6), layout="constrained")
        curve_ax, epsilon_ax = figure.subplots(1, 2, width_ratios=(2, 1))
        total = self.total_steps_slider.value

        if result is not None and result.episode_returns:
            curve_ax.plot(result.episode_steps, result.episode_returns, ".", color=MUTED,
                          label=tr(lang, "학습 에피소드", "training episodes"))
        if result is not None and result.eval_returns:
            curve_ax.plot(result.eval_steps, result.eval_means, "o-", color=ACCENT,
                          label=tr(lang, f"평가 평균 ({self.eval_episodes}회, ε = 0)",
                                   f"evaluation mean ({self.eval_episodes} episodes, ε = 0)"))
        if result is None or not result.episode_returns:
            curve_ax.text(0.5, 0.5, tr(lang, "'학습 시작'을 누르면 곡선이 그려집니다",
                                       "press Run to draw the learning curve"),
                          transform=curve_ax.transAxes, ha="center", color="gray")
        curve_ax.axhline(CARTPOLE_MAX_STEPS, color="gray", linestyle=":", linewidth=1)
        curve_ax.set(title=tr(lang, "학습 곡선 (CartPole-v1)", "learning curve (CartPole-v1)"),
                     xlabel=tr(lang, "환경 스텝", "environment step"),
                     ylabel=tr(lang, "에피소드 반환값", "episode return"),
                     xlim=(0, total), ylim=(0, CARTPOLE_MAX_STEPS * 1.05))
        if curve_ax.get_legend_handles_labels()[0]:
            curve_ax.legend(loc="upper left")

        schedule = _schedule_or_none(self)
        steps = np.linspace(0, total, 200)
        if schedule is not None:
            epsilon_ax.plot(steps, [schedule(s) for s in steps], color=ACCENT)
            if result is not None:
                epsilon_ax.axvline(result.env_steps, color=HIGHLIGHT, linestyle="--")
        epsilon_ax.set(title=tr(lang, "ε 스케줄", "ε schedule"),
                       xlabel=tr(lang, "환경 스텝", "environment step"), ylabel="ε",
                       xlim=(0, total), ylim=(0, 1.05))
        return figure


def _schedule_or_none(playground: TrainingPlayground) -> LinearSchedule | None:
    try:
        return LinearSchedule(*playground.config().epsilon_linear_decay)
    except (ConfigError, ValueError):
        return None


def training_playground(lang: str = "en") -> TrainingPlayground:
    """Train DQN on CartPole with chosen ε schedule, γ, learning rate and target-update period
    (notebook 06). Put the call last in its cell; Run trains in the background, Stop stops it."""
    return TrainingPlayground(lang)

