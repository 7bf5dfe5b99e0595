"""Shared test setup: one torch thread (tiny networks; see dqn_teach.runtime) and small helpers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dqn_teach.experience import Experience

torch.set_num_threads(1)


def transition(num_envs: int, start: int, obs_dim: int = 3) -> Experience:
    """A recognisable Experience: row i of call `start` carries the value start * 10 + i."""
    values = start * 10 + np.arange(num_envs, dtype=np.float32)
    return Experience(
        obs=np.repeat(values[:, None], obs_dim, axis=1),
        action=(values[:, None] % 2).astype(np.int64),
        next_obs=np.repeat(values[:, None] + 0.5, obs_dim, axis=1),
        reward=values[:, None].copy(),
        terminated=np.zeros((num_envs, 1), dtype=np.float32),
    )


@pytest.fixture
def make_transition():
    return transition
