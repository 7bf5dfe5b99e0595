"""ε-greedy exploration and its linear decay schedule (notebook 03).

With probability ε the agent explores (a uniformly random action), otherwise it exploits (the
action with the largest Q-value). Because the random action can also be the greedy one, the
greedy action's probability is ``1 - ε + ε / n`` and every other action's is ``ε / n``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from dqn_teach import messages


def _check_epsilon(epsilon: float) -> float:
    epsilon = float(epsilon)
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(str(messages.EPSILON_RANGE.format(epsilon=epsilon)))
    return epsilon


class EpsilonGreedyPolicy:
    """Sample actions ε-greedily from Q-values.

    Args:
        epsilon: exploration probability in [0, 1]. 0 = always greedy, 1 = uniformly random.
        generator: optional ``torch.Generator`` that makes sampling reproducible on its own;
            without one, torch's global generator is used.
    """

    def __init__(self, epsilon: float, generator: torch.Generator | None = None) -> None:
        self.epsilon = epsilon
        self.generator = generator

    @property
    def epsilon(self) -> float:
        return self._epsilon

    @epsilon.setter
    def epsilon(self, value: float) -> None:
        self._epsilon = _check_epsilon(value)

    def _greedy_and_other_prob(self, num_actions: int) -> tuple[float, float]:
        """The greedy action's probability ``1 − ε + ε / n`` and every other one's, ``ε / n``."""
        return 1.0 - self.epsilon + self.epsilon / num_actions, self.epsilon / num_actions

    def probabilities(self, q_values: torch.Tensor) -> torch.Tensor:
        """The ε-greedy distribution over actions.

        Args:
            q_values: ``(num_envs, num_actions)``.

        Returns:
            ``(num_envs, num_actions)`` probabilities; each row sums to 1. Ties go to the lowest
            action index (``argmax``'s choice).
        """
        if q_values.ndim != 2:
            raise ValueError(str(messages.Q_VALUES_SHAPE.format(shape=tuple(q_values.shape))))
        greedy_prob, other_prob = self._greedy_and_other_prob(q_values.shape[1])
        greedy_action = q_values.argmax(dim=1, keepdim=True)  # (num_envs, 1)
        probs = torch.full(q_values.shape, other_prob, dtype=torch.float32, device=q_values.device)
        return probs.scatter_(1, greedy_action, greedy_prob)

    def sample(self, q_values: torch.Tensor) -> torch.Tensor:
        """Sample one action per environment.

        Args:
            q_values: ``(num_envs, num_actions)``.

        Returns:
            ``(num_envs, 1)`` int64 action indices.
        """
        probs = self.probabilities(q_values)
        return torch.multinomial(probs, num_samples=1, generator=self.generator)

    def sample_lazily(
        self, compute_q_values: Callable[[], torch.Tensor], num_envs: int, num_actions: int
    ) -> torch.Tensor:
        """``sample(compute_q_values())`` with the same draws, calling ``compute_q_values`` only
        when some action depends on the Q-values.

        For one sample per row, ``torch.multinomial`` draws ``q ~ Exp(1)`` per action and returns
        ``argmax(probs / q)`` (the exponential race, a form of the Gumbel-max trick). This method
        makes the same draws first and works out each row's action for every possible greedy
        action. When they all agree (the step explores whatever the Q-values say: with one env
        and two actions, a share ε of the steps), the forward pass is skipped. Either way the
        actions and the generator's state afterwards are those of :meth:`sample`. The agent acts
        this way because one observation's forward pass is most of an exploring step's cost
        (``benchmarks/step_profile.py``).

        Args:
            compute_q_values: returns the ``(num_envs, num_actions)`` Q-values, on the CPU.
            num_envs / num_actions: their shape.

        Returns:
            ``(num_envs, 1)`` int64 action indices.
        """
        # The draws are torch's; the arithmetic on them is numpy's, which costs less for tiny
        # arrays and rounds the same (float32 division is exact to the last bit in both).
        noise = torch.empty(num_envs, num_actions).exponential_(generator=self.generator).numpy()
        # probs_if_greedy[g] is what probabilities() gives any Q-values whose argmax is g: (k, k).
        greedy_prob, other_prob = self._greedy_and_other_prob(num_actions)
        probs_if_greedy = np.full((num_actions, num_actions), other_prob, dtype=np.float32)
        np.fill_diagonal(probs_if_greedy, greedy_prob)
        # actions_if_greedy[g, i]: env i's action if its greedy action is g: (k, num_envs).
        actions_if_greedy = (probs_if_greedy[:, None, :] / noise).argmax(axis=2)
        if (actions_if_greedy == actions_if_greedy[0]).all():
            actions = actions_if_greedy[0]
        else:
            greedy_action = compute_q_values().argmax(dim=1).numpy()  # (num_envs,)
            actions = actions_if_greedy[greedy_action, np.arange(num_envs)]
        return torch.from_numpy(actions.astype(np.int64)[:, None])


class LinearSchedule:
    """A value moving linearly from ``start_value`` at ``start_t`` to ``end_value`` at ``end_t``.

    Before ``start_t`` it stays at ``start_value``; after ``end_t`` it stays at ``end_value``
    (clipped). This is the seed notebook's ``epsilon_linear_decay = (start_t, end_t, start_value,
    end_value)``.
    """

    def __init__(self, start_t: int, end_t: int, start_value: float, end_value: float) -> None:
        if end_t <= start_t:
            raise ValueError(
                str(messages.SCHEDULE_END_BEFORE_START.format(end_t=end_t, start_t=start_t))
            )
        self.start_t, self.end_t = start_t, end_t
        self.start_value, self.end_value = float(start_value), float(end_value)

    def __call__(self, t: float) -> float:
        """The value at step ``t``."""
        fraction = min(max((t - self.start_t) / (self.end_t - self.start_t), 0.0), 1.0)
        return self.start_value + fraction * (self.end_value - self.start_value)

    def __repr__(self) -> str:
        return (
            f"LinearSchedule(start_t={self.start_t}, end_t={self.end_t}, "
            f"start_value={self.start_value}, end_value={self.end_value})"
        )
