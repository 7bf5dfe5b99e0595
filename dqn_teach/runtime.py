"""Threads and seeds: the two settings that make runs fast and repeatable on a laptop CPU."""

from __future__ import annotations

import random

import numpy as np
import torch

from dqn_teach import messages

#: Why one thread: the course's networks are tiny, so a gradient step is dominated by per-op
#: overhead. On a 2-core machine two threads add synchronisation and, as soon as anything else
#: runs (a notebook, a browser, a second training), oversubscription that was measured 3× to 50×
#: slower. One thread is never slower here. Pass ``num_threads=None`` to leave torch's setting.
DEFAULT_NUM_THREADS = 1


def use_threads(num_threads: int | None = DEFAULT_NUM_THREADS) -> None:
    """Set torch's intra-op thread count (``None`` leaves it unchanged)."""
    if num_threads is not None:
        if num_threads < 1:
            raise ValueError(str(messages.NUM_THREADS_RANGE.format(num_threads=num_threads)))
        if torch.get_num_threads() != num_threads:
            torch.set_num_threads(num_threads)


def seed_everything(seed: int) -> None:
    """Seed Python's, numpy's and torch's global generators."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
