"""The TD target and TD loss, written once for the whole package (notebooks 04, 05 and 07).

The agent (:meth:`dqn_teach.agent.DQN.compute_td_target`), the reference answers
(:mod:`dqn_teach.reference`) and the γ explorer (:mod:`dqn_teach.widgets`) all call these pure
functions, so the formula a learner sees in a figure is the one the agent trains with::

    target = r + γ · (1 − terminated) · Q(s′, a′)

Only ``terminated`` stops the bootstrap: a time-limit truncation still has a next state worth
something. The functions take Q-values, not networks, and never build a graph; callers evaluate
the networks under ``torch.no_grad()`` (the target is a label, not something to optimise).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dqn_teach.config import LOSSES

__all__ = ["bootstrapped_target", "double_dqn_target", "td_loss", "td_target"]


def bootstrapped_target(
    reward: torch.Tensor, next_q_value: torch.Tensor, terminated: torch.Tensor, gamma: float
) -> torch.Tensor:
    """``r + γ (1 − terminated) Q(s′, a′)`` for the value of an already chosen next action.

    Args:
        reward: ``(batch, 1)``.
        next_q_value: ``(batch, 1)``, the value of the next action ``a′``.
        terminated: ``(batch, 1)``, 1.0 where the episode really ended (not truncated).
        gamma: discount factor γ.

    Returns:
        ``(batch, 1)`` TD targets.
    """
    return reward + gamma * (1.0 - terminated) * next_q_value


def td_target(
    reward: torch.Tensor, next_q_values: torch.Tensor, terminated: torch.Tensor, gamma: float
) -> torch.Tensor:
    """The DQN target ``r + γ (1 − terminated) max_a′ Q(s′, a′)``.

    Args:
        reward: ``(batch, 1)``.
        next_q_values: ``(batch, num_actions)``, Q-values of the next observations (from the
            target network, or the online one in the 2013 paper).
        terminated: ``(batch, 1)``.
        gamma: discount factor γ.

    Returns:
        ``(batch, 1)``; the max keeps its action dimension, so no ``(batch, batch)`` broadcast.
    """
    next_max_q = next_q_values.max(dim=1, keepdim=True).values  # (batch, 1)
    return bootstrapped_target(reward, next_max_q, terminated, gamma)


def double_dqn_target(
    reward: torch.Tensor,
    online_next_q_values: torch.Tensor,
    target_next_q_values: torch.Tensor,
    terminated: torch.Tensor,
    gamma: float,
) -> torch.Tensor:
    """Double DQN: the online network picks ``a′``, the target network scores it.

    Args:
        reward: ``(batch, 1)``.
        online_next_q_values: ``(batch, num_actions)`` from the online network.
        target_next_q_values: ``(batch, num_actions)`` from the target network.
        terminated: ``(batch, 1)``.
        gamma: discount factor γ.

    Returns:
        ``(batch, 1)`` targets ``r + γ (1 − terminated) Q_target(s′, argmax_a′ Q_online(s′, a′))``.
    """
    next_action = online_next_q_values.argmax(dim=1, keepdim=True)  # (batch, 1)
    next_q_value = target_next_q_values.gather(1, next_action)  # (batch, 1)
    return bootstrapped_target(reward, next_q_value, terminated, gamma)


def td_loss(q_value: torch.Tensor, target: torch.Tensor, loss: str = "mse") -> torch.Tensor:
    """Mean loss between ``Q(s, a)`` and the TD target: MSE (2013) or Huber (2015).

    Args:
        q_value: ``(batch, 1)``, ``Q(s, a)`` of the actions taken (with gradient).
        target: ``(batch, 1)`` TD targets (without gradient).
        loss: ``"mse"`` or ``"huber"``.

    Returns:
        A scalar tensor.
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}.")
    if q_value.shape != target.shape:  # a (B, 1) - (B,) broadcast would give (B, B)
        raise ValueError(
            f"Q(s, a) has shape {tuple(q_value.shape)} but the TD target has "
            f"{tuple(target.shape)}; reward and terminated must be (batch, 1)."
        )
    if loss == "huber":
        return F.smooth_l1_loss(q_value, target)
    return F.mse_loss(q_value, target)
