"""Notebook 02: the ``ReplayBuffer`` (``add``, ``sample``, ``__len__``, ``can_sample``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from dqn_teach.checks._core import (
    EXPERIENCE_FIELDS,
    CheckResult,
    Mistake,
    Report,
    entry_point,
    seeded,
)
from dqn_teach.experience import Experience as PackageExperience
from dqn_teach.i18n import Bi


def _rows(ids: np.ndarray) -> PackageExperience:
    """Transitions that encode their id in every field, so sampled rows can be traced back.

    Row ``i``: obs ``[id, -id]``, next_obs ``obs + 0.5``, action ``id % 3``, reward ``id``,
    terminated ``id % 2``. Ids start at 1 so a never-written (zero) slot is recognisable.
    """
    ids = np.asarray(ids)
    obs = np.stack([ids, -ids], axis=1).astype(np.float32)
    return PackageExperience(
        obs=obs,
        action=(ids % 3).reshape(-1, 1).astype(np.int64),
        next_obs=obs + 0.5,
        reward=ids.reshape(-1, 1).astype(np.float32),
        terminated=(ids % 2).reshape(-1, 1).astype(np.float32),
    )


SAMPLE_RANGE_HINT = Bi(ko="인덱스는 0 이상 len(self) 미만에서 뽑으세요. capacity가 아닙니다.",
                       en="draw indices from 0 to len(self) - 1, not up to capacity.")
WRAP_HINT = Bi(ko="num_envs개의 행은 slots = (self.next_idx + np.arange(self.num_envs)) % "
                  "self.capacity 칸에 쓰고, 그 뒤 next_idx = (self.next_idx + self.num_envs) % "
                  "self.capacity로 옮깁니다. 그러면 capacity를 넘을 때 가장 오래된 전이부터 덮어씁니다.",
               en="Write the num_envs rows at slots = (self.next_idx + np.arange(self.num_envs)) "
                  "% self.capacity, then move next_idx = (self.next_idx + self.num_envs) % "
                  "self.capacity; past capacity this overwrites the oldest transitions first.")


def _storage_ids(buffer: Any) -> list[int] | None:
    """The transition id in each slot of a learner's ``storage`` dict (0 = never written), or
    ``None`` when the buffer does not keep the notebook's ``storage`` layout."""
    storage = getattr(buffer, "storage", None)
    column = storage.get("reward") if isinstance(storage, dict) else None
    if not isinstance(column, np.ndarray) or column.ndim == 0:
        return None
    return np.round(column.reshape(len(column), -1)[:, 0]).astype(int).tolist()


def _unfilled_blame(buffer: Any, added: list[int]) -> Bi:
    """Which part leaves never-written or stale rows where sample() finds them: add() (slots
    written wrongly) or sample() (indices drawn outside the filled slots)."""
    slots = _storage_ids(buffer)
    if slots is None or not added:
        return Bi(ko="값만으로는 어느 쪽인지 알 수 없습니다. 후보: (1) sample()이 len(self)를 넘는 "
                     "인덱스를 뽑음, (2) add()가 엉뚱한 칸에 씀 (next_idx를 num_envs만큼 옮기지 "
                     "않음, 쓰기 전에 옮김, % capacity 대신 다른 수로 나눔).",
                  en="the values alone cannot tell which part; candidates: (1) sample() draws "
                     "indices at or past len(self), (2) add() writes to the wrong slots (next_idx "
                     "not moved by num_envs, moved before writing, or wrapped with something "
                     "other than % capacity).")
    expected = set(added[-len(slots):])
    filled = min(len(added), len(slots))
    holes = [slot for slot in range(filled) if slots[slot] == 0]
    if set(slots) - {0} == expected and not holes:
        return SAMPLE_RANGE_HINT
    lost = sorted(expected - set(slots))
    observed = Bi(ko=f"문제는 add()입니다. 넣은 전이: {added[0]}..{added[-1]}, storage의 칸: "
                     f"{slots} (0은 쓰지 않은 칸), 사라진 전이: {lost[:8]}, 비어 있는 앞쪽 칸: "
                     f"{holes[:8]}. ",
                  en=f"the problem is in add(). Added: transitions {added[0]}..{added[-1]}; "
                     f"storage slots: {slots} (0 = never written); lost: {lost[:8]}; empty slots "
                     f"among the first {filled}: {holes[:8]}. ")
    return observed + WRAP_HINT


def _sampled_ids(batch: Any, batch_size: int, buffer: Any = None,
                 added: list[int] | None = None) -> np.ndarray:
    """Validate one ``sample()`` result and return the ids of its rows, ``(batch_size,)``.

    ``buffer`` and the ids ``added`` to it tell add() from sample() when a row was never
    written."""
    t = Bi
    if isinstance(batch, dict):
        raise Mistake(
            t(ko=f"sample()이 딕셔너리(키 {list(batch)})를 반환했습니다. 텐서 5개의 튜플 "
                 "(obs, action, next_obs, reward, terminated)이어야 합니다.",
              en=f"sample() returned a dict (keys {list(batch)}); it must return a tuple of 5 "
                 "tensors (obs, action, next_obs, reward, terminated)."),
            t(ko="return tuple(torch.from_numpy(self.storage[name][idx]) for name in "
                 "self.FIELDS)처럼 튜플로 돌려주세요.",
              en="return a tuple, e.g. tuple(torch.from_numpy(self.storage[name][idx]) for name "
                 "in self.FIELDS)."))
    try:
        fields = tuple(batch)
    except TypeError:
        fields = ()
    if len(fields) != 5:
        raise Mistake(
            t(ko=f"sample()의 반환값이 {type(batch).__name__} 타입입니다. 텐서 5개 "
                 "(obs, action, next_obs, reward, terminated)여야 합니다.",
              en=f"sample() returned a {type(batch).__name__}; it must return 5 tensors "
                 "(obs, action, next_obs, reward, terminated)."))
    for name, value in zip(EXPERIENCE_FIELDS, fields, strict=True):
        if not isinstance(value, torch.Tensor):
            raise Mistake(
                t(ko=f"sample()이 돌려준 {name}의 타입이 {type(value).__name__}입니다. torch.Tensor여야 "
                     "합니다.",
                  en=f"sample() gave {name} as a {type(value).__name__}; it must be a "
                     "torch.Tensor."),
                t(ko="torch.from_numpy(array[idx])로 바꿔 반환하세요.",
                  en="return torch.from_numpy(array[idx])."))
    obs, action, next_obs, reward, terminated = fields
    expected_shapes = {"obs": (batch_size, 2), "action": (batch_size, 1),
                       "next_obs": (batch_size, 2), "reward": (batch_size, 1),
                       "terminated": (batch_size, 1)}
    for name, value in zip(EXPERIENCE_FIELDS, fields, strict=True):
        if tuple(value.shape) != expected_shapes[name]:
            raise Mistake(
                t(ko=f"sample()의 {name} 모양이 {tuple(value.shape)}입니다. "
                     f"{expected_shapes[name]}여야 합니다.",
                  en=f"sample() gave {name} with shape {tuple(value.shape)}; expected "
                     f"{expected_shapes[name]}."),
                t(ko="sampled_batch_size개의 행을 뽑고, 열 모양 (batch, 1)을 유지하세요.",
                  en="draw sampled_batch_size rows and keep (batch, 1) columns."))
    if action.dtype != torch.int64:
        raise Mistake(
            t(ko=f"action의 dtype이 {action.dtype}입니다. torch.int64여야 합니다.",
              en=f"action has dtype {action.dtype}; it must be torch.int64."),
            t(ko="Q 값을 gather(1, action)으로 고르려면 int64 인덱스가 필요합니다.",
              en="gather(1, action) needs int64 indices."))
    ids = obs[:, 0].double().numpy()
    if np.any(ids == 0):  # ids start at 1: a zero row was never written
        raise Mistake(
            t(ko="아직 채워지지 않은 칸(모두 0)에서 뽑았습니다.",
              en="sampled slots that were never filled (all zeros)."),
            SAMPLE_RANGE_HINT if buffer is None else _unfilled_blame(buffer, added or []))
    consistent = (
        np.allclose(obs[:, 1].double().numpy(), -ids)
        and np.allclose(next_obs.double().numpy(), obs.double().numpy() + 0.5)
        and np.allclose(action.reshape(-1).numpy(), np.round(ids) % 3)
        and np.allclose(reward.reshape(-1).double().numpy(), ids)
        and np.allclose(terminated.reshape(-1).double().numpy(), np.round(ids) % 2)
    )
    if not consistent:
        raise Mistake(
            t(ko="뽑힌 행의 필드들이 서로 다른 전이에서 왔습니다 (obs와 reward 등이 짝이 맞지 "
                 "않음).",
              en="the fields of a sampled row come from different transitions (obs and "
                 "reward etc. do not match)."),
            t(ko="인덱스 idx를 한 번만 뽑고 모든 필드에 같은 idx를 쓰세요.",
              en="draw the indices idx once and use the same idx for every field."))
    return np.round(ids).astype(int)


@entry_point
def check_replay_buffer(ReplayBuffer: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 02: ``ReplayBuffer(training_freq, sampled_batch_size, capacity, num_envs,
    seed=None)`` with ``add``, ``sample``, ``__len__`` and ``can_sample``."""
    report = Report(lang, Bi(ko="리플레이 버퍼(replay buffer) 검사", en="Replay buffer check"))
    t = report.t
    num_envs, batch_size = 2, 4
    next_id = iter(range(1, 1000))
    added: dict[int, list[int]] = {}  # id(buffer) -> transition ids added to it, in order

    def make(training_freq: int, capacity: int, seed: int = 0) -> Any:
        buffer = ReplayBuffer(training_freq, batch_size, capacity, num_envs, seed=seed)
        added[id(buffer)] = []  # ids of collected buffers are reused
        return buffer

    def add(buffer: Any, count: int = 1) -> None:
        for _ in range(count):
            ids = [next(next_id) for _ in range(num_envs)]
            added.setdefault(id(buffer), []).extend(ids)
            buffer.add(_rows(np.array(ids)))

    def sample_many(target: Any, calls: int) -> list[np.ndarray]:
        return [_sampled_ids(target.sample(), batch_size, target, added.get(id(target), []))
                for _ in range(calls)]

    def expect_can_sample(buffer: Any, expected: bool, problem: str, hint: str) -> None:
        got = buffer.can_sample
        if callable(got):
            raise Mistake(
                t(ko="can_sample이 메서드입니다. @property로 만드세요.",
                  en="can_sample is a method; make it a @property."),
                t(ko="def can_sample(self) 위에 @property를 붙이세요.",
                  en="put @property above def can_sample(self)."))
        if bool(got) != expected:
            raise Mistake(problem, hint)

    buffers: dict[str, Any] = {}

    def construct() -> None:
        buffers["main"] = make(3, 20)
        if len(buffers["main"]) != 0:
            raise Mistake(t(ko=f"빈 버퍼의 len()이 {len(buffers['main'])}입니다.",
                             en=f"len() of an empty buffer is {len(buffers['main'])}."),
                           t(ko="__len__은 채워진 칸 수를 반환해야 합니다.",
                             en="__len__ must return the number of filled slots."))
        expect_can_sample(
            buffers["main"], False,
            t(ko="빈 버퍼인데 can_sample이 True입니다.", en="can_sample is True on an empty "
                 "buffer."),
            t(ko="저장된 전이가 sampled_batch_size 이상일 때만 True여야 합니다.",
              en="it may be True only with at least sampled_batch_size transitions."))

    report.item(t(ko="생성과 빈 버퍼", en="construction and the empty buffer"), construct, fatal=True)
    buffer = buffers["main"]
    freq_hint = t(
        ko="can_sample은 (1) 전이가 sampled_batch_size개 이상이고 (2) 마지막 sample() 이후 add()가 "
           "training_freq번 이상 호출되었을 때만 True입니다. add()에서 카운터를 1 올리고 "
           "sample()에서 "
           "0으로 되돌리세요.",
        en="can_sample is True only when (1) there are at least sampled_batch_size transitions "
           "AND (2) add() was called training_freq times since the last sample(). Count add() "
           "calls and reset the counter in sample().")

    def gating() -> None:
        add(buffer)
        if len(buffer) != num_envs:
            raise Mistake(
                t(ko=f"add() 한 번 뒤 len()이 {len(buffer)}입니다. num_envs = {num_envs}여야 "
                     "합니다.",
                  en=f"after one add() len() is {len(buffer)}; it must be num_envs = {num_envs}."),
                t(ko="add()는 환경마다 하나씩, num_envs개의 전이를 저장합니다.",
                  en="add() stores num_envs transitions, one per environment."))
        add(buffer)  # 4 transitions = batch size, but only 2 of training_freq = 3 adds
        expect_can_sample(
            buffer, False,
            t(ko="전이는 충분하지만 add()가 training_freq(3)번보다 적게(2번) 호출됐는데 "
                 "can_sample이 "
                 "True입니다 — training_freq를 무시하고 있습니다.",
              en="there is enough data but only 2 of training_freq = 3 add() calls, and "
                 "can_sample is True: training_freq is ignored."), freq_hint)
        add(buffer)
        expect_can_sample(
            buffer, True,
            t(ko="전이가 충분하고 add()를 정확히 training_freq번 호출했는데 can_sample이 "
                 "False입니다.",
              en="enough data and exactly training_freq add() calls, but can_sample is False."),
            freq_hint)
        sample_many(buffer, 1)
        expect_can_sample(
            buffer, False,
            t(ko="sample() 직후에도 can_sample이 True입니다 — add 카운터를 되돌리지 않았습니다.",
              en="can_sample is still True right after sample(): the add counter was not "
                 "reset."), freq_hint)
        add(buffer, 2)
        expect_can_sample(
            buffer, False,
            t(ko="sample() 뒤 add() 2번만에 can_sample이 True입니다 (training_freq = 3).",
              en="can_sample is True after only 2 add() calls since sample() "
                 "(training_freq = 3)."), freq_hint)
        add(buffer)
        expect_can_sample(
            buffer, True,
            t(ko="sample() 뒤 add()를 training_freq번 했는데 can_sample이 False입니다.",
              en="can_sample is False after training_freq add() calls since sample()."),
            freq_hint)
        small = make(1, 20)
        add(small)
        expect_can_sample(
            small, False,
            t(ko=f"전이가 {num_envs}개뿐인데 (sampled_batch_size = {batch_size}) can_sample이 "
                 "True입니다 — 데이터 양을 확인하지 않습니다.",
              en=f"only {num_envs} transitions (sampled_batch_size = {batch_size}) but "
                 "can_sample is True: the amount of data is not checked."), freq_hint)

    report.item(t(ko="len()과 can_sample (데이터 양 그리고 training_freq)",
                  en="len() and can_sample (enough data AND training_freq)"), gating)

    def filled_slots() -> None:
        fresh = make(1, 20)  # not the gating buffer: a
        add(fresh, 6)  # can_sample bug there must not show up here as a sampling bug
        stored = set(added[id(fresh)])  # 6 adds * 2 envs, capacity 20
        with seeded(1):
            batches = sample_many(fresh, 100)
        if all(np.array_equal(batches[0], b) for b in batches[1:]):
            raise Mistake(
                t(ko="sample()이 매번 똑같은 배치를 반환합니다.",
                  en="sample() returned the same batch every call."),
                t(ko="인덱스가 무작위가 아닙니다. 후보: (1) sample() 안에서 같은 시드로 난수 생성기를 "
                     "새로 만듦 (self.rng = np.random.default_rng(seed)는 __init__에서 한 번만), "
                     "(2) 무작위로 뽑지 않고 정해진 칸(예: 가장 최근 행)을 돌려줌 "
                     "(self.rng.integers(0, len(self), size=...)로 뽑으세요).",
                  en="the indices are not random. Candidates: (1) the random generator is "
                     "re-created with the same seed inside sample() (create self.rng = "
                     "np.random.default_rng(seed) once, in __init__), (2) fixed slots, e.g. the "
                     "newest rows, are returned instead of random ones (draw with "
                     "self.rng.integers(0, len(self), size=...))."))
        drawn = np.concatenate(batches)
        outside = sorted(set(drawn.tolist()) - stored)
        if outside:
            raise Mistake(
                t(ko=f"아직 채워지지 않은 칸에서 뽑았습니다 (저장한 적 없는 전이 {outside[:5]}).",
                  en=f"sampled from slots that were never filled (transitions {outside[:5]} "
                     "were never added)."), _unfilled_blame(fresh, added[id(fresh)]))
        slots = _storage_ids(fresh)
        if slots is not None and set(slots) - {0} != stored:
            raise Mistake(
                t(ko=f"샘플이 고르지 않은데, 원인은 add()입니다: 뽑힌 전이 {sorted(set(drawn.tolist()))}.",
                  en=f"sampling looks uneven, but the cause is add(): drawn transitions "
                     f"{sorted(set(drawn.tolist()))}."), _unfilled_blame(fresh, added[id(fresh)]))
        counts = np.array([np.count_nonzero(drawn == i) for i in sorted(stored)])
        mean = len(drawn) / len(stored)
        sigma = math.sqrt(len(drawn) * (1 / len(stored)) * (1 - 1 / len(stored)))
        if counts.min() < mean - 5 * sigma or counts.max() > mean + 5 * sigma:
            missing = [i for i, c in zip(sorted(stored), counts, strict=True) if c == 0]
            raise Mistake(
                t(ko="채워진 칸에서 균등하게 뽑지 않습니다: 400번 중 전이별 횟수 "
                     f"{counts.tolist()} "
                     f"(기대값 약 {mean:.0f}); 한 번도 안 뽑힌 전이 {missing}.",
                  en=f"sampling is not uniform over the filled slots: per-transition counts "
                     f"{counts.tolist()} in 400 draws (expected about {mean:.0f}); never drawn: "
                     f"{missing}."),
                t(ko="rng.integers(0, len(self), size=batch)처럼 채워진 칸 전체에서 균등하게 "
                     "뽑으세요 "
                     "(끝값을 빠뜨리지 마세요).",
                  en="draw uniformly over all filled slots, e.g. rng.integers(0, len(self), "
                     "size=batch) (do not drop the last one)."))

    report.item(t(ko="채워진 칸에서만, 균등하게, 매번 다르게 샘플링",
                  en="samples only filled slots, uniformly, different every call"), filled_slots)

    wrap_hint = t(ko="쓰기 위치는 링 버퍼(ring buffer)처럼 capacity에서 처음 위치로 돌아가야 "
                     "합니다. ", en="the write position must wrap around like a ring buffer. ") + (
        report.text(WRAP_HINT))

    def wrap_around() -> None:
        capacity = 9  # odd on purpose: with 2 envs one add() straddles the end of the ring
        ring = make(1, capacity)
        add(ring, 8)  # 16 transitions into 9 slots
        first = added[id(ring)][0]
        if len(ring) != capacity:
            raise Mistake(
                t(ko=f"16개를 넣은 뒤 len()이 {len(ring)}입니다. capacity = {capacity}에서 멈춰야 "
                     "합니다.",
                  en=f"after adding 16 transitions len() is {len(ring)}; it must stay at "
                     f"capacity = {capacity}."),
                t(ko="len은 min(지금까지 넣은 수, capacity)입니다.",
                  en="len is min(transitions added, capacity)."))
        newest = set(range(first + 16 - capacity, first + 16))
        with seeded(2):
            drawn = np.concatenate(sample_many(ring, 60))
        stale = sorted(set(drawn.tolist()) - newest)
        if stale or set(drawn.tolist()) != newest:
            slots = _storage_ids(ring)
            if slots is not None and set(slots) == newest:
                raise Mistake(
                    t(ko=f"add()는 가장 최근 {capacity}개를 제대로 남겼는데, 뽑힌 전이가 "
                         f"{sorted(set(drawn.tolist()))}입니다 (기대: {sorted(newest)}).",
                      en=f"add() kept the newest {capacity} transitions, but the sampled ones "
                         f"are {sorted(set(drawn.tolist()))} (expected {sorted(newest)})."),
                    t(ko="sample()은 채워진 칸 전체, 0 이상 len(self) 미만에서 뽑습니다.",
                      en="sample() draws from every filled slot, 0 to len(self) - 1."))
            raise Mistake(
                t(ko=f"가득 찬 뒤 가장 최근 {capacity}개가 남아야 하는데, 뽑힌 전이가 "
                     f"{sorted(set(drawn.tolist()))}입니다 (기대: {sorted(newest)}).",
                  en=f"once full, the newest {capacity} transitions must remain, but the "
                     f"sampled ones are {sorted(set(drawn.tolist()))} (expected "
                     f"{sorted(newest)})."), wrap_hint)

    report.item(t(ko="링 버퍼 순환: capacity를 넘으면 가장 오래된 것부터 덮어쓰기",
                  en="ring-buffer wrap-around: past capacity the oldest is overwritten"),
                wrap_around, error_hint=wrap_hint)

    def same_seed_same_samples() -> None:
        results = []
        for _ in range(2):
            twin = make(1, 20, seed=123)
            for step in range(4):
                ids = [2 * step + 1, 2 * step + 2]
                added[id(twin)].extend(ids)
                twin.add(_rows(np.array(ids)))
            with seeded(len(results)):  # different global seeds: only `seed` may matter
                results.append(np.concatenate(sample_many(twin, 5)))
        if not np.array_equal(results[0], results[1]):
            raise Mistake(
                t(ko="같은 seed로 만든 두 버퍼가 서로 다른 배치를 뽑았습니다.",
                  en="two buffers built with the same seed sampled different batches."),
                t(ko="self.rng = np.random.default_rng(seed)를 만들고 샘플링에는 self.rng만 쓰세요 "
                     "(np.random.randint 같은 전역 난수 대신).",
                  en="create self.rng = np.random.default_rng(seed) and sample with self.rng "
                     "only (not the global np.random.randint)."))

    report.item(t(ko="같은 seed면 같은 샘플", en="same seed, same samples"), same_seed_same_samples)
    return report.finish()
