"""The training loop over gymnasium vector environments (notebook 06).

Gymnasium ≥ 1.0 vector environments reset an environment automatically on the step *after* its
episode ended: that step ignores the action and returns the first observation of a new episode.
It is not a transition, so it is never stored. The step that ended the episode returns the true
final observation, so ``next_obs`` is always right.
"""

from __future__ import annotations

import contextlib
import copy
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dqn_teach.agent import DQN
from dqn_teach.envs import EnvSpec, make_vector_env, restore_vector_env, vector_env_state
from dqn_teach.experience import make_experience
from dqn_teach.runtime import DEFAULT_NUM_THREADS, use_threads

__all__ = [
    "TrainingResult", "evaluate", "make_vector_env", "restore_best", "stop_when_solved", "train",
]


@dataclass
class TrainingResult:
    """What a training run produced. Passed to callbacks while training runs.

    Attributes:
        env_steps: environment transitions collected (autoreset steps excluded).
        episode_returns / episode_steps: return of every finished training episode, and the
            ``env_steps`` at which it ended.
        eval_steps / eval_returns: ``env_steps`` of every evaluation, and its per-episode greedy
            returns ``(eval_episodes,)``.
        best_eval_mean / best_step / best_state_dict: the best evaluation so far and the network
            weights that achieved it.
        solved_step: first ``env_steps`` whose evaluation mean reached ``solved_threshold``.
        train_seconds: wall-clock seconds of training, evaluation excluded.
        interrupted: True when training stopped on KeyboardInterrupt (Ctrl-C, the ■ button).
        stopped_by_callback: True when a callback asked to stop.
    """

    env_steps: int = 0
    episode_returns: list[float] = field(default_factory=list)
    episode_steps: list[int] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    eval_returns: list[np.ndarray] = field(default_factory=list)
    best_eval_mean: float = -np.inf
    best_step: int | None = None
    best_state_dict: dict[str, torch.Tensor] | None = None
    solved_step: int | None = None
    train_seconds: float = 0.0
    interrupted: bool = False
    stopped_by_callback: bool = False

    @property
    def eval_means(self) -> list[float]:
        return [float(np.mean(r)) for r in self.eval_returns]


Callback = Callable[[TrainingResult], "bool | None"]


def stop_when_solved(threshold: float = 475.0) -> Callback:
    """A callback that stops training once an evaluation mean reaches ``threshold``."""

    def callback(result: TrainingResult) -> bool:
        return bool(result.eval_returns) and result.eval_means[-1] >= threshold

    return callback


def evaluate(agent: DQN, env: EnvSpec, episodes: int = 10, seed: int = 1000) -> np.ndarray:
    """Greedy (ε = 0) returns of ``episodes`` episodes, episode ``i`` reset with ``seed + i``.

    The episodes run side by side in one vector env, so the network sees one batch per step.

    Returns:
        ``(episodes,)`` float returns.
    """
    envs = make_vector_env(env, episodes)
    try:
        obs, _ = envs.reset(seed=[seed + i for i in range(episodes)])
        returns = np.zeros(episodes)
        running = np.ones(episodes, dtype=bool)
        while running.any():
            action = agent.greedy_action(obs)[:, 0]
            obs, reward, terminated, truncated, _ = envs.step(action)
            returns += reward * running
            running &= ~(terminated | truncated)
        return returns
    finally:
        envs.close()


def train(
    agent: DQN,
    env: EnvSpec | gym.vector.VectorEnv,
    total_steps: int,
    *,
    eval_env: EnvSpec | None = None,
    eval_every: int = 2000,
    eval_episodes: int = 10,
    eval_seed: int = 1000,
    solved_threshold: float | None = None,
    logdir: str | Path | None = None,
    log_every: int = 1000,
    checkpoint_dir: str | Path | None = None,
    save_every: int | None = None,
    save_replay: bool = False,
    callbacks: Sequence[Callback] = (),
    progress: bool = True,
    num_threads: int | None = DEFAULT_NUM_THREADS,
    seed: int | None = None,
) -> TrainingResult:
    """Train ``agent`` until ``total_steps`` environment steps in all.

    An agent loaded with ``DQN.load(path, resume=True)`` continues its run from the checkpoint:
    same envs (their internal and random state), same loop position, same counters, so on CPU
    the weights at ``total_steps`` are bit-identical to an uninterrupted run's (when the
    checkpoint holds the replay buffer, ``save_replay``). TensorBoard steps continue.

    Args:
        agent: the agent; its ``num_envs`` must match the vector env.
        env: an env id (``"CartPole-v1"``), a factory of one env, or a ready vector env.
        total_steps: environment transitions to have collected at the end (over all envs,
            counting those of the run being resumed).
        eval_env: env for greedy evaluation; defaults to ``env`` when that is an id or factory.
            ``None`` with a ready vector env disables evaluation.
        eval_every: evaluate every this many environment steps (0 = never).
        eval_episodes / eval_seed: evaluation episodes and the seed of the first one.
        solved_threshold: record ``solved_step`` when an evaluation mean reaches this.
        logdir: write TensorBoard event files here: "Cumulative Reward" at every episode end,
            "Evaluation Return" at every evaluation, the agent's ``log_data`` ("Epsilon",
            "TD Loss") every ``log_every`` environment steps.
        checkpoint_dir: save ``best/`` (best evaluation) and ``last/`` (at the end, and every
            ``save_every`` steps) checkpoints here; ``last/`` can be resumed.
        save_every: also save ``last/`` every this many environment steps (long runs).
        save_replay: put the replay buffer's contents in ``last/`` (needed for an exact resume;
            about 7 KB per transition for Atari).
        callbacks: called with the :class:`TrainingResult` after every evaluation; returning
            True stops training.
        progress: show a tqdm progress bar.
        num_threads: torch threads (see :data:`DEFAULT_NUM_THREADS`); None leaves it alone.
        seed: seed for the env resets; defaults to ``agent.config.seed``.

    Returns:
        The :class:`TrainingResult` (of the whole run, when resumed). Ctrl-C stops training
        cleanly at the end of the current step: the agent stays usable, the logs are flushed,
        ``last/`` can be resumed, and ``result.interrupted`` is True.
    """
    if total_steps < 1:
        raise ValueError(f"total_steps must be ≥ 1, got {total_steps}.")
    use_threads(num_threads)
    seed = agent.config.seed if seed is None else seed
    resumed, agent.run_state = agent.run_state, None
    owns_env = not isinstance(env, gym.vector.VectorEnv)
    if resumed is not None and resumed["envs"] is not None:
        envs = restore_vector_env(resumed["envs"])
    else:
        envs = make_vector_env(env, agent.num_envs) if owns_env else env
    if envs.num_envs != agent.num_envs:
        raise ValueError(
            f"the vector env has {envs.num_envs} envs but the agent was built for "
            f"{agent.num_envs}; pass num_envs={envs.num_envs} to DQN(...)."
        )
    if eval_env is None and owns_env:
        eval_env = env
    if isinstance(env, str):
        agent.metadata.setdefault("env_id", env)

    loop = _Loop.resume(resumed) if resumed is not None else _Loop.start(
        envs, seed, eval_every if eval_every and eval_env is not None else None, log_every,
        save_every if checkpoint_dir is not None else None,
    )
    if resumed is not None and resumed["envs"] is None:  # the envs could not be saved
        loop.obs, _ = envs.reset(seed=seed + loop.result.env_steps)
        loop.autoreset[:] = False
    result = loop.result
    writer = _summary_writer(logdir)
    bar = _progress_bar(total_steps, progress, initial=result.env_steps)
    clock = time.perf_counter()
    try:
        with _interrupts_between_steps() as interrupt:
            while result.env_steps < total_steps and not interrupt.requested:
                with interrupt.deferred():
                    new_steps = _step(agent, envs, loop, writer, bar)
                bar.update(new_steps)

                if writer is not None and result.env_steps >= loop.next_log:
                    loop.next_log += log_every
                    _write_agent_scalars(writer, agent, loop)

                if loop.next_save is not None and result.env_steps >= loop.next_save:
                    loop.next_save += save_every
                    _save_last(agent, envs, loop, checkpoint_dir, save_replay)

                if loop.next_eval is not None and result.env_steps >= loop.next_eval:
                    loop.next_eval += eval_every
                    result.train_seconds += time.perf_counter() - clock
                    stop = _evaluate_and_report(
                        agent, result, eval_env, eval_episodes, eval_seed, solved_threshold,
                        writer, checkpoint_dir, callbacks,
                    )
                    clock = time.perf_counter()
                    if stop:
                        result.stopped_by_callback = True
                        break
            result.interrupted = interrupt.requested
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if result.interrupted:
            print(f"Training interrupted at {result.env_steps} env steps; the agent is usable.")
        result.train_seconds += time.perf_counter() - clock
        bar.close()
        if checkpoint_dir is not None:
            _save_last(agent, envs, loop, checkpoint_dir, save_replay)
        if writer is not None:
            if loop.last_logged_step != result.env_steps:  # never the same step twice
                _write_agent_scalars(writer, agent, loop)
            writer.flush()
            writer.close()
        if owns_env:
            envs.close()
    return result


@dataclass
class _Loop:
    """Where the training loop is: everything besides the agent that decides what comes next.

    ``obs`` is ``(num_envs, *obs_shape)``; ``autoreset`` and ``episode_return`` are
    ``(num_envs,)``: True where the previous step ended an episode (this step is gymnasium's
    autoreset), and the return so far of each env's running episode.
    """

    result: TrainingResult
    obs: np.ndarray
    autoreset: np.ndarray
    episode_return: np.ndarray
    next_eval: int | None
    next_log: int
    next_save: int | None
    last_logged_step: int = -1

    @classmethod
    def start(cls, envs: gym.vector.VectorEnv, seed: int, eval_every: int | None,
              log_every: int, save_every: int | None) -> _Loop:
        obs, _ = envs.reset(seed=seed)
        envs.action_space.seed(seed)
        return cls(TrainingResult(), obs, np.zeros(envs.num_envs, dtype=bool),
                   np.zeros(envs.num_envs), eval_every, log_every, save_every)

    @classmethod
    def resume(cls, state: dict[str, Any]) -> _Loop:
        return cls(**state["loop"])

    def state(self, envs: gym.vector.VectorEnv) -> dict[str, Any]:
        """What a checkpoint keeps to continue exactly (see :func:`vector_env_state`)."""
        return {"loop": copy.deepcopy(vars(self)), "envs": vector_env_state(envs)}


def _step(agent: DQN, envs: gym.vector.VectorEnv, loop: _Loop, writer: Any, bar: Any) -> int:
    """One step of every env: act, store real transitions, learn, book-keep episodes.

    Returns the number of new transitions (autoreset rows are not transitions).
    """
    result = loop.result
    action = agent.select_action(loop.obs)  # (num_envs, 1)
    next_obs, reward, terminated, truncated, _ = envs.step(action[:, 0])

    # Store real transitions only; learn when the replay buffer allows it.
    is_transition = ~loop.autoreset
    if is_transition.any():
        experience = make_experience(loop.obs, action, next_obs, reward, terminated)
        agent.update(experience, None if is_transition.all() else is_transition)
    new_steps = int(is_transition.sum())
    result.env_steps += new_steps

    # Book-keep finished episodes (truncated or terminated).
    loop.episode_return += reward * is_transition
    done = (terminated | truncated) & is_transition
    for i in np.flatnonzero(done):
        _record_episode(result, float(loop.episode_return[i]), writer, agent, bar)
        loop.episode_return[i] = 0.0
    loop.autoreset = terminated | truncated
    loop.obs = next_obs
    return new_steps


def _save_last(agent: DQN, envs: gym.vector.VectorEnv, loop: _Loop,
               checkpoint_dir: str | Path, save_replay: bool) -> None:
    agent.save(Path(checkpoint_dir) / "last", run_state=loop.state(envs),
               include_replay=save_replay)


class _Interrupts:
    """Ctrl-C (SIGINT) that waits for the end of the current env step, so a checkpoint written
    after it can be resumed exactly. Outside :meth:`deferred` it interrupts at once."""

    def __init__(self) -> None:
        self.requested = False
        self._deferring = False

    def handle(self, signum: int, frame: Any) -> None:
        if not self._deferring:
            raise KeyboardInterrupt
        self.requested = True

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False


@contextlib.contextmanager
def _interrupts_between_steps() -> Iterator[_Interrupts]:
    interrupts = _Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts  # signals reach the main thread only (the widget stops by callback)
        return
    previous = signal.signal(signal.SIGINT, interrupts.handle)
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous)


def restore_best(agent: DQN, result: TrainingResult) -> bool:
    """Load the best-by-evaluation weights into ``agent``; False if there was no evaluation."""
    if result.best_state_dict is None:
        return False
    agent.network.load_state_dict(result.best_state_dict)
    agent.sync_target_network()
    return True


def _write_agent_scalars(writer: Any, agent: DQN, loop: _Loop) -> None:
    loop.last_logged_step = loop.result.env_steps
    for tag, (value, step) in agent.log_data.items():
        writer.add_scalar(tag, value, step)


def _record_episode(
    result: TrainingResult, episode_return: float, writer: Any, agent: DQN, bar: Any
) -> None:
    result.episode_returns.append(episode_return)
    result.episode_steps.append(result.env_steps)
    bar.set_postfix(ret=f"{episode_return:.0f}", eps=f"{agent.policy.epsilon:.3f}", refresh=False)
    if writer is not None:
        writer.add_scalar("Cumulative Reward", episode_return, result.env_steps)


def _evaluate_and_report(
    agent: DQN,
    result: TrainingResult,
    eval_env: EnvSpec,
    episodes: int,
    seed: int,
    solved_threshold: float | None,
    writer: Any,
    checkpoint_dir: str | Path | None,
    callbacks: Sequence[Callback],
) -> bool:
    returns = evaluate(agent, eval_env, episodes, seed)
    mean = float(returns.mean())
    result.eval_steps.append(result.env_steps)
    result.eval_returns.append(returns)
    if writer is not None:
        writer.add_scalar("Evaluation Return", mean, result.env_steps)
    if mean > result.best_eval_mean:
        result.best_eval_mean, result.best_step = mean, result.env_steps
        result.best_state_dict = copy.deepcopy(agent.network.state_dict())
        if checkpoint_dir is not None:
            metadata = {"eval_mean": mean, "env_steps": result.env_steps}
            agent.save(Path(checkpoint_dir) / "best", metadata=metadata)
    if solved_threshold is not None and result.solved_step is None and mean >= solved_threshold:
        result.solved_step = result.env_steps
    return any(bool(callback(result)) for callback in callbacks)


def _summary_writer(logdir: str | Path | None) -> Any:
    if logdir is None:
        return None
    from torch.utils.tensorboard import SummaryWriter  # slow import, only when logging

    return SummaryWriter(str(logdir))


def _progress_bar(total: int, enabled: bool, initial: int = 0) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, disable=not enabled, unit="step",
                dynamic_ncols=True)
