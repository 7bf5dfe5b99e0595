"""The training loop over gymnasium vector environments (notebook 06).

Gymnasium ≥ 1.0 vector environments reset an environment automatically on the step *after* its
episode ended: that step ignores the action and returns the first observation of a new episode.
It is not a transition, so it is never stored. The step that ended the episode returns the true
final observation, so ``next_obs`` is always right.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch

from dqn_teach.agent import DQN
from dqn_teach.experience import make_experience
from dqn_teach.runtime import DEFAULT_NUM_THREADS, use_threads

EnvSpec = str | Callable[[], gym.Env]


def make_vector_env(env: EnvSpec, num_envs: int = 1) -> gym.vector.VectorEnv:
    """A synchronous vector env of ``num_envs`` copies of ``env`` (an id or a factory)."""
    if num_envs < 1:
        raise ValueError(f"num_envs must be ≥ 1, got {num_envs}.")
    factory = (lambda: gym.make(env)) if isinstance(env, str) else env
    return gym.vector.SyncVectorEnv([factory] * num_envs)


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
    callbacks: Sequence[Callback] = (),
    progress: bool = True,
    num_threads: int | None = DEFAULT_NUM_THREADS,
    seed: int | None = None,
) -> TrainingResult:
    """Train ``agent`` for ``total_steps`` environment steps.

    Args:
        agent: the agent; its ``num_envs`` must match the vector env.
        env: an env id (``"CartPole-v1"``), a factory of one env, or a ready vector env.
        total_steps: environment transitions to collect (over all envs).
        eval_env: env for greedy evaluation; defaults to ``env`` when that is an id or factory.
            ``None`` with a ready vector env disables evaluation.
        eval_every: evaluate every this many environment steps (0 = never).
        eval_episodes / eval_seed: evaluation episodes and the seed of the first one.
        solved_threshold: record ``solved_step`` when an evaluation mean reaches this.
        logdir: write TensorBoard event files here: "Cumulative Reward" at every episode end,
            "Evaluation Return" at every evaluation, the agent's ``log_data`` ("Epsilon",
            "TD Loss") every ``log_every`` environment steps.
        checkpoint_dir: save ``best/`` (best evaluation) and ``last/`` checkpoints here.
        callbacks: called with the :class:`TrainingResult` after every evaluation; returning
            True stops training.
        progress: show a tqdm progress bar.
        num_threads: torch threads (see :data:`DEFAULT_NUM_THREADS`); None leaves it alone.
        seed: seed for the env resets; defaults to ``agent.config.seed``.

    Returns:
        The :class:`TrainingResult`. Ctrl-C stops training cleanly: the agent stays usable, the
        logs are flushed, and ``result.interrupted`` is True.
    """
    if total_steps < 1:
        raise ValueError(f"total_steps must be ≥ 1, got {total_steps}.")
    use_threads(num_threads)
    seed = agent.config.seed if seed is None else seed
    owns_env = not isinstance(env, gym.vector.VectorEnv)
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

    writer = _summary_writer(logdir)
    result = TrainingResult()
    bar = _progress_bar(total_steps, progress)
    next_eval = eval_every if eval_every and eval_env is not None else None
    next_log = log_every
    episode_return = np.zeros(envs.num_envs)
    clock = time.perf_counter()
    try:
        obs, _ = envs.reset(seed=seed)
        envs.action_space.seed(seed)
        # True where the previous step ended an episode: this step is gymnasium's autoreset.
        autoreset = np.zeros(envs.num_envs, dtype=bool)
        while result.env_steps < total_steps:
            # Act ε-greedily and step every environment.
            action = agent.select_action(obs)  # (num_envs, 1)
            next_obs, reward, terminated, truncated, _ = envs.step(action[:, 0])

            # Store real transitions only; learn when the replay buffer allows it.
            is_transition = ~autoreset
            if is_transition.any():
                experience = make_experience(obs, action, next_obs, reward, terminated)
                agent.update(experience, None if is_transition.all() else is_transition)
            new_steps = int(is_transition.sum())
            result.env_steps += new_steps
            bar.update(new_steps)

            # Book-keep finished episodes (truncated or terminated).
            episode_return += reward * is_transition
            done = (terminated | truncated) & is_transition
            for i in np.flatnonzero(done):
                _record_episode(result, float(episode_return[i]), writer, agent, bar)
                episode_return[i] = 0.0
            autoreset = terminated | truncated
            obs = next_obs

            if writer is not None and result.env_steps >= next_log:
                next_log += log_every
                _write_agent_scalars(writer, agent)

            if next_eval is not None and result.env_steps >= next_eval:
                next_eval += eval_every
                result.train_seconds += time.perf_counter() - clock
                stop = _evaluate_and_report(
                    agent,
                    result,
                    eval_env,
                    eval_episodes,
                    eval_seed,
                    solved_threshold,
                    writer,
                    checkpoint_dir,
                    callbacks,
                )
                clock = time.perf_counter()
                if stop:
                    result.stopped_by_callback = True
                    break
    except KeyboardInterrupt:
        result.interrupted = True
        print(f"Training interrupted at {result.env_steps} env steps; the agent is usable.")
    finally:
        result.train_seconds += time.perf_counter() - clock
        bar.close()
        if checkpoint_dir is not None:
            agent.save(Path(checkpoint_dir) / "last")
        if writer is not None:
            _write_agent_scalars(writer, agent)
            writer.flush()
            writer.close()
        if owns_env:
            envs.close()
    return result


def restore_best(agent: DQN, result: TrainingResult) -> bool:
    """Load the best-by-evaluation weights into ``agent``; False if there was no evaluation."""
    if result.best_state_dict is None:
        return False
    agent.network.load_state_dict(result.best_state_dict)
    agent.sync_target_network()
    return True


def _write_agent_scalars(writer: Any, agent: DQN) -> None:
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


def _progress_bar(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="step", dynamic_ncols=True)
