"""Notebook 02 mistakes: the replay buffer.

``LearnerReplayBuffer`` is a correct buffer written the way learners write it (preallocated
numpy arrays, a write index, an add counter); each mutant changes one method.
"""

from __future__ import annotations

import numpy as np
import torch

from tests.mutants import mutant

FIELDS = ("obs", "action", "next_obs", "reward", "terminated")


class LearnerReplayBuffer:
    """A correct learner-style ring buffer (the mutants below each break one thing)."""

    def __init__(self, training_freq, sampled_batch_size, capacity, num_envs, seed=None):
        self.training_freq = training_freq
        self.sampled_batch_size = sampled_batch_size
        self.capacity = capacity
        self.num_envs = num_envs
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.storage = None
        self.idx = 0
        self.count = 0
        self.n_step = 0

    def __len__(self):
        return self.count

    @property
    def can_sample(self):
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq

    def add(self, experience):
        if self.storage is None:
            self.storage = {}
            for name in FIELDS:
                value = np.asarray(getattr(experience, name))
                self.storage[name] = np.zeros((self.capacity, *value.shape[1:]), value.dtype)
        for row in range(self.num_envs):
            self.write(experience, row)
        self.n_step += 1

    def write(self, experience, row):
        for name in FIELDS:
            self.storage[name][self.idx] = getattr(experience, name)[row]
        self.idx = (self.idx + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)

    def indices(self):
        return self.rng.integers(0, self.count, size=self.sampled_batch_size)

    def sample(self):
        self.n_step = 0
        idx = self.indices()
        return tuple(torch.from_numpy(self.storage[name][idx]) for name in FIELDS)


@mutant("check_replay_buffer", en="wrap around", ko="처음으로 돌아가야")
class RingIndexNotWrapping(LearnerReplayBuffer):
    """Advances the write index without `% capacity`, so it runs off the end of the arrays."""

    def write(self, experience, row):
        for name in FIELDS:
            self.storage[name][self.idx] = getattr(experience, name)[row]
        self.idx += 1
        self.count = min(self.count + 1, self.capacity)


@mutant("check_replay_buffer", en="never filled", ko="채워지지 않은")
class SamplesFromCapacity(LearnerReplayBuffer):
    """Draws indices from the whole capacity, including slots that were never written."""

    def indices(self):
        return self.rng.integers(0, self.capacity, size=self.sampled_batch_size)


@mutant("check_replay_buffer", en="do not drop the last one", ko="끝값을 빠뜨리지")
class NeverSamplesNewest(LearnerReplayBuffer):
    """Off by one: draws from `count - 1` slots, so the newest transition is never replayed."""

    def indices(self):
        return self.rng.integers(0, self.count - 1, size=self.sampled_batch_size)


@mutant("check_replay_buffer", en="training_freq is ignored", ko="training_freq를 무시")
class CanSampleIgnoresTrainingFreq(LearnerReplayBuffer):
    """can_sample only checks the amount of data, so DQN trains after every step."""

    @property
    def can_sample(self):
        return self.count >= self.sampled_batch_size


@mutant("check_replay_buffer", en="not reset", ko="되돌리지 않았습니다")
class CounterNotReset(LearnerReplayBuffer):
    """Never resets the add counter in sample(), so once True can_sample stays True."""

    def sample(self):
        idx = self.indices()
        return tuple(torch.from_numpy(self.storage[name][idx]) for name in FIELDS)


@mutant("check_replay_buffer", en="amount of data is not checked", ko="데이터 양을 확인하지")
class CanSampleIgnoresCount(LearnerReplayBuffer):
    """can_sample only counts add() calls and forgets to require a full batch of data."""

    @property
    def can_sample(self):
        return self.n_step >= self.training_freq


@mutant("check_replay_buffer", en="same batch every call", ko="똑같은 배치")
class SameBatchEveryCall(LearnerReplayBuffer):
    """Re-creates the seeded generator inside sample(), so every call draws the same indices."""

    def indices(self):
        rng = np.random.default_rng(self.seed)
        return rng.integers(0, self.count, size=self.sampled_batch_size)


@mutant("check_replay_buffer", en="different transitions", ko="짝이 맞지")
class FieldsSampledSeparately(LearnerReplayBuffer):
    """Draws new indices for every field, so a row mixes obs and reward of different steps."""

    def sample(self):
        self.n_step = 0
        return tuple(torch.from_numpy(self.storage[name][self.indices()]) for name in FIELDS)


@mutant("check_replay_buffer", en="newest 9 transitions must remain", ko="가장 최근")
class StopsWhenFull(LearnerReplayBuffer):
    """Stops storing once full, keeping the oldest transitions forever."""

    def write(self, experience, row):
        if self.count == self.capacity:
            return
        super().write(experience, row)


@mutant("check_replay_buffer", en="must stay at capacity", ko="멈춰야")
class LengthGrowsPastCapacity(LearnerReplayBuffer):
    """Counts every transition ever added, so len() exceeds capacity."""

    def write(self, experience, row):
        for name in FIELDS:
            self.storage[name][self.idx] = getattr(experience, name)[row]
        self.idx = (self.idx + 1) % self.capacity
        self.count += 1


@mutant("check_replay_buffer", en="same seed sampled different batches", ko="같은 seed로")
class IgnoresSeed(LearnerReplayBuffer):
    """Samples with the global np.random instead of the buffer's own seeded generator."""

    def indices(self):
        return np.random.randint(0, self.count, size=self.sampled_batch_size)


@mutant("check_replay_buffer", en="must be a torch.Tensor", ko="torch.Tensor여야")
class ReturnsNumpy(LearnerReplayBuffer):
    """Returns numpy arrays from sample() (the network needs tensors)."""

    def sample(self):
        self.n_step = 0
        idx = self.indices()
        return tuple(self.storage[name][idx] for name in FIELDS)


class NotebookReplayBuffer:
    """Notebook 02's own layout: a ``storage`` dict of arrays, ``next_idx``, ``count``, ``n_step``;
    every ``num_envs`` rows written at once (the mutants below each break one line)."""

    FIELDS = FIELDS

    def __init__(self, training_freq, sampled_batch_size, capacity, num_envs, seed=None):
        self.training_freq = training_freq
        self.sampled_batch_size = sampled_batch_size
        self.capacity = capacity
        self.num_envs = num_envs
        self.rng = np.random.default_rng(seed)
        self.n_step, self.count, self.next_idx, self.storage = 0, 0, 0, None

    def __len__(self):
        return self.count

    @property
    def can_sample(self):
        return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq

    def add(self, experience):
        if self.storage is None:
            columns = {name: np.asarray(getattr(experience, name)) for name in FIELDS}
            self.storage = {name: np.zeros((self.capacity, *value.shape[1:]), value.dtype)
                            for name, value in columns.items()}
        slots = self.slots()
        for name in FIELDS:
            self.storage[name][slots] = getattr(experience, name)
        self.advance()
        self.count = min(self.count + self.num_envs, self.capacity)
        self.n_step += 1

    def slots(self):
        return (self.next_idx + np.arange(self.num_envs)) % self.capacity

    def advance(self):
        self.next_idx = (self.next_idx + self.num_envs) % self.capacity

    def sample(self):
        self.n_step = 0
        idx = self.rng.integers(0, self.count, size=self.sampled_batch_size)
        return tuple(torch.from_numpy(self.storage[name][idx]) for name in FIELDS)


@mutant("check_replay_buffer", en="the problem is in add()", ko="문제는 add()입니다")
class WrapsAtCapacityMinusOne(NotebookReplayBuffer):
    """Off by one in add(): wraps with % (capacity - 1), so the last slot is never written."""

    def slots(self):
        return (self.next_idx + np.arange(self.num_envs)) % (self.capacity - 1)

    def advance(self):
        self.next_idx = (self.next_idx + self.num_envs) % (self.capacity - 1)


@mutant("check_replay_buffer", en="the problem is in add()", ko="문제는 add()입니다")
class AdvancesByOneWithSeveralEnvs(NotebookReplayBuffer):
    """next_idx = (next_idx + 1) % capacity although num_envs rows were written."""

    def advance(self):
        self.next_idx = (self.next_idx + 1) % self.capacity


@mutant("check_replay_buffer", en="the problem is in add()", ko="문제는 add()입니다")
class AdvancesBeforeWriting(NotebookReplayBuffer):
    """Moves next_idx before writing, so slot 0 stays empty."""

    def add(self, experience):
        self.advance()
        super().add(experience)
        self.next_idx = (self.next_idx - self.num_envs) % self.capacity


@mutant("check_replay_buffer", en="returned a dict", ko="딕셔너리")
class SampleReturnsDict(NotebookReplayBuffer):
    """sample() returns {name: tensor} instead of the 5-tuple."""

    def sample(self):
        return dict(zip(FIELDS, super().sample(), strict=True))


@mutant("check_replay_buffer", en="without parentheses", ko="괄호 없이")
class CanSampleCalledInside(NotebookReplayBuffer):
    """add() asks self.can_sample() as if it were a method (it is a property)."""

    def add(self, experience):
        super().add(experience)
        if self.can_sample():
            pass
