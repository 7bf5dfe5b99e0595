"""Replay buffer: remember transitions, then learn from random mini-batches of them (notebook 02).

Consecutive transitions are strongly correlated; sampling uniformly from a large memory breaks that
correlation and lets each transition be used many times. This buffer is a preallocated ring of
numpy arrays: ``add`` writes ``num_envs`` rows at the write position and wraps around when full,
overwriting the oldest transitions; ``sample`` draws indices uniformly from the filled slots only.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from dqn_teach import messages
from dqn_teach.experience import Experience


class ExperienceBatch(NamedTuple):
    """A sampled mini-batch as torch tensors (same field order as :class:`Experience`).

    Attributes:
        obs: ``(batch_size, *obs_shape)``.
        action: ``(batch_size, 1)``, int64.
        next_obs: ``(batch_size, *obs_shape)``.
        reward: ``(batch_size, 1)``, float32.
        terminated: ``(batch_size, 1)``, float32.
    """

    obs: torch.Tensor
    action: torch.Tensor
    next_obs: torch.Tensor
    reward: torch.Tensor
    terminated: torch.Tensor


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(str(messages.POSITIVE_INTEGER.format(name=name, value=value)))
    return int(value)


def mirror_half(batch: ExperienceBatch, num_actions: int) -> ExperienceBatch:
    """The batch with its first half replaced by mirror images (``config.mirror_augmentation``).

    A mirrored transition negates ``obs`` and ``next_obs`` and reverses the action order
    (``a → num_actions − 1 − a``); reward and termination stay. In an environment symmetric that
    way (CartPole) it is as real a transition as the original. The rows of a batch are independent
    uniform draws, so mirroring the first half mirrors a random half, and needs no generator.

    Args:
        batch: shapes as in :class:`ExperienceBatch`.
        num_actions: the number of discrete actions.

    Returns:
        An :class:`ExperienceBatch` of the same shapes and dtypes.
    """
    batch = ExperienceBatch(*batch)  # also a plain tuple from a learner's own buffer
    half = batch.obs.shape[0] // 2
    obs, action, next_obs = batch.obs, batch.action, batch.next_obs
    return batch._replace(
        obs=torch.cat((-obs[:half], obs[half:])),
        action=torch.cat((num_actions - 1 - action[:half], action[half:])),
        next_obs=torch.cat((-next_obs[:half], next_obs[half:])),
    )


class ReplayBuffer:
    """Uniform experience replay over a fixed-size ring of numpy arrays.

    Args:
        training_freq: how many ``add`` calls must happen between two ``sample`` calls before
            ``can_sample`` is True again (the seed notebook's meaning).
        sampled_batch_size: transitions per ``sample``.
        capacity: the most transitions kept; the oldest are overwritten first.
        num_envs: rows in every :class:`Experience` passed to ``add``.
        device: where ``sample`` puts its tensors.
        seed: seed of the buffer's own random generator (sampling only).

    Storage is allocated on the first ``add``, when the observation shape and dtype are known.
    """

    def __init__(
        self,
        training_freq: int,
        sampled_batch_size: int,
        capacity: int,
        num_envs: int,
        *,
        device: str | torch.device = "cpu",
        seed: int | None = None,
    ) -> None:
        self.training_freq = _positive_int("training_freq", training_freq)
        self.sampled_batch_size = _positive_int("sampled_batch_size", sampled_batch_size)
        self.capacity = _positive_int("capacity", capacity)
        self.num_envs = _positive_int("num_envs", num_envs)
        if self.num_envs > self.capacity:
            raise ValueError(
                str(messages.CAPACITY_BELOW_NUM_ENVS.format(capacity=capacity, num_envs=num_envs))
            )
        self.device = torch.device(device)
        self.rng = np.random.default_rng(seed)
        self.reset()

    def reset(self) -> None:
        """Forget every stored transition (the storage is kept)."""
        self.n_step = 0  # add() calls since the last sample()
        self.count = 0  # filled slots, at most capacity
        self.next_idx = 0  # where the next row is written
        self._storage: dict[str, np.ndarray] | None = None

    def seed(self, seed: int | None) -> None:
        """Re-seed the sampling generator."""
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return self.count

    @property
    def can_sample(self) -> bool:
        """True with enough transitions AND ``training_freq`` adds since the last sample."""
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq

    def add(self, experience: Experience, store_mask: np.ndarray | None = None) -> None:
        """Store one transition per environment.

        Args:
            experience: arrays with first dimension ``num_envs`` (see :class:`Experience`).
            store_mask: optional ``(num_envs,)`` bool; rows where it is False are not stored
                (used to skip gymnasium's autoreset step, which is not a transition).
        """
        rows = self._validate(experience)
        if store_mask is not None:
            store_mask = np.asarray(store_mask, dtype=bool)
            if store_mask.shape != (self.num_envs,):
                raise ValueError(
                    str(
                        messages.STORE_MASK_SHAPE.format(
                            num_envs=self.num_envs, shape=store_mask.shape
                        )
                    )
                )
            if not store_mask.all():  # (all True: the rows are stored as they are)
                rows = {name: array[store_mask] for name, array in rows.items()}
        n_new = len(rows["obs"])
        self.n_step += 1
        if n_new == 0:
            return
        # Ring positions for the new rows: next_idx, next_idx + 1, ... wrapping at capacity
        # (a slice where they do not wrap: the same rows, written faster).
        end = self.next_idx + n_new
        slots = (slice(self.next_idx, end) if end <= self.capacity
                 else np.arange(self.next_idx, end) % self.capacity)
        for name, array in rows.items():
            self._storage[name][slots] = array
        self.next_idx = end % self.capacity
        self.count = min(self.count + n_new, self.capacity)

    def sample(self) -> ExperienceBatch:
        """Draw ``sampled_batch_size`` transitions uniformly (with replacement) from filled slots.

        Returns:
            ExperienceBatch of tensors on ``device``; shapes as in :class:`ExperienceBatch`.

        Raises:
            ValueError: if fewer than ``sampled_batch_size`` transitions are stored.
        """
        self._start_sampling()
        idx = self.rng.integers(0, self.count, size=self.sampled_batch_size)
        return ExperienceBatch(*(self._gather(name, idx) for name in _FIELDS))

    def _start_sampling(self) -> None:
        """Refuse a batch larger than what is stored; restart the ``training_freq`` count."""
        if self.count < self.sampled_batch_size:
            raise ValueError(
                str(
                    messages.CANNOT_SAMPLE.format(
                        batch_size=self.sampled_batch_size, count=self.count
                    )
                )
            )
        self.n_step = 0

    def _gather(self, name: str, idx: np.ndarray) -> torch.Tensor:
        # take() copies the rows into a fresh array, which torch then shares without a copy.
        batch = torch.from_numpy(self._storage[name].take(idx, axis=0))
        return batch if self.device.type == "cpu" else batch.to(self.device)

    def _validate(self, experience: Experience) -> dict[str, np.ndarray]:
        if not isinstance(experience, Experience):
            raise TypeError(
                str(messages.ADD_NEEDS_EXPERIENCE.format(type_name=type(experience).__name__))
            )
        rows = {name: np.asarray(getattr(experience, name)) for name in _FIELDS}
        obs = rows["obs"]
        if obs.ndim < 1 or obs.shape[0] != self.num_envs:
            raise ValueError(
                str(messages.OBS_SHAPE.format(num_envs=self.num_envs, shape=obs.shape))
            )
        if rows["next_obs"].shape != obs.shape:
            raise ValueError(
                str(
                    messages.NEXT_OBS_SHAPE.format(
                        next_shape=rows["next_obs"].shape, shape=obs.shape
                    )
                )
            )
        for name in ("action", "reward", "terminated"):
            if rows[name].shape != (self.num_envs, 1):
                raise ValueError(
                    str(
                        messages.COLUMN_SHAPE.format(
                            name=name, num_envs=self.num_envs, shape=rows[name].shape
                        )
                    )
                )
        if rows["action"].dtype.kind not in "iu":  # signed or unsigned integers
            raise ValueError(str(messages.ACTION_DTYPE.format(dtype=rows["action"].dtype)))
        if self._storage is None:
            self._allocate(obs)
        stored = self._storage["obs"]
        if obs.shape[1:] != stored.shape[1:]:
            raise ValueError(
                str(messages.OBS_SHAPE_CHANGED.format(stored=stored.shape[1:], shape=obs.shape[1:]))
            )
        if obs.dtype != stored.dtype:
            raise ValueError(
                str(messages.OBS_DTYPE_CHANGED.format(stored=stored.dtype, dtype=obs.dtype))
            )
        return rows

    def _allocate(self, obs: np.ndarray) -> None:
        if obs.dtype == np.float64:
            raise ValueError(str(messages.OBS_FLOAT64))
        obs_shape, obs_dtype = obs.shape[1:], obs.dtype
        self._storage = {
            "obs": np.zeros((self.capacity, *obs_shape), dtype=obs_dtype),
            "action": np.zeros((self.capacity, 1), dtype=np.int64),
            "next_obs": np.zeros((self.capacity, *obs_shape), dtype=obs_dtype),
            "reward": np.zeros((self.capacity, 1), dtype=np.float32),
            "terminated": np.zeros((self.capacity, 1), dtype=np.float32),
        }

    @property
    def nbytes(self) -> int:
        """Bytes of preallocated storage (0 before the first add)."""
        return 0 if self._storage is None else sum(a.nbytes for a in self._storage.values())


_FIELDS = ("obs", "action", "next_obs", "reward", "terminated")
