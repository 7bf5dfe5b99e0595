"""Reference versions of the functions learners write only inside notebooks.

The classes learners write (``Experience``, ``ReplayBuffer``, ``EpsilonGreedyPolicy``, ``DQN``)
have their reference in the package modules. The stand-alone functions of notebooks 01, 03, 04 and
07 live here, built on the package code, so ``dqn_teach.checks`` can be tested against them and a
teacher can show a working answer::

    from dqn_teach.checks import check_td_target
    from dqn_teach.reference import td_target
    check_td_target(td_target)
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dqn_teach import td
from dqn_teach.experience import Experience, make_experience
from dqn_teach.policy import LinearSchedule
from dqn_teach.td import td_target  # notebook 04's function is the package's own

__all__ = ["double_dqn_target", "linear_schedule", "td_loss", "td_target", "to_experience"]


def to_experience(
    obs: np.ndarray,
    action: np.ndarray,
    next_obs: np.ndarray,
    reward: np.ndarray,
    terminated: np.ndarray,
    truncated: np.ndarray,
) -> Experience:
    """Turn one vector-env step into an :class:`Experience` with ``(num_envs, 1)`` columns.

    ``truncated`` is accepted and deliberately dropped: a time limit is not the end of the MDP,
    so the TD target must still bootstrap from ``next_obs``.

    Args:
        obs, next_obs: ``(num_envs, *obs_shape)``.
        action, reward, terminated, truncated: ``(num_envs,)`` as gymnasium returns them.
    """
    del truncated  # only `terminated` stops bootstrapping
    return make_experience(obs, action, next_obs, reward, terminated)


def linear_schedule(
    t: float, start_t: int, end_t: int, start_value: float, end_value: float
) -> float:
    """``start_value`` until ``start_t``, then linearly to ``end_value`` at ``end_t``, then flat."""
    return LinearSchedule(start_t, end_t, start_value, end_value)(t)


def td_loss(
    q_network: nn.Module,
    target_network: nn.Module,
    obs: torch.Tensor,
    action: torch.Tensor,
    next_obs: torch.Tensor,
    reward: torch.Tensor,
    terminated: torch.Tensor,
    gamma: float,
    loss: str = "mse",
) -> torch.Tensor:
    """Mean TD loss of a mini-batch; the gradient reaches ``q_network`` only.

    Args:
        q_network, target_network: ``(batch, *obs_shape)`` → ``(batch, num_actions)``; they may be
            the same module (the 2013 paper has no separate target network).
        obs, next_obs: ``(batch, *obs_shape)``.
        action: ``(batch, 1)`` int64.
        reward, terminated: ``(batch, 1)``.
        gamma: discount factor.
        loss: ``"mse"`` or ``"huber"``.

    Returns:
        A scalar tensor.
    """
    q_value = q_network(obs).gather(1, action)  # Q(s, a): (batch, 1)
    with torch.no_grad():  # the target is a fixed label, not something to optimise
        target = td_target(reward, target_network(next_obs), terminated, gamma)
    return td.td_loss(q_value, target, loss)


def double_dqn_target(
    reward: torch.Tensor,
    next_obs: torch.Tensor,
    terminated: torch.Tensor,
    gamma: float,
    online_network: nn.Module,
    target_network: nn.Module,
) -> torch.Tensor:
    """Double DQN target: the online network picks ``a'``, the target network scores it.

    Returns:
        ``(batch, 1)`` targets ``r + γ (1 − terminated) Q_target(s', argmax_a' Q_online(s', a'))``,
        without gradient.
    """
    with torch.no_grad():
        return td.double_dqn_target(
            reward, online_network(next_obs), target_network(next_obs), terminated, gamma
        )
