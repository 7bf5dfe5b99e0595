"""The training loop over gymnasium vector environments (notebook 06).

Gymnasium ≥ 1.0 vector environments reset an environment automatically on the step *after* its
episode ended: that step ignores the action and returns the first observation of a new episode.
It is not a transition, so it is never stored. The step that ended the episode returns the true
final observation, so ``next_obs`` is always right.

At every evaluation, training also measures the Q-values: ``max_a Q(s, a)`` on a fixed probe set
of states (visited by a random policy), and the predicted ``max_a Q(s₀, a)`` of the evaluation
episodes' first states next to the discounted return those episodes really obtained. With
rewards in [0, r_max] no value can exceed r_max / (1 − γ); Q-values above it mean divergence.
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

from dqn_teach import messages
from dqn_teach.agent import DQN
from dqn_teach.envs import (
    EnvSpec,
    env_factory,
    make_vector_env,
    restore_vector_env,
    vector_env_state,
)
from dqn_teach.experience import make_experience
from dqn_teach.runtime import DEFAULT_NUM_THREADS, use_threads

PROBE_STATES = 500  # default size of the probe set
PROBE_SEED = 123  # seeds the random policy that visits the probe states

__all__ = [
    "Evaluation",
    "TrainingResult",
    "collect_probe_states",
    "evaluate",
    "evaluate_values",
    "make_vector_env",
    "restore_best",
    "stop_when_solved",
    "train",
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
        probe_q_mean / probe_q_max: at every evaluation, the mean and the largest
            ``max_a Q(s, a)`` over the probe states (a fixed set visited by a random policy).
        start_q / start_return: at every evaluation, the mean over its episodes of the predicted
            ``max_a Q(s₀, a)`` of the first state, and of the discounted return
            ``Σ_t γ^t r_t`` the greedy episode really obtained. ``start_q − start_return`` is the
            overestimation.
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
    probe_q_mean: list[float] = field(default_factory=list)
    probe_q_max: list[float] = field(default_factory=list)
    start_q: list[float] = field(default_factory=list)
    start_return: list[float] = field(default_factory=list)
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
    ``agent`` needs only ``greedy_action``.

    Returns:
        ``(episodes,)`` float returns.
    """
    return _greedy_episodes(agent.greedy_action, env, episodes, seed)[0]


@dataclass
class Evaluation:
    """Greedy episodes with what the agent predicted at their start.

    Attributes:
        returns: ``(episodes,)`` undiscounted returns.
        discounted_returns: ``(episodes,)`` ``Σ_t γ^t r_t``.
        start_q: ``(episodes,)`` predicted ``max_a Q(s₀, a)`` of each episode's first state.
    """

    returns: np.ndarray
    discounted_returns: np.ndarray
    start_q: np.ndarray


def evaluate_values(agent: DQN, env: EnvSpec, episodes: int = 10, seed: int = 1000) -> Evaluation:
    """Like :func:`evaluate`, and also the predicted ``max_a Q(s₀, a)`` and the discounted return
    (with the agent's γ) of every episode, to compare what the agent expects with what it gets."""
    first_q: list[np.ndarray] = []

    def act(obs: np.ndarray) -> np.ndarray:
        q_values = agent.q_values(obs).cpu()  # (episodes, num_actions)
        if not first_q:
            first_q.append(q_values.max(dim=1).values.numpy())
        return q_values.argmax(dim=1, keepdim=True).numpy()

    returns, discounted = _greedy_episodes(act, env, episodes, seed, agent.config.gamma)
    return Evaluation(returns, discounted, first_q[0])


def _greedy_episodes(
    act: Callable[[np.ndarray], np.ndarray],
    env: EnvSpec,
    episodes: int,
    seed: int,
    gamma: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Returns and ``gamma``-discounted returns ``(episodes,)`` of the policy ``act``."""
    envs = make_vector_env(env, episodes)
    try:
        obs, _ = envs.reset(seed=[seed + i for i in range(episodes)])
        returns = np.zeros(episodes)
        discounted = np.zeros(episodes)
        discount = 1.0
        running = np.ones(episodes, dtype=bool)
        while running.any():
            action = act(obs)[:, 0]
            obs, reward, terminated, truncated, _ = envs.step(action)
            returns += reward * running
            discounted += discount * reward * running
            discount *= gamma
            running &= ~(terminated | truncated)
        return returns, discounted
    finally:
        envs.close()


def collect_probe_states(
    env: EnvSpec, num_states: int = PROBE_STATES, seed: int = PROBE_SEED
) -> np.ndarray:
    """States visited by a uniformly random policy, a fixed set on which to watch Q-values.

    Returns:
        ``(num_states, *obs_shape)`` observations; the same for the same ``seed``.
    """
    single_env = env_factory(env)() if isinstance(env, str) else env()
    try:
        single_env.action_space.seed(seed)
        obs, _ = single_env.reset(seed=seed)
        states = []
        while len(states) < num_states:
            states.append(obs)
            obs, _, terminated, truncated, _ = single_env.step(single_env.action_space.sample())
            if terminated or truncated:
                obs, _ = single_env.reset()
        return np.stack(states)
    finally:
        single_env.close()


def train(
    agent: DQN,
    env: EnvSpec | gym.vector.VectorEnv,
    total_steps: int,
    *,
    eval_env: EnvSpec | None = None,
    eval_every: int = 2000,
    eval_episodes: int = 10,
    eval_seed: int = 1000,
    probe_states: np.ndarray | int = PROBE_STATES,
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
        probe_states: the states on which every evaluation measures ``max_a Q``: an array
            ``(n, *obs_shape)``, or how many to collect from ``eval_env`` with a random policy
            (:func:`collect_probe_states`); 0 = no probe.
        solved_threshold: record ``solved_step`` when an evaluation mean reaches this.
        logdir: write TensorBoard event files here: "Cumulative Reward" at every episode end,
            "Evaluation Return" and the Q statistics ("Q/probe mean", "Q/probe max",
            "Q/start predicted", "Q/start discounted return") at every evaluation, the agent's
            ``log_data`` ("Epsilon", "TD Loss") every ``log_every`` environment steps.
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
        raise ValueError(str(messages.TOTAL_STEPS_AT_LEAST_ONE.format(total_steps=total_steps)))
    use_threads(num_threads)
    seed = agent.config.seed if seed is None else seed
    resumed, agent.run_state = agent.run_state, None
    owns_env = not isinstance(env, gym.vector.VectorEnv)
    if not owns_env:
        _require_next_step_autoreset(env)
    restored = resumed is not None and resumed["envs"] is not None
    if restored:
        envs = restore_vector_env(resumed["envs"])
    else:
        envs = make_vector_env(env, agent.num_envs) if owns_env else env
    try:
        _require_envs_fit_agent(envs, agent)
    except ValueError:
        if owns_env or restored:  # ours to close: the caller never sees them
            envs.close()
        raise
    if eval_env is None and owns_env:
        eval_env = env
    if isinstance(env, str):
        agent.metadata.setdefault("env_id", env)
    if isinstance(probe_states, int):
        probe_states = (
            collect_probe_states(eval_env, probe_states)
            if probe_states > 0 and eval_env is not None
            else None
        )

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
                        agent, result, eval_env, eval_episodes, eval_seed, probe_states,
                        solved_threshold, writer, checkpoint_dir, callbacks,
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
            print(messages.TRAINING_INTERRUPTED.format(env_steps=result.env_steps))
        result.train_seconds += time.perf_counter() - clock
        bar.close()
        if checkpoint_dir is not None:
            _save_last(agent, envs, loop, checkpoint_dir, save_replay)
        if writer is not None:
            if loop.last_logged_step != result.env_steps:  # never the same step twice
                _write_agent_scalars(writer, agent, loop)
            writer.flush()
            writer.close()
        if owns_env or restored:
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
        store_mask = None if is_transition.all() else is_transition
        if getattr(agent, "n_step_collector", None) is not None:
            # n-step windows must also stop at a time limit, which `experience` cannot show.
            agent.update(experience, store_mask, truncated=truncated)
        else:  # the seed notebook's interface, which learners' agents implement
            agent.update(experience, store_mask)
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


def _require_next_step_autoreset(envs: gym.vector.VectorEnv) -> None:
    """Refuse a vector env that resets in the same step: its ``next_obs`` after an episode end
    would be the new episode's first observation, and the transitions stored would be wrong."""
    mode = envs.metadata.get("autoreset_mode")
    if mode != gym.vector.AutoresetMode.NEXT_STEP:
        raise ValueError(str(messages.NEEDS_NEXT_STEP_AUTORESET.format(mode=mode)))


def _require_envs_fit_agent(envs: gym.vector.VectorEnv, agent: DQN) -> None:
    """Refuse envs the agent cannot train on: another number of envs than the agent's, or mirror
    images on an env other than CartPole."""
    if envs.num_envs != agent.num_envs:
        raise ValueError(
            str(
                messages.NUM_ENVS_MISMATCH.format(
                    env_count=envs.num_envs, agent_count=agent.num_envs
                )
            )
        )
    if agent.config.mirror_augmentation:
        _require_cartpole(envs)


def _require_cartpole(envs: gym.vector.VectorEnv) -> None:
    """Refuse mirror images on an env other than CartPole: negating the observation and reversing
    the actions is a symmetry of CartPole only, so elsewhere it would store wrong transitions."""
    # Sync/Async vector envs hold the envs' specs; a vector env written as one (gymnasium's
    # CartPoleVectorEnv) has its own, and no get_attr.
    spec = envs.get_attr("spec")[0] if hasattr(envs, "get_attr") else envs.spec
    env_id = getattr(spec, "id", None)  # None for an unregistered env
    if env_id is None or not env_id.split("/")[-1].startswith("CartPole"):
        raise ValueError(str(messages.MIRROR_AUGMENTATION_NEEDS_CARTPOLE.format(env_id=env_id)))


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
    probe_states: np.ndarray | None,
    solved_threshold: float | None,
    writer: Any,
    checkpoint_dir: str | Path | None,
    callbacks: Sequence[Callback],
) -> bool:
    evaluation = evaluate_values(agent, eval_env, episodes, seed)
    returns = evaluation.returns
    mean = float(returns.mean())
    result.eval_steps.append(result.env_steps)
    result.eval_returns.append(returns)
    scalars = {"Evaluation Return": mean}
    result.start_q.append(float(evaluation.start_q.mean()))
    result.start_return.append(float(evaluation.discounted_returns.mean()))
    scalars["Q/start predicted"] = result.start_q[-1]
    scalars["Q/start discounted return"] = result.start_return[-1]
    if probe_states is not None:
        probe_q = agent.q_values(probe_states).max(dim=1).values  # (num_probe_states,)
        result.probe_q_mean.append(float(probe_q.mean()))
        result.probe_q_max.append(float(probe_q.max()))
        scalars["Q/probe mean"] = result.probe_q_mean[-1]
        scalars["Q/probe max"] = result.probe_q_max[-1]
    if writer is not None:
        for tag, value in scalars.items():
            writer.add_scalar(tag, value, result.env_steps)
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
