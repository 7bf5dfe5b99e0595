"""Experience: one transition per environment, the unit that DQN learns from (notebook 01).

A transition is what happened between time step ``t`` and ``t + 1``. With ``num_envs`` environments
running side by side, one :class:`Experience` holds one transition per environment, stacked along
the first axis.

``terminated`` means the MDP itself ended (the pole fell, the game was lost): there is no future
reward, so the TD target must not bootstrap. A time limit (gymnasium's ``truncated``) is *not*
termination: the state after it still has a value, and ``next_obs`` is the true next observation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Experience(NamedTuple):
    """A batch of transitions, one row per environment.

    Attributes:
        obs: observation at time ``t``, shape ``(num_envs, *obs_shape)``.
        action: action taken at ``t``, shape ``(num_envs, 1)``, integer.
        next_obs: the true observation at ``t + 1``, shape ``(num_envs, *obs_shape)``.
            Never the first observation of the next episode.
        reward: reward for the transition, shape ``(num_envs, 1)``, float32.
        terminated: 1.0 where the MDP ended at ``t + 1``, else 0.0, shape ``(num_envs, 1)``,
            float32. A time-limit truncation is 0.0 here.
    """

    obs: np.ndarray
    action: np.ndarray
    next_obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray


def make_experience(
    obs: np.ndarray,
    action: np.ndarray,
    next_obs: np.ndarray,
    reward: np.ndarray,
    terminated: np.ndarray,
) -> Experience:
    """Build an :class:`Experience` from what a gymnasium vector env returns.

    Accepts the flat arrays gymnasium gives (``reward`` and ``terminated`` of shape
    ``(num_envs,)``, ``action`` of shape ``(num_envs,)`` or ``(num_envs, 1)``) and returns them in
    the documented shapes and dtypes. Observations keep their dtype, except float64, which becomes
    float32 (the dtype the networks use).

    Args:
        obs: ``(num_envs, *obs_shape)``.
        action: ``(num_envs,)`` or ``(num_envs, 1)``.
        next_obs: ``(num_envs, *obs_shape)``.
        reward: ``(num_envs,)`` or ``(num_envs, 1)``.
        terminated: ``(num_envs,)`` or ``(num_envs, 1)``, bool or 0/1.

    Returns:
        Experience with ``action`` int64 ``(num_envs, 1)``, ``reward`` and ``terminated``
        float32 ``(num_envs, 1)``.
    """
    obs = np.asarray(obs)
    next_obs = np.asarray(next_obs)
    if obs.dtype == np.float64:
        obs = obs.astype(np.float32)
    if next_obs.dtype == np.float64:
        next_obs = next_obs.astype(np.float32)
    num_envs = obs.shape[0]
    return Experience(
        obs=obs,
        action=np.asarray(action, dtype=np.int64).reshape(num_envs, 1),
        next_obs=next_obs,
        reward=np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
        terminated=np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1),
    )
