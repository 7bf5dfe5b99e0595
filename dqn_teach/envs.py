"""Environment factories: the one place that knows how to build each env the course uses.

Training, evaluation, the CLI and the widgets all build their envs here, so an Atari game always
gets the 2013 paper's preprocessing (:mod:`dqn_teach.atari`) and a vector env always holds the
same env a single factory would build. Whether an id is an Atari game is read from gymnasium's
registry (the env's entry point), not from how the id is spelled.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np

EnvSpec = str | Callable[[], gym.Env]
ATARI_ENTRY_POINT = "ale_py.env:AtariEnv"

__all__ = [
    "EnvSpec",
    "env_factory",
    "env_shapes",
    "is_atari",
    "make_vector_env",
    "restore_vector_env",
    "vector_env_state",
]


def _registered_spec(env_id: str) -> gym.envs.registration.EnvSpec:
    """gymnasium's spec of ``env_id``; Atari ids are registered on first use (if ale-py is
    installed). Raises ValueError naming the id when gymnasium does not know it."""
    try:
        return gym.spec(env_id)
    except gym.error.Error as first_error:
        try:
            from dqn_teach.atari import register_atari_envs

            register_atari_envs()
            return gym.spec(env_id)
        except (ImportError, gym.error.Error):
            raise ValueError(f"unknown gymnasium env {env_id!r}: {first_error}") from None


def is_atari(env_id: str) -> bool:
    """True when gymnasium builds ``env_id`` with the Arcade Learning Environment."""
    return str(_registered_spec(env_id).entry_point) == ATARI_ENTRY_POINT


def env_factory(env_id: str, **kwargs) -> Callable[[], gym.Env]:
    """A zero-argument function that builds ``env_id``; Atari games get the paper's
    preprocessing (``(4, 84, 84)`` uint8 observations, see :mod:`dqn_teach.atari`).

    Args:
        env_id: a gymnasium id such as ``"CartPole-v1"`` or ``"ALE/Pong-v5"``.
        **kwargs: passed to ``gym.make`` (or to :func:`dqn_teach.atari.make_atari_env`).
    """
    if is_atari(env_id):
        from dqn_teach.atari import make_atari_env

        return lambda: make_atari_env(env_id, **kwargs)
    return lambda: gym.make(env_id, **kwargs)


def make_vector_env(env: EnvSpec, num_envs: int = 1) -> gym.vector.SyncVectorEnv:
    """A synchronous vector env of ``num_envs`` copies of ``env`` (an id or a factory)."""
    if num_envs < 1:
        raise ValueError(f"num_envs must be ≥ 1, got {num_envs}.")
    factory = env_factory(env) if isinstance(env, str) else env
    return gym.vector.SyncVectorEnv([factory] * num_envs)


def env_shapes(factory: Callable[[], gym.Env]) -> tuple[tuple[int, ...], int]:
    """``(obs_shape, num_actions)`` of the env ``factory`` builds (discrete actions only)."""
    env = factory()
    try:
        if not isinstance(env.action_space, gym.spaces.Discrete):
            raise ValueError(
                f"DQN needs a discrete action space, got {env.action_space}. Pick an env with "
                "Discrete actions (CartPole-v1, LunarLander-v3, ALE/...)."
            )
        return tuple(env.observation_space.shape), int(env.action_space.n)
    finally:
        env.close()


def vector_env_state(envs: gym.vector.VectorEnv) -> dict[str, Any] | None:
    """A snapshot of a :class:`~gymnasium.vector.SyncVectorEnv` that continues exactly: each
    env pickled whole (its internal state, time-limit counter and ``np_random``) and which envs
    reset on the next step.

    None for envs that do not survive pickling: Atari's emulator comes back restarted while its
    wrappers keep the old frames, so a resumed Atari run starts new episodes instead.
    """
    if not isinstance(envs, gym.vector.SyncVectorEnv) or any(
        env.spec is not None and str(env.spec.entry_point) == ATARI_ENTRY_POINT
        for env in envs.envs
    ):
        return None
    try:
        pickled = pickle.dumps(envs.envs)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    # gymnasium >= 1.0 keeps the pending autoresets in this attribute (see dqn_teach.training).
    return {"envs": pickled, "autoreset": np.array(envs._autoreset_envs, copy=True)}


def restore_vector_env(state: dict[str, Any]) -> gym.vector.SyncVectorEnv:
    """The vector env :func:`vector_env_state` saw, in the same state."""
    restored = pickle.loads(state["envs"])
    envs = gym.vector.SyncVectorEnv([lambda env=env: env for env in restored])
    envs._autoreset_envs = np.array(state["autoreset"], copy=True)
    return envs
