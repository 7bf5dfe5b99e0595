"""The γ explorer: discount weights, effective horizon, a CartPole return, TD targets (04)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure

from dqn_teach import messages
from dqn_teach.i18n import tr
from dqn_teach.td import td_target
from dqn_teach.widgets._base import (
    ACCENT,
    CARTPOLE_MAX_STEPS,
    HIGHLIGHT,
    MUTED,
    Explorer,
    _format_number,
    _key,
)


class GammaExplorer(Explorer):
    """Discount weights, effective horizon, return of a CartPole episode and TD targets (04).

    The TD targets come from :func:`dqn_teach.td.td_target`, the formula the agent trains with,
    applied to the fixed Q-values ``next_q_values`` of the example next state.

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
                str(messages.WIDGET_GAMMA_RANGE.format(max_gamma=self.max_gamma, gamma=gamma))
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
        """``(not terminal, terminal)`` TD targets of the example (:mod:`dqn_teach.td`)."""
        next_q_values = torch.tensor([self.next_q_values, self.next_q_values])  # (2, num_actions)
        reward = torch.full((2, 1), self.reward)
        terminated = torch.tensor([[0.0], [1.0]])
        targets = td_target(reward, next_q_values, terminated, self.gamma)  # (2, 1)
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
