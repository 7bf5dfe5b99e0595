"""The ε explorer: ε-greedy probabilities, sampled actions and the decay schedule (notebook 03)."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure

from dqn_teach import messages
from dqn_teach.config import cartpole_config
from dqn_teach.i18n import tr
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
from dqn_teach.widgets._base import (
    ACCENT,
    HIGHLIGHT,
    MUTED,
    Explorer,
    _format_array,
    _format_number,
    _key,
)


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
            raise ValueError(str(messages.EPSILON_RANGE.format(epsilon=epsilon)))
        if not isinstance(n_samples, int) or n_samples < 1:
            raise ValueError(
                str(messages.INTEGER_AT_LEAST_ONE.format(name="n_samples", value=n_samples))
            )
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
        raise ValueError(str(messages.WIDGET_Q_VALUES.format(q_values=q_values)))
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
