"""The training playground: train DQN on CartPole in the background and watch it learn (06)."""

from __future__ import annotations

import threading
import weakref
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from dqn_teach.config import ConfigError, cartpole_config
from dqn_teach.i18n import tr
from dqn_teach.policy import LinearSchedule
from dqn_teach.widgets._base import (
    ACCENT,
    CARTPOLE_MAX_STEPS,
    HIGHLIGHT,
    MUTED,
    Explorer,
    _format_number,
    _key,
)


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
            style=style, description=tr(lang, "학습률 (시작값)", "learning rate (start)"))
        # The preset's own period is always offered: a dropdown's value must be one of its options.
        periods = sorted({2, 25, 100, 500} | ({preset.target_update_period} - {None}))
        self.target_update_dropdown = widgets.Dropdown(
            options=[(tr(lang, "없음 (2013 논문)", "none (2013 paper)"), None),
                     *((str(period), period) for period in periods)],
            value=preset.target_update_period, style=style,
            description=tr(lang, "타깃 신경망 복사 주기", "target update period"))
        self.multi_step_dropdown = widgets.Dropdown(
            options=[(tr(lang, "1 (논문)", "1 (the papers)"), 1), ("3", 3), ("5", 5)],
            value=preset.multi_step, style=style,
            description=tr(lang, "n-스텝 반환값의 n", "n of n-step returns"))
        self.total_steps_slider = widgets.IntSlider(
            value=30_000, min=1_000, max=50_000, step=1_000, style=style,
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
            self.multi_step_dropdown, self.total_steps_slider,
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
            widgets.HBox([widgets.VBox(self.settings[:4]), widgets.VBox(self.settings[4:])]),
            widgets.HBox([self.run_button, self.stop_button]),
        ])
        self._stop_other_runs()
        TrainingPlayground._instances.add(self)

    # -- settings ---------------------------------------------------------------------------------
    def config(self):
        """The :class:`~dqn_teach.config.DQNConfig` the controls describe (CartPole preset base).

        The learning-rate slider sets the start of the preset's decay; the end value keeps the
        preset's ratio to the start (so it never exceeds the chosen rate). Double DQN needs a
        target network, so it is on exactly when a target update period is chosen.
        """
        preset = cartpole_config()
        learning_rate = self.learning_rate_slider.value
        learning_rate_decay = preset.learning_rate_decay
        if learning_rate_decay is not None:
            end_t, end_value = learning_rate_decay
            learning_rate_decay = (end_t, learning_rate * end_value / preset.learning_rate)
        target_update_period = self.target_update_dropdown.value
        return preset.replace(
            epsilon_linear_decay=(0, self.epsilon_decay_slider.value,
                                  self.epsilon_start_slider.value, self.epsilon_end_slider.value),
            gamma=self.gamma_slider.value,
            learning_rate=learning_rate,
            learning_rate_decay=learning_rate_decay,
            target_update_period=target_update_period,
            double_dqn=preset.double_dqn and target_update_period is not None,
            multi_step=self.multi_step_dropdown.value,
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
