"""Environment factories: one place that knows how to build each env the course uses."""

from __future__ import annotations

from collections.abc import Callable

import gymnasium as gym


def env_factory(env_id: str, **kwargs) -> Callable[[], gym.Env]:
    """A zero-argument function that builds ``env_id``; Atari ids (``ALE/...``) get the paper's
    preprocessing (see :mod:`dqn_teach.atari`)."""
    if env_id.startswith("ALE/"):
        from dqn_teach.atari import make_atari_env

        return lambda: make_atari_env(env_id, **kwargs)
    try:
        gym.spec(env_id)
    except gym.error.Error as error:
        raise ValueError(f"unknown gymnasium env {env_id!r}: {error}") from None
    return lambda: gym.make(env_id, **kwargs)


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
