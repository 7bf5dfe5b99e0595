"""Automatic checks for the pieces learners build in the notebooks.

Every ``check_xxx(candidate, lang="en")`` runs the learner's code on small hand-computed cases,
prints a short report in ``lang`` (``"ko"`` or ``"en"``) with one ✅/❌ line per item, and returns a
:class:`CheckResult`. A check never raises because of the learner's code: an exception is caught
and reported with the file, line and source line that raised it.

The checks look at values, not only shapes: hand-computed TD targets, the terminal mask, that a
truncation still bootstraps, that no gradient reaches the target network, ε-greedy probabilities
and sampled frequencies (with seeded, 5-sigma bounds so they never flake), ring-buffer wrap-around,
sampling from filled slots only, and so on. Where a wrong result matches a mistake learners often
make, the report names that mistake and how to fix it.
"""

from __future__ import annotations

import contextlib
import functools
import math
import random
import sys
import sysconfig
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience as PackageExperience
from dqn_teach.networks import MLPQNet
from dqn_teach.policy import LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer as PackageReplayBuffer

LANGS = ("ko", "en")
_THIS_FILE = Path(__file__).resolve()
_PACKAGE_DIR = _THIS_FILE.parent
_LIBRARY_DIRS = tuple(
    Path(p).resolve() for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
                                sysconfig.get_paths()["platlib"]}
)
_ATOL = 1e-5
EXPERIENCE_FIELDS = ("obs", "action", "next_obs", "reward", "terminated")


# ============================================================================ result and report
@dataclass
class CheckResult:
    """What a check found.

    Attributes:
        title: what was checked, in the report's language.
        passed: True when every item passed.
        messages: one line per item, starting with ✅ or ❌; failed items say what went wrong and
            give a hint.
        lang: the report's language.
    """

    title: str
    passed: bool
    messages: list[str] = field(default_factory=list)
    lang: str = "en"
    _just_printed: bool = field(default=False, repr=False, compare=False)

    def report(self) -> str:
        """The full report: a headline, then one line per item."""
        num_ok = sum(message.startswith("✅") for message in self.messages)
        total = len(self.messages)
        if self.lang == "ko":
            headline = f"{self.title}: {total}개 중 {num_ok}개 통과"
            fix = "❌ 위의 ❌ 항목을 고친 뒤 다시 실행하세요."
            ending = "🎉 모두 통과했습니다!" if self.passed else fix
        else:
            headline = f"{self.title}: {num_ok} of {total} passed"
            fix = "❌ Fix the ❌ items above and run again."
            ending = "🎉 All checks passed!" if self.passed else fix
        return "\n".join([headline, *self.messages, ending])

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        mark = "✅" if self.passed else "❌"
        num_ok = sum(message.startswith("✅") for message in self.messages)
        return f"<CheckResult {mark} {self.title}: {num_ok}/{len(self.messages)}>"

    def _ipython_display_(self) -> None:
        # The check has just printed the report; showing it again as the cell's value would
        # duplicate it. Displaying a stored result later (`result` in a new cell) prints it.
        if self._just_printed:
            self._just_printed = False
            return
        print(self.report())


class _Mistake(Exception):
    """A check item failed: ``problem`` says what is wrong, ``hint`` how to fix it."""

    def __init__(self, problem: str, hint: str | None = None) -> None:
        super().__init__(problem)
        self.problem, self.hint = problem, hint


class _Report:
    """Runs check items, catching every learner exception, and builds the :class:`CheckResult`."""

    def __init__(self, lang: str, *, ko: str, en: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, got {lang!r}.")
        self.lang = lang
        self.title = ko if lang == "ko" else en
        self.messages: list[str] = []
        self.passed = True
        self._errors_seen: set[tuple[str, str]] = set()  # (error, where) already shown in full

    def t(self, *, ko: str, en: str) -> str:
        """The text in this report's language."""
        return ko if self.lang == "ko" else en

    def item(self, label: str, run: Callable[[], Any], error_hint: str | None = None) -> bool:
        """Run one item; record ✅ or ❌ with the problem and a hint. Returns whether it passed."""
        try:
            run()
        except _Mistake as mistake:
            self._fail(label, mistake.problem, mistake.hint)
            return False
        except Exception as error:  # the learner's code raised: report it, never re-raise
            self._fail(label, self._describe_error(error), error_hint)
            return False
        self.messages.append(f"✅ {label}")
        return True

    def _fail(self, label: str, problem: str, hint: str | None) -> None:
        self.passed = False
        lines = [f"❌ {label}: {problem}"]
        if hint:
            lines.append(self.t(ko="   💡 힌트: ", en="   💡 Hint: ") + hint)
        self.messages.append("\n".join(lines))

    def _describe_error(self, error: Exception) -> str:
        name = f"{type(error).__name__}: {error}".strip().rstrip(":")
        frame = _culprit_frame(error)
        if frame is None:
            return self.t(ko=f"코드가 예외를 일으켰습니다 — {name}", en=f"your code raised {name}")
        where = f"{_display_filename(frame.filename)}:{frame.lineno}"
        first_time = (name, where) not in self._errors_seen
        self._errors_seen.add((name, where))
        if isinstance(error, NotImplementedError):  # the student notebook's placeholder
            if not first_time:
                return self.t(ko=f"위와 같이 아직 작성하지 않았습니다 ({where})",
                              en=f"not written yet, as above ({where})")
            hint = f" ({error})" if str(error) else ""
            return self.t(
                ko=f"아직 작성하지 않은 부분이 있습니다{hint}\n   위치: {where}, {frame.name}()\n"
                   "   '# 여기에 코드를 작성하세요' 자리를 채우고 다시 실행하세요.",
                en=f"not written yet{hint}\n   at {where}, in {frame.name}()\n"
                   "   Fill in '# YOUR CODE HERE' and run the check again.",
            )
        if not first_time:  # one bug often fails every item: show it in full once
            return self.t(ko=f"위와 같은 예외입니다 — {name} ({where})",
                          en=f"the same error as above: {name} ({where})")
        code = (frame.line or "").strip()
        return self.t(
            ko=f"코드가 예외를 일으켰습니다 — {name}\n   위치: {where}, {frame.name}()\n   >>> "
               f"{code}",
            en=f"your code raised {name}\n   at {where}, in {frame.name}()\n   >>> {code}",
        )

    def finish(self) -> CheckResult:
        result = CheckResult(self.title, self.passed, self.messages, self.lang)
        print(result.report())
        result._just_printed = True
        return result


def _is_library(path: Path) -> bool:
    return any(path.is_relative_to(directory) for directory in _LIBRARY_DIRS) or (
        "site-packages" in path.parts
    )


def _culprit_frame(error: BaseException) -> traceback.FrameSummary | None:
    """The frame most likely to be the learner's: deepest outside this file and libraries,
    preferring frames outside the dqn_teach package too."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve() != _THIS_FILE]
    if not frames:
        return None
    own = [f for f in frames if not _is_library(Path(f.filename).resolve())]
    learner = [f for f in own if not Path(f.filename).resolve().is_relative_to(_PACKAGE_DIR)]
    for candidates in (learner, own, frames):
        if candidates:
            return candidates[-1]
    return None


def _display_filename(filename: str) -> str:
    """``Cell In[5]`` for a notebook cell (as IPython names it), else the file name."""
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        shell = ipython.get_ipython()
        with contextlib.suppress(Exception):
            if shell is not None and filename in getattr(shell.compile, "_filename_map", {}):
                return " ".join(shell.compile.format_code_name(filename))
    return filename


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed torch, numpy and random for the block, then restore the learner's RNG states."""
    numpy_state, python_state = np.random.get_state(), random.getstate()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        np.random.seed(seed)
        random.seed(seed)
        try:
            yield
        finally:
            np.random.set_state(numpy_state)
            random.setstate(python_state)


def _keeps_random_state(check: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
    """Run ``check`` without changing torch's, numpy's or Python's global random state: building
    test networks and sampling must not shift the numbers the learner's notebook sees next."""

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> CheckResult:
        numpy_state, python_state = np.random.get_state(), random.getstate()
        with torch.random.fork_rng(devices=[]):
            try:
                return check(*args, **kwargs)
            finally:
                np.random.set_state(numpy_state)
                random.setstate(python_state)

    return wrapper


def _fmt(values: Any) -> str:
    """Short text of a tensor/array/number for a report."""
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    if isinstance(values, np.ndarray):
        text = np.array2string(values.astype(np.float64), separator=", ", max_line_width=10**6,
                               formatter={"float_kind": lambda x: f"{x:.4g}"})
        return " ".join(text.split())  # rows of a 2-D array on one line
    if isinstance(values, float):
        return f"{values:.4g}"
    return repr(values)


def _shape(value: Any) -> str:
    shape = getattr(value, "shape", None)
    return str(tuple(shape)) if shape is not None else type(value).__name__


def _as_tensor_output(report: _Report, value: Any, what: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise _Mistake(
            report.t(ko=f"{what}은(는) torch.Tensor여야 하는데 {type(value).__name__}을(를) "
                        "반환했습니다.",
                     en=f"{what} must be a torch.Tensor, got {type(value).__name__}."),
            report.t(ko="torch 연산만으로 계산하면 텐서가 그대로 나옵니다 (numpy로 바꾸지 마세요).",
                     en="compute it with torch operations only (do not convert to numpy)."),
        )
    return value


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and bool(torch.allclose(a.detach().float(), b.float(), atol=_ATOL))


def _without_broadcast(report: _Report, loss_fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a learner's loss; PyTorch's size warning from F.mse_loss / F.smooth_l1_loss (``(B, 1)``
    against ``(B, B)`` or ``(B,)``) means the loss silently broadcast, which is a mistake."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = loss_fn(*args, **kwargs)
    size_warnings = [str(w.message) for w in caught
                     if "different to the input size" in str(w.message)]
    if size_warnings:
        raise _Mistake(
            report.t(ko="손실 함수의 두 입력 모양이 다릅니다 — 브로드캐스트(broadcast)된 "
                        f"손실입니다. PyTorch 경고: {size_warnings[0]}",
                     en="the loss function got inputs of different shapes, so it broadcast. "
                        f"PyTorch's warning: {size_warnings[0]}"),
            report.t(ko="Q(s, a)와 TD 타깃이 둘 다 (B, 1)이어야 합니다. 다음 상태의 max에 "
                        "keepdim=True가 있는지 확인하세요.",
                     en="Q(s, a) and the TD target must both be (B, 1); check that the max over "
                        "the next state's Q-values has keepdim=True."))
    return loss


def _scalar(value: Any) -> float:
    return float(value.detach()) if isinstance(value, torch.Tensor) else float(value)


def _matching_hint(got: torch.Tensor, candidates: list[tuple[torch.Tensor, str]],
                   default: str) -> str:
    """The hint of the first known mistake whose result equals ``got``, else ``default``."""
    return next((hint for value, hint in candidates if _close(got, value)), default)


# ================================================================================ notebook 01
@_keeps_random_state
def check_experience(Experience: type, to_experience: Callable, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 01: the ``Experience`` NamedTuple and ``to_experience``.

    ``to_experience(obs, action, next_obs, reward, terminated, truncated)`` gets the flat arrays a
    gymnasium vector env returns and must give ``(num_envs, 1)`` float32 columns for reward and
    terminated, an integer ``(num_envs, 1)`` action column, and must not treat truncation as
    termination.
    """
    report = _Report(lang, ko="경험(Experience) 검사", en="Experience check")
    t = report.t

    def fields() -> None:
        got = tuple(getattr(Experience, "_fields", ()))
        if got != EXPERIENCE_FIELDS:
            raise _Mistake(
                t(ko=f"필드가 {got}입니다. {EXPERIENCE_FIELDS} 순서여야 합니다.",
                  en=f"the fields are {got}; they must be {EXPERIENCE_FIELDS}, in that order."),
                t(ko="class Experience(NamedTuple): 아래에 obs, action, next_obs, reward, "
                     "terminated를 "
                     "차례로 적으세요. truncated는 저장하지 않습니다.",
                  en="under class Experience(NamedTuple): declare obs, action, next_obs, reward, "
                     "terminated in this order. truncated is not stored."),
            )

    if not report.item(t(ko="Experience의 필드", en="Experience fields"), fields):
        return report.finish()

    num_envs = 3
    obs = np.arange(num_envs * 4, dtype=np.float32).reshape(num_envs, 4)
    next_obs = obs + 100.0
    action = np.array([2, 0, 1])
    reward = np.array([1.0, 0.5, -1.0])  # float64, as gymnasium gives it
    terminated = np.array([False, True, False])
    truncated = np.array([False, False, True])  # env 2 hit the time limit
    built: dict[str, Any] = {}

    def build() -> None:
        built["exp"] = to_experience(obs.copy(), action.copy(), next_obs.copy(), reward.copy(),
                                     terminated.copy(), truncated.copy())
        if not isinstance(built["exp"], Experience):
            raise _Mistake(
                t(ko=f"to_experience가 {type(built['exp']).__name__}을(를) 반환했습니다.",
                  en=f"to_experience returned a {type(built['exp']).__name__}."),
                t(ko="return Experience(obs=..., action=..., ...) 처럼 Experience를 만들어 "
                     "반환하세요.",
                  en="return Experience(obs=..., action=..., ...)."),
            )

    if not report.item(t(ko="to_experience가 Experience를 반환", en="to_experience returns an "
                         "Experience"), build):
        return report.finish()
    exp = built["exp"]

    def shapes() -> None:
        for name in ("action", "reward", "terminated"):
            value = np.asarray(getattr(exp, name))
            if value.shape != (num_envs, 1):
                raise _Mistake(
                    t(ko=f"{name}의 모양이 {value.shape}입니다. (num_envs, 1) = ({num_envs}, "
                         "1)이어야 "
                         "합니다.",
                      en=f"{name} has shape {value.shape}; it must be (num_envs, 1) = "
                         f"({num_envs}, 1)."),
                    t(ko=f"gymnasium은 ({num_envs},) 모양을 줍니다. .reshape(num_envs, 1)로 열 "
                         "벡터로 "
                         "바꾸세요. 그래야 (B, 1) − (B,) 브로드캐스트 실수가 생기지 않습니다.",
                      en=f"gymnasium gives shape ({num_envs},); use .reshape(num_envs, 1). Column "
                         "vectors avoid the (B, 1) − (B,) broadcast mistake later."),
                )
        for name in ("obs", "next_obs"):
            if np.asarray(getattr(exp, name)).shape != obs.shape:
                raise _Mistake(
                    t(ko=f"{name}의 모양이 {_shape(getattr(exp, name))}입니다. {obs.shape}여야 "
                         "합니다.",
                      en=f"{name} has shape {_shape(getattr(exp, name))}; expected {obs.shape}."))

    def dtypes() -> None:
        if not np.issubdtype(np.asarray(exp.action).dtype, np.integer):
            raise _Mistake(
                t(ko=f"action의 dtype이 {np.asarray(exp.action).dtype}입니다. 정수여야 합니다.",
                  en=f"action has dtype {np.asarray(exp.action).dtype}; it must be an integer."),
                t(ko="행동은 Q 값을 고르는 인덱스라서 gather에 int64가 필요합니다: "
                     "np.asarray(action, dtype=np.int64).",
                  en="actions index Q-values, and gather needs int64: "
                     "np.asarray(action, dtype=np.int64)."))
        for name in ("reward", "terminated"):
            dtype = np.asarray(getattr(exp, name)).dtype
            if dtype != np.float32:
                raise _Mistake(
                    t(ko=f"{name}의 dtype이 {dtype}입니다. float32여야 합니다.",
                      en=f"{name} has dtype {dtype}; it must be float32."),
                    t(ko="np.asarray(x, dtype=np.float32)로 바꾸세요. bool이면 "
                         "1 − terminated 계산이 깨지고, float64면 신경망(float32)과 dtype이 맞지 "
                         "않습니다.",
                      en="use np.asarray(x, dtype=np.float32): a bool breaks 1 − terminated and "
                         "float64 does not match the float32 network."))
        as_float64 = to_experience(obs.astype(np.float64), action.copy(),
                                   next_obs.astype(np.float64), reward.copy(), terminated.copy(),
                                   truncated.copy())
        for name in ("obs", "next_obs"):
            dtype = np.asarray(getattr(as_float64, name)).dtype
            if dtype != np.float32:
                raise _Mistake(
                    t(ko=f"float64 관측을 넣었더니 {name}의 dtype이 {dtype}입니다. float32여야 "
                         "합니다.",
                      en=f"given float64 observations, {name} has dtype {dtype}; it must be "
                         "float32."),
                    t(ko="신경망은 float32로 계산하고 리플레이 버퍼도 float64 관측을 받지 "
                         "않습니다. float64 관측만 .astype(np.float32)로 바꾸세요(uint8 화면은 "
                         "그대로 둡니다).",
                      en="the network computes in float32 and the replay buffer refuses float64 "
                         "observations: convert float64 observations with .astype(np.float32) "
                         "(leave uint8 frames as they are)."))

    def values() -> None:
        for name, expected in (("obs", obs), ("next_obs", next_obs), ("action", action[:, None]),
                               ("reward", reward[:, None])):
            got = np.asarray(getattr(exp, name), dtype=np.float64)
            if got.shape != expected.shape or not np.allclose(got, expected):
                raise _Mistake(
                    t(ko=f"{name}의 값이 입력과 다릅니다: {_fmt(got)} (기대값 {_fmt(expected)}).",
                      en=f"{name} does not hold the input values: {_fmt(got)} "
                         f"(expected {_fmt(expected)})."),
                    t(ko="각 인자를 같은 이름의 필드에 넣었는지 확인하세요 (obs와 next_obs를 "
                         "바꾸지 않았나요?).",
                      en="put each argument in the field of the same name (obs and next_obs "
                         "swapped?)."))

    def termination() -> None:
        got = np.asarray(exp.terminated, dtype=np.float64).reshape(-1)
        expected = terminated.astype(np.float64)
        if np.allclose(got, (terminated | truncated).astype(np.float64)):
            raise _Mistake(
                t(ko="중단(truncated)된 환경이 종료(terminated)로 기록되었습니다.",
                  en="an environment that was truncated is stored as terminated."),
                t(ko="시간 제한으로 끊긴 것(truncation)은 MDP가 끝난 것이 아닙니다. 다음 상태에도 "
                     "가치가 "
                     "있으므로 TD 타깃은 계속 부트스트래핑해야 합니다. terminated만 저장하고 "
                     "truncated는 버리세요.",
                  en="a time-limit truncation is not the end of the MDP: the next state still "
                     "has value, so the TD target must keep bootstrapping. Store terminated only; "
                     "drop truncated."))
        if not np.allclose(got, expected):
            raise _Mistake(
                t(ko=f"terminated가 {_fmt(got)}입니다. 기대값은 {_fmt(expected)}입니다.",
                  en=f"terminated is {_fmt(got)}; expected {_fmt(expected)}."),
                t(ko="끝난 환경은 1.0, 아니면 0.0입니다 (뒤집지 마세요).",
                  en="1.0 where the episode terminated, else 0.0 (not inverted)."))

    report.item(t(ko="열 모양 (num_envs, 1)", en="column shapes (num_envs, 1)"), shapes)
    report.item(t(ko="dtype (action은 정수, reward·terminated는 float32)",
                  en="dtypes (integer action, float32 reward and terminated)"), dtypes)
    report.item(t(ko="필드 값", en="field values"), values)
    report.item(t(ko="중단(truncation)은 종료(termination)가 아님",
                  en="truncation is not termination"), termination)

    num_envs_hint = t(ko="num_envs를 obs.shape[0]에서 구하세요 (숫자를 고정하지 마세요).",
                      en="take num_envs from obs.shape[0] (do not hard-code it).")

    def single_env() -> None:
        single = to_experience(obs[:1], action[:1], next_obs[:1], reward[:1], terminated[:1],
                               truncated[:1])
        for name in ("action", "reward", "terminated"):
            if np.asarray(getattr(single, name)).shape != (1, 1):
                raise _Mistake(
                    t(ko=f"환경이 1개일 때 {name}의 모양이 {_shape(getattr(single, name))}입니다. "
                         "(1, 1)이어야 합니다.",
                      en=f"with one environment {name} has shape "
                         f"{_shape(getattr(single, name))}; it must be (1, 1)."), num_envs_hint)

    report.item(t(ko="환경 1개", en="a single environment"), single_env,
                error_hint=num_envs_hint)
    return report.finish()


# ================================================================================ notebook 02
def _rows(ids: np.ndarray) -> PackageExperience:
    """Transitions that encode their id in every field, so sampled rows can be traced back.

    Row ``i``: obs ``[id, −id]``, next_obs ``obs + 0.5``, action ``id % 3``, reward ``id``,
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


def _sampled_ids(report: _Report, batch: Any, batch_size: int) -> np.ndarray:
    """Validate one ``sample()`` result and return the ids of its rows, ``(batch_size,)``."""
    t = report.t
    try:
        fields = tuple(batch)
    except TypeError:
        fields = ()
    if len(fields) != 5:
        raise _Mistake(
            t(ko=f"sample()이 {type(batch).__name__}을(를) 반환했습니다. 텐서 5개 "
                 "(obs, action, next_obs, reward, terminated)여야 합니다.",
              en=f"sample() returned a {type(batch).__name__}; it must return 5 tensors "
                 "(obs, action, next_obs, reward, terminated)."))
    for name, value in zip(EXPERIENCE_FIELDS, fields, strict=True):
        if not isinstance(value, torch.Tensor):
            raise _Mistake(
                t(ko=f"sample()의 {name}이(가) {type(value).__name__}입니다. torch.Tensor여야 "
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
            raise _Mistake(
                t(ko=f"sample()의 {name} 모양이 {tuple(value.shape)}입니다. "
                     f"{expected_shapes[name]}여야 합니다.",
                  en=f"sample() gave {name} with shape {tuple(value.shape)}; expected "
                     f"{expected_shapes[name]}."),
                t(ko="sampled_batch_size개의 행을 뽑고, 열 모양 (batch, 1)을 유지하세요.",
                  en="draw sampled_batch_size rows and keep (batch, 1) columns."))
    if action.dtype != torch.int64:
        raise _Mistake(
            t(ko=f"action의 dtype이 {action.dtype}입니다. torch.int64여야 합니다.",
              en=f"action has dtype {action.dtype}; it must be torch.int64."),
            t(ko="Q 값을 gather(1, action)으로 고르려면 int64 인덱스가 필요합니다.",
              en="gather(1, action) needs int64 indices."))
    ids = obs[:, 0].double().numpy()
    if np.any(ids == 0):  # ids start at 1: a zero row was never written
        raise _Mistake(
            t(ko="아직 채워지지 않은 칸(모두 0)에서 뽑았습니다.",
              en="sampled slots that were never filled (all zeros)."),
            t(ko="인덱스는 0 이상 len(self) 미만에서 뽑으세요. capacity가 아닙니다.",
              en="draw indices from 0 to len(self) - 1, not up to capacity."))
    consistent = (
        np.allclose(obs[:, 1].double().numpy(), -ids)
        and np.allclose(next_obs.double().numpy(), obs.double().numpy() + 0.5)
        and np.allclose(action.reshape(-1).numpy(), np.round(ids) % 3)
        and np.allclose(reward.reshape(-1).double().numpy(), ids)
        and np.allclose(terminated.reshape(-1).double().numpy(), np.round(ids) % 2)
    )
    if not consistent:
        raise _Mistake(
            t(ko="뽑힌 행의 필드들이 서로 다른 전이에서 왔습니다 (obs와 reward 등이 짝이 맞지 "
                 "않음).",
              en="the fields of a sampled row come from different transitions (obs and "
                 "reward etc. do not match)."),
            t(ko="인덱스 idx를 한 번만 뽑고 모든 필드에 같은 idx를 쓰세요.",
              en="draw the indices idx once and use the same idx for every field."))
    return np.round(ids).astype(int)


@_keeps_random_state
def check_replay_buffer(ReplayBuffer: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 02: ``ReplayBuffer(training_freq, sampled_batch_size, capacity, num_envs,
    seed=None)`` with ``add``, ``sample``, ``__len__`` and ``can_sample``."""
    report = _Report(lang, ko="리플레이 버퍼(replay buffer) 검사", en="Replay buffer check")
    t = report.t
    num_envs, batch_size = 2, 4
    next_id = iter(range(1, 1000))

    def add(buffer: Any, count: int = 1) -> None:
        for _ in range(count):
            buffer.add(_rows(np.array([next(next_id) for _ in range(num_envs)])))

    def expect_can_sample(buffer: Any, expected: bool, problem: str, hint: str) -> None:
        got = buffer.can_sample
        if callable(got):
            raise _Mistake(
                t(ko="can_sample이 메서드입니다. @property로 만드세요.",
                  en="can_sample is a method; make it a @property."),
                t(ko="def can_sample(self) 위에 @property를 붙이세요.",
                  en="put @property above def can_sample(self)."))
        if bool(got) != expected:
            raise _Mistake(problem, hint)

    buffers: dict[str, Any] = {}

    def construct() -> None:
        buffers["main"] = ReplayBuffer(3, batch_size, 20, num_envs, seed=0)
        if len(buffers["main"]) != 0:
            raise _Mistake(t(ko=f"빈 버퍼의 len()이 {len(buffers['main'])}입니다.",
                             en=f"len() of an empty buffer is {len(buffers['main'])}."),
                           t(ko="__len__은 채워진 칸 수를 반환해야 합니다.",
                             en="__len__ must return the number of filled slots."))
        expect_can_sample(
            buffers["main"], False,
            t(ko="빈 버퍼인데 can_sample이 True입니다.", en="can_sample is True on an empty "
                 "buffer."),
            t(ko="저장된 전이가 sampled_batch_size 이상일 때만 True여야 합니다.",
              en="it may be True only with at least sampled_batch_size transitions."))

    if not report.item(t(ko="생성과 빈 버퍼", en="construction and the empty buffer"), construct):
        return report.finish()
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
            raise _Mistake(
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
        _sampled_ids(report, buffer.sample(), batch_size)
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
        small = ReplayBuffer(1, batch_size, 20, num_envs, seed=0)
        add(small)
        expect_can_sample(
            small, False,
            t(ko=f"전이가 {num_envs}개뿐인데 (sampled_batch_size = {batch_size}) can_sample이 "
                 "True입니다 — 데이터 양을 확인하지 않습니다.",
              en=f"only {num_envs} transitions (sampled_batch_size = {batch_size}) but "
                 "can_sample is True: the amount of data is not checked."), freq_hint)

    report.item(t(ko="len()과 can_sample (데이터 양 그리고 training_freq)",
                  en="len() and can_sample (enough data AND training_freq)"), gating)

    def sample_many(target: Any, calls: int) -> list[np.ndarray]:
        return [_sampled_ids(report, target.sample(), batch_size) for _ in range(calls)]

    def filled_slots() -> None:
        stored = set(range(1, 13))  # 6 adds × 2 envs so far, capacity 20
        with _seeded(1):
            batches = sample_many(buffer, 100)
        if all(np.array_equal(batches[0], b) for b in batches[1:]):
            raise _Mistake(
                t(ko="sample()이 매번 똑같은 배치를 반환합니다.",
                  en="sample() returned the same batch every call."),
                t(ko="난수 생성기는 __init__에서 한 번만 만드세요 (self.rng = "
                     "np.random.default_rng(seed)). "
                     "sample() 안에서 같은 시드로 새로 만들면 매번 같은 인덱스가 나옵니다.",
                  en="create the random generator once in __init__ (self.rng = "
                     "np.random.default_rng(seed)); re-creating it with the same seed inside "
                     "sample() gives the same indices every time."))
        drawn = np.concatenate(batches)
        outside = sorted(set(drawn.tolist()) - stored)
        if outside:
            raise _Mistake(
                t(ko=f"아직 채워지지 않은 칸에서 뽑았습니다 (저장한 적 없는 전이 {outside[:5]}).",
                  en=f"sampled from slots that were never filled (transitions {outside[:5]} "
                     "were never added)."),
                t(ko="인덱스는 0 이상 len(self) 미만에서 뽑으세요. capacity가 아닙니다.",
                  en="draw indices from 0 to len(self) - 1, not up to capacity."))
        counts = np.array([np.count_nonzero(drawn == i) for i in sorted(stored)])
        mean = len(drawn) / len(stored)
        sigma = math.sqrt(len(drawn) * (1 / len(stored)) * (1 - 1 / len(stored)))
        if counts.min() < mean - 5 * sigma or counts.max() > mean + 5 * sigma:
            missing = [i for i, c in zip(sorted(stored), counts, strict=True) if c == 0]
            raise _Mistake(
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
                     "합니다: "
                     "idx = (idx + 1) % capacity. 가장 오래된 전이부터 덮어씁니다.",
                  en="the write position must wrap around like a ring buffer: "
                     "idx = (idx + 1) % capacity, overwriting the oldest transitions first.")

    def wrap_around() -> None:
        capacity = 9  # odd on purpose: with 2 envs one add() straddles the end of the ring
        ring = ReplayBuffer(1, batch_size, capacity, num_envs, seed=0)
        first = next(next_id)
        for step in range(8):  # 16 transitions into 9 slots
            ids = np.array([first + 2 * step, first + 2 * step + 1])
            ring.add(_rows(ids))
        if len(ring) != capacity:
            raise _Mistake(
                t(ko=f"16개를 넣은 뒤 len()이 {len(ring)}입니다. capacity = {capacity}에서 멈춰야 "
                     "합니다.",
                  en=f"after adding 16 transitions len() is {len(ring)}; it must stay at "
                     f"capacity = {capacity}."),
                t(ko="len은 min(지금까지 넣은 수, capacity)입니다.",
                  en="len is min(transitions added, capacity)."))
        newest = set(range(first + 16 - capacity, first + 16))
        with _seeded(2):
            drawn = np.concatenate(sample_many(ring, 60))
        stale = sorted(set(drawn.tolist()) - newest)
        if stale or set(drawn.tolist()) != newest:
            raise _Mistake(
                t(ko=f"가득 찬 뒤 가장 최근 {capacity}개가 남아야 하는데, 뽑힌 전이가 "
                     f"{sorted(set(drawn.tolist()))}입니다 (기대: {sorted(newest)}).",
                  en=f"once full, the newest {capacity} transitions must remain, but the "
                     f"sampled ones are {sorted(set(drawn.tolist()))} (expected "
                     f"{sorted(newest)})."), wrap_hint)

    report.item(t(ko="링 버퍼 순환: capacity를 넘으면 가장 오래된 것부터 덮어쓰기",
                  en="ring-buffer wrap-around: past capacity the oldest is overwritten"),
                wrap_around, error_hint=wrap_hint)

    def seeded() -> None:
        results = []
        for _ in range(2):
            twin = ReplayBuffer(1, batch_size, 20, num_envs, seed=123)
            for step in range(4):
                twin.add(_rows(np.array([2 * step + 1, 2 * step + 2])))
            with _seeded(len(results)):  # different global seeds: only `seed` may matter
                results.append(np.concatenate(sample_many(twin, 5)))
        if not np.array_equal(results[0], results[1]):
            raise _Mistake(
                t(ko="같은 seed로 만든 두 버퍼가 서로 다른 배치를 뽑았습니다.",
                  en="two buffers built with the same seed sampled different batches."),
                t(ko="self.rng = np.random.default_rng(seed)를 만들고 샘플링에는 self.rng만 쓰세요 "
                     "(np.random.randint 같은 전역 난수 대신).",
                  en="create self.rng = np.random.default_rng(seed) and sample with self.rng "
                     "only (not the global np.random.randint)."))

    report.item(t(ko="같은 seed면 같은 샘플", en="same seed, same samples"), seeded)
    return report.finish()


# ================================================================================ notebook 03
def _expected_probs(q_values: torch.Tensor, epsilon: float) -> torch.Tensor:
    num_actions = q_values.shape[1]
    probs = torch.full(q_values.shape, epsilon / num_actions, dtype=torch.float64)
    greedy = q_values.argmax(dim=1, keepdim=True)
    return probs.scatter_(1, greedy, 1.0 - epsilon + epsilon / num_actions)


@_keeps_random_state
def check_epsilon_greedy(EpsilonGreedyPolicy: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 03: ``EpsilonGreedyPolicy(epsilon, generator=None)`` with
    ``probabilities(q_values) -> (n, A)`` and ``sample(q_values) -> (n, 1)``."""
    report = _Report(lang, ko="입실론-탐욕 정책(ε-greedy policy) 검사", en="ε-greedy policy check")
    t = report.t
    epsilon = 0.3
    q_values = torch.tensor([[1.0, 3.0, 2.0, 0.0], [5.0, -1.0, 0.0, 2.0], [0.0, 0.5, 1.0, 4.0]])
    num_actions = q_values.shape[1]
    made: dict[str, Any] = {}
    formula_hint = t(
        ko="무작위 행동도 탐욕 행동(greedy action)을 고를 수 있으므로 탐욕 행동의 확률은 1 − ε + "
           "ε/n, "
           "나머지 행동은 각각 ε/n입니다 (n = 행동 수).",
        en="the random action can also be the greedy one, so the greedy action has "
           "probability 1 − ε + ε/n and every other action ε/n (n = number of actions).")

    def construct() -> None:
        made["policy"] = EpsilonGreedyPolicy(epsilon)

    if not report.item(t(ko="EpsilonGreedyPolicy(0.3) 생성", en="EpsilonGreedyPolicy(0.3)"),
                       construct):
        return report.finish()
    policy = made["policy"]

    def check_probs(got: Any, eps: float) -> None:
        got = _as_tensor_output(report, got, "probabilities()")
        expected = _expected_probs(q_values, eps)
        if tuple(got.shape) != tuple(q_values.shape):
            raise _Mistake(
                t(ko=f"확률의 모양이 {tuple(got.shape)}입니다. q_values와 같은 "
                     f"{tuple(q_values.shape)}여야 합니다.",
                  en=f"the probabilities have shape {tuple(got.shape)}; they must match "
                     f"q_values, {tuple(q_values.shape)}."),
                t(ko="argmax는 행동 차원(dim=1)에서 keepdim=True로 구하세요.",
                  en="take argmax over the action dimension: argmax(dim=1, keepdim=True)."))
        got = got.detach().double()
        greedy_positions = got.argmax(dim=1)
        if eps < 1.0 and not torch.equal(greedy_positions, q_values.argmax(dim=1)):
            raise _Mistake(
                t(ko=f"가장 큰 확률이 행동 {greedy_positions.tolist()}에 있습니다. 탐욕 행동은 "
                     f"{q_values.argmax(dim=1).tolist()}입니다.",
                  en=f"the largest probability is on actions {greedy_positions.tolist()}, but "
                     f"the greedy actions are {q_values.argmax(dim=1).tolist()}."),
                t(ko="탐욕 행동은 각 환경(행)마다 행동 차원에서 고릅니다: q_values.argmax(dim=1).",
                  en="the greedy action is chosen per environment (row), over the action "
                     "dimension: q_values.argmax(dim=1)."))
        if torch.allclose(got, expected, atol=1e-6):
            return
        greedy_got = got.gather(1, q_values.argmax(dim=1, keepdim=True)).reshape(-1)
        if torch.allclose(greedy_got, torch.full_like(greedy_got, 1 - eps), atol=1e-6):
            problem = t(ko=f"탐욕 행동의 확률이 1 − ε = {1 - eps:.3f}입니다. "
                           f"1 − ε + ε/n = {1 - eps + eps / num_actions:.3f}이어야 합니다.",
                        en=f"the greedy action gets 1 − ε = {1 - eps:.3f}; it must be "
                           f"1 − ε + ε/n = {1 - eps + eps / num_actions:.3f}.")
        else:
            problem = t(ko=f"ε = {eps}에서 확률이 {_fmt(got[0])}입니다 (첫 행). "
                           f"기대값은 {_fmt(expected[0])}입니다.",
                        en=f"with ε = {eps} the probabilities are {_fmt(got[0])} (first row); "
                           f"expected {_fmt(expected[0])}.")
        raise _Mistake(problem, formula_hint)

    report.item(t(ko="probabilities(): 탐욕 1 − ε + ε/n, 나머지 ε/n",
                  en="probabilities(): greedy 1 − ε + ε/n, others ε/n"),
                lambda: check_probs(policy.probabilities(q_values.clone()), epsilon),
                error_hint=formula_hint)

    def extremes() -> None:
        for eps in (0.0, 1.0):
            policy.epsilon = eps
            got = policy.probabilities(q_values.clone())
            stale = isinstance(got, torch.Tensor) and _close(
                got, _expected_probs(q_values, epsilon))
            try:
                if stale:
                    raise _Mistake(
                        t(ko=f"확률이 그대로 ε = {epsilon}일 때의 값입니다.",
                          en=f"the probabilities are still those of ε = {epsilon}."),
                        t(ko="probabilities()와 sample()은 매번 현재 self.epsilon을 읽어야 합니다 "
                             "(DQN이 매 스텝 ε을 바꿉니다). __init__에서 미리 계산해 두지 마세요.",
                          en="probabilities() and sample() must read the current self.epsilon "
                             "every call (DQN changes ε every step); do not precompute it in "
                             "__init__."))
                check_probs(got, eps)
            except _Mistake as mistake:
                prefix = t(ko=f"policy.epsilon = {eps} 설정 후: ",
                           en=f"after policy.epsilon = {eps}: ")
                raise _Mistake(prefix + mistake.problem, mistake.hint) from None
        policy.epsilon = epsilon

    report.item(t(ko="ε = 0 (항상 탐욕)과 ε = 1 (균등 무작위), epsilon 속성 변경 반영",
                  en="ε = 0 (always greedy) and ε = 1 (uniform), after changing .epsilon"),
                extremes)

    sample_hint = t(ko="sample()은 (num_envs, 1) 모양의 int64 텐서를 반환합니다. "
                       "torch.multinomial(probs, 1)이 바로 그 모양입니다.",
                    en="sample() returns an int64 tensor of shape (num_envs, 1); "
                       "torch.multinomial(probs, 1) gives exactly that.")

    def sample_shape() -> None:
        with _seeded(0):
            actions = _as_tensor_output(report, policy.sample(q_values.clone()), "sample()")
        if tuple(actions.shape) != (q_values.shape[0], 1) or actions.dtype != torch.int64:
            raise _Mistake(
                t(ko=f"sample()이 모양 {tuple(actions.shape)}, dtype {actions.dtype}를 "
                     "반환했습니다.",
                  en=f"sample() returned shape {tuple(actions.shape)}, dtype {actions.dtype}."),
                sample_hint)
        if actions.min() < 0 or actions.max() >= num_actions:
            raise _Mistake(t(ko=f"행동 {actions.reshape(-1).tolist()} 중 범위 밖 값이 있습니다.",
                             en=f"actions {actions.reshape(-1).tolist()} are out of range."))

    if not report.item(t(ko="sample()의 모양 (num_envs, 1), int64",
                         en="sample() shape (num_envs, 1), int64"), sample_shape,
                       error_hint=sample_hint):
        return report.finish()

    def frequencies() -> None:
        # Two kinds of rows with different greedy actions, 2000 of each.
        rows = torch.tensor([[0.0, 2.0, 1.0], [3.0, 0.0, 1.0]]).repeat(2000, 1)
        n = 3
        for eps, seed in ((epsilon, 10), (0.0, 11), (1.0, 12)):
            policy.epsilon = eps
            with _seeded(seed):
                actions = policy.sample(rows.clone()).reshape(-1)
            expected = _expected_probs(rows[:2], eps)  # (2, n)
            for kind, greedy in ((0, 1), (1, 0)):
                drawn = actions[kind::2]
                freq = torch.bincount(drawn, minlength=n).double() / len(drawn)
                p = expected[kind]
                sigma = torch.sqrt(p * (1 - p) / len(drawn))
                if torch.all((freq - p).abs() <= 5 * sigma + 1e-9):
                    continue
                greedy_freq = float(freq[greedy])
                flipped = 1 - (1 - eps) + (1 - eps) / n  # explores with probability 1 − ε
                without_greedy = 1 - eps  # random action never the greedy one
                if eps not in (0.0, 1.0) and abs(greedy_freq - flipped) < 0.03:
                    hint = t(ko="탐험 조건이 반대로 되어 있습니다. 난수 < ε일 때 무작위 "
                                "행동(탐험), "
                                "그렇지 않으면 탐욕 행동(활용)입니다.",
                             en="the comparison is flipped: explore (random action) when "
                                "random < ε, otherwise exploit (greedy action).")
                elif eps not in (0.0, 1.0) and abs(greedy_freq - without_greedy) < 0.03:
                    hint = formula_hint
                else:
                    hint = t(ko="각 행(환경)마다 자기 q_values의 argmax를 탐욕 행동으로 쓰고, ε "
                                "확률로 "
                                "전체 행동 중 균등하게 고르세요.",
                             en="use each row's own argmax as its greedy action and, with "
                                "probability ε, pick uniformly among all actions.")
                raise _Mistake(
                    t(ko=f"ε = {eps}에서 2000번 뽑은 행동 빈도가 {_fmt(freq)}입니다. 기대 확률은 "
                         f"{_fmt(p)}입니다 (5σ 범위 밖).",
                      en=f"with ε = {eps}, the action frequencies over 2000 draws are "
                         f"{_fmt(freq)}; expected {_fmt(p)} (outside 5 sigma)."), hint)
        policy.epsilon = epsilon

    report.item(t(ko="sample()의 행동 빈도가 ε-탐욕 확률과 일치 (ε = 0.3, 0, 1)",
                  en="sampled action frequencies match the ε-greedy probabilities "
                     "(ε = 0.3, 0, 1)"), frequencies)
    return report.finish()


@_keeps_random_state
def check_linear_schedule(linear_schedule: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 03: ``linear_schedule(t, start_t, end_t, start_value, end_value)``."""
    report = _Report(lang, ko="선형 감소 스케줄(linear decay schedule) 검사",
                     en="Linear schedule check")
    t = report.t

    def expect(args: tuple, what_ko: str, what_en: str, hint: str) -> None:
        expected = LinearSchedule(*args[1:])(args[0])
        got = linear_schedule(*args)
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise _Mistake(
                t(ko=f"숫자가 아닌 {type(got).__name__}을(를) 반환했습니다.",
                  en=f"returned a {type(got).__name__}, not a number."),
                t(ko="float 하나를 반환하세요.", en="return a single float.")) from None
        if not math.isclose(value, expected, abs_tol=1e-6):
            raise _Mistake(
                t(ko=f"{what_ko}: linear_schedule{args} = {value:.4g}, 기대값 {expected:.4g}.",
                  en=f"{what_en}: linear_schedule{args} = {value:.4g}, expected {expected:.4g}."),
                hint)

    line_hint = t(ko="진행률 fraction = (t − start_t) / (end_t − start_t)를 구해 "
                     "start_value + fraction × (end_value − start_value)를 반환하세요.",
                  en="compute fraction = (t − start_t) / (end_t − start_t) and return "
                     "start_value + fraction × (end_value − start_value).")
    clip_hint = t(ko="fraction을 0과 1 사이로 자르세요(clip): min(max(fraction, 0), 1). 값 자체를 "
                     "자르면 ε이 커지는 스케줄에서 틀립니다.",
                  en="clip the fraction to [0, 1]: min(max(fraction, 0), 1). Clipping the value "
                     "instead breaks increasing schedules.")
    report.item(t(ko="시작점과 끝점", en="start and end points"), lambda: (
        expect((100, 100, 600, 1.0, 0.1), "t = start_t", "t = start_t", line_hint),
        expect((600, 100, 600, 1.0, 0.1), "t = end_t", "t = end_t", line_hint)))
    report.item(t(ko="중간값 (start_t ≠ 0)", en="values in between (start_t ≠ 0)"), lambda: (
        expect((350, 100, 600, 1.0, 0.1), "중간", "halfway", line_hint),
        expect((225, 100, 600, 1.0, 0.2), "1/4 지점", "a quarter of the way", line_hint)))
    report.item(t(ko="end_t 이후에는 end_value로 고정 (clip)",
                  en="clipped to end_value after end_t"), lambda: (
        expect((10_000, 100, 600, 1.0, 0.1), "end_t 이후", "after end_t", clip_hint)))
    report.item(t(ko="start_t 이전에는 start_value로 고정 (clip)",
                  en="clipped to start_value before start_t"), lambda: (
        expect((0, 100, 600, 1.0, 0.1), "start_t 이전", "before start_t", clip_hint)))
    report.item(t(ko="증가하는 스케줄 (start_value < end_value)",
                  en="an increasing schedule (start_value < end_value)"), lambda: (
        expect((0, 10, 20, 0.2, 0.8), "start_t 이전", "before start_t", clip_hint),
        expect((15, 10, 20, 0.2, 0.8), "중간", "halfway", clip_hint),
        expect((99, 10, 20, 0.2, 0.8), "end_t 이후", "after end_t", clip_hint)))
    return report.finish()


# ================================================================================ notebook 04
def _target_candidates(report: _Report, reward: torch.Tensor, next_q: torch.Tensor,
                       terminated: torch.Tensor, gamma: float) -> list[tuple[torch.Tensor, str]]:
    """Results of common wrong TD targets, each with the hint that names the mistake."""
    t = report.t
    max_q = next_q.max(dim=1, keepdim=True).values
    return [
        (reward + gamma * max_q, t(
            ko="종료(terminated)된 전이에서도 부트스트래핑하고 있습니다. 종료 마스크 (1 − "
               "terminated)를 "
               "곱해 끝난 에피소드의 미래 가치를 0으로 만드세요.",
            en="it bootstraps on terminated transitions: multiply by the terminal mask "
               "(1 − terminated) so a finished episode has no future value.")),
        (reward + gamma * terminated * max_q, t(
            ko="종료 마스크가 뒤집혔습니다: terminated가 아니라 (1 − terminated)를 곱해야 합니다.",
            en="the terminal mask is inverted: multiply by (1 − terminated), not terminated.")),
        (reward + gamma**2 * (1 - terminated) * max_q, t(
            ko="γ를 두 번 곱했습니다. r + γ (1 − terminated) max Q(s′, ·)에서 γ는 한 번만 "
               "곱합니다.",
            en="γ is applied twice; in r + γ (1 − terminated) max Q(s′, ·) it appears once.")),
        (reward + (1 - terminated) * max_q, t(
            ko="할인율(γ)을 곱하지 않았습니다.", en="the discount factor γ is missing.")),
        (reward + gamma * (1 - terminated) * next_q.min(dim=1, keepdim=True).values, t(
            ko="max 대신 min을 썼습니다.", en="min was used instead of max.")),
        (reward + gamma * (1 - terminated) * next_q.mean(dim=1, keepdim=True), t(
            ko="max 대신 평균(mean)을 썼습니다.", en="mean was used instead of max.")),
        (gamma * (1 - terminated) * max_q, t(ko="보상 r을 더하지 않았습니다.",
                                             en="the reward r is not added.")),
    ]


def _shape_mistake(report: _Report, got: torch.Tensor, batch: int, num_actions: int) -> _Mistake:
    t = report.t
    shape = tuple(got.shape)
    if shape == (batch, batch):
        hint = t(ko="(B, 1)과 (B,)를 더하거나 빼면 브로드캐스트(broadcast)되어 (B, B)가 됩니다. "
                    "max(dim=1, keepdim=True)로 (B, 1)을 유지하세요.",
                 en="adding or subtracting (B, 1) and (B,) broadcasts to (B, B). Keep (B, 1) with "
                    "max(dim=1, keepdim=True).")
    elif shape == (batch,):
        hint = t(ko="keepdim=True로 열 모양 (B, 1)을 유지하세요.",
                 en="keep the column shape (B, 1) with keepdim=True.")
    elif batch * num_actions == got.numel() or num_actions in shape:
        hint = t(ko="max를 잘못된 차원에서 구했습니다. 행동 차원(dim=1)에서 최댓값을 구하세요: "
                    "next_q_values.max(dim=1, keepdim=True).values.",
                 en="the max was taken over the wrong dimension: take it over the action "
                    "dimension, next_q_values.max(dim=1, keepdim=True).values.")
    else:
        hint = None
    return _Mistake(
        t(ko=f"결과의 모양이 {shape}입니다. (B, 1) = ({batch}, 1)이어야 합니다.",
          en=f"the result has shape {shape}; it must be (B, 1) = ({batch}, 1)."), hint)


@_keeps_random_state
def check_td_target(td_target: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 04: ``td_target(reward, next_q_values, terminated, gamma) -> (B, 1)``."""
    report = _Report(lang, ko="TD 타깃(TD target) 검사", en="TD target check")
    t = report.t
    reward = torch.tensor([[1.0], [0.5], [-1.0]])
    next_q = torch.tensor([[2.0, 3.0], [4.0, -1.0], [10.0, 20.0]])
    terminated = torch.tensor([[0.0], [0.0], [1.0]])
    gamma = 0.9
    # By hand: 1 + 0.9·3 = 3.7;  0.5 + 0.9·4 = 4.1;  terminal: −1.
    by_hand = torch.tensor([[3.7], [4.1], [-1.0]])

    def compare(got: Any, expected: torch.Tensor, r: torch.Tensor, q: torch.Tensor,
                d: torch.Tensor, g: float) -> None:
        got = _as_tensor_output(report, got, "td_target")
        if got.shape != expected.shape:
            raise _shape_mistake(report, got, expected.shape[0], q.shape[1])
        if _close(got, expected):
            return
        default = t(ko="r + γ (1 − terminated) max_a′ Q(s′, a′)를 손으로 계산해 비교해 보세요.",
                    en="compute r + γ (1 − terminated) max_a′ Q(s′, a′) by hand and compare.")
        hint = _matching_hint(got, _target_candidates(report, r, q, d, g), default)
        raise _Mistake(
            t(ko=f"결과 {_fmt(got.reshape(-1))}, 기대값 {_fmt(expected.reshape(-1))}.",
              en=f"got {_fmt(got.reshape(-1))}, expected {_fmt(expected.reshape(-1))}."), hint)

    inputs = (reward, next_q, terminated)

    def by_hand_case() -> None:
        copies = [x.clone() for x in inputs]
        got = td_target(copies[0], copies[1], copies[2], gamma)
        if not all(torch.equal(a, b) for a, b in zip(copies, inputs, strict=True)):
            raise _Mistake(t(ko="입력 텐서를 제자리(in-place)에서 바꿨습니다.",
                             en="an input tensor was modified in place."),
                           t(ko="+= 대신 새 텐서를 만드는 연산(a + b)을 쓰세요.",
                             en="use out-of-place operations (a + b), not +=."))
        compare(got, by_hand, reward, next_q, terminated, gamma)

    report.item(t(ko="손으로 계산한 값 (B = 3, 행동 2개, 마지막은 종료)",
                  en="hand-computed values (B = 3, 2 actions, last one terminated)"), by_hand_case)

    def other_gammas() -> None:
        for g in (0.0, 0.5):
            expected = reward + g * (1 - terminated) * next_q.max(dim=1, keepdim=True).values
            compare(td_target(reward.clone(), next_q.clone(), terminated.clone(), g), expected,
                    reward, next_q, terminated, g)

    report.item(t(ko="다른 할인율(γ = 0, 0.5)", en="other discount factors (γ = 0, 0.5)"),
                other_gammas)

    def bigger_batch() -> None:
        generator = torch.Generator().manual_seed(4)
        r = torch.randn(5, 1, generator=generator)
        q = torch.randn(5, 4, generator=generator)
        d = torch.tensor([[1.0], [0.0], [0.0], [1.0], [0.0]])
        expected = r + 0.99 * (1 - d) * q.max(dim=1, keepdim=True).values
        compare(td_target(r.clone(), q.clone(), d.clone(), 0.99), expected, r, q, d, 0.99)

    report.item(t(ko="무작위 배치 (B = 5, 행동 4개)", en="a random batch (B = 5, 4 actions)"),
                bigger_batch)
    return report.finish()


class _TableQNet(nn.Module):
    """Q(s, ·) = ``table[s]`` for one-hot observations: a linear layer whose values we choose."""

    def __init__(self, table: list[list[float]]) -> None:
        super().__init__()
        values = torch.tensor(table)
        self.linear = nn.Linear(values.shape[0], values.shape[1], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(values.T)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.linear(obs)


def _one_hot(states: list[int], num_states: int) -> torch.Tensor:
    return F.one_hot(torch.tensor(states), num_states).float()


@_keeps_random_state
def check_td_loss(td_loss: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 04: ``td_loss(q_network, target_network, obs, action, next_obs, reward,
    terminated, gamma, loss="mse") -> scalar``."""
    report = _Report(lang, ko="TD 손실(TD loss) 검사", en="TD loss check")
    t = report.t
    # 4 states, 3 actions; the online and target tables differ everywhere.
    online_table = [[1.0, 5.0, 2.0], [3.0, 0.0, 1.0], [0.0, 0.0, 9.0], [2.0, 2.5, -1.0]]
    target_table = [[4.0, 2.0, 7.0], [1.0, 6.0, 0.0], [2.0, 8.0, 3.0], [0.5, 0.0, 1.0]]
    obs = _one_hot([0, 1, 2, 3], 4)
    next_obs = _one_hot([1, 2, 3, 0], 4)
    action = torch.tensor([[1], [0], [2], [0]])
    reward = torch.tensor([[1.0], [-1.0], [0.0], [2.0]])
    terminated = torch.tensor([[0.0], [0.0], [1.0], [0.0]])
    gamma = 0.5
    batch = (obs, action, next_obs, reward, terminated)

    def reference(online: nn.Module, target: nn.Module, kind: str,
                  q_fn: Callable | None = None, target_fn: Callable | None = None,
                  reduce: Callable | None = None) -> torch.Tensor:
        q_value = online(obs).gather(1, action) if q_fn is None else q_fn(online)
        with torch.no_grad():
            next_q = target(next_obs)
            y = (reward + gamma * (1 - terminated) * next_q.max(dim=1, keepdim=True).values
                 if target_fn is None else target_fn(next_q))
        loss_fn = F.smooth_l1_loss if kind == "huber" else F.mse_loss
        if reduce is not None:
            return reduce(q_value, y)
        return loss_fn(q_value, y)

    def diagnose(got: torch.Tensor, online: nn.Module, target: nn.Module, kind: str) -> str:
        loss_fn = F.smooth_l1_loss if kind == "huber" else F.mse_loss
        candidates = [
            (reference(target, target, kind), t(
                ko="Q(s, a)까지 타깃 신경망으로 계산했습니다. Q(s, a)는 q_network로 구합니다.",
                en="Q(s, a) came from the target network; it must come from q_network.")),
            (reference(online, online, kind), t(
                ko="다음 상태의 Q 값을 q_network로 계산했습니다. 타깃은 target_network로 구하세요.",
                en="the next-state Q-values came from q_network; compute the target with "
                   "target_network.")),
            (reference(online, target, kind, q_fn=lambda n: n(obs).max(dim=1, keepdim=True)
                       .values), t(
                ko="Q(s, a) 대신 max_a Q(s, a)를 썼습니다. 실제로 한 행동의 Q 값을 "
                   "gather(1, action)으로 고르세요.",
                en="max_a Q(s, a) was used instead of Q(s, a): pick the taken action's value "
                   "with gather(1, action).")),
            (reference(online, target, kind, reduce=lambda q, y: loss_fn(q.reshape(-1, 1)
                                                                        .expand(-1, 4), y.T
                                                                        .expand(4, -1))), t(
                ko="(B, 1)과 (B,)가 브로드캐스트(broadcast)되어 (B, B) 행렬의 손실이 계산됐습니다. "
                   "두 텐서 모두 (B, 1)이어야 합니다.",
                en="(B, 1) and (B,) broadcast into a (B, B) matrix of errors; both must be "
                   "(B, 1).")),
            (reference(online, target, kind, reduce=lambda q, y: loss_fn(q, y, reduction="sum")),
             t(ko="손실을 평균이 아니라 합으로 냈습니다. 미니배치 평균을 쓰세요.",
               en="the loss is summed, not averaged over the mini-batch.")),
            (reference(online, target, "mse" if kind == "huber" else "huber"), t(
                ko=f"loss={kind!r}인데 다른 손실 함수를 썼습니다. 'mse'는 F.mse_loss, "
                   "'huber'는 F.smooth_l1_loss입니다.",
                en=f"loss={kind!r} but another loss function was used: 'mse' is F.mse_loss, "
                   "'huber' is F.smooth_l1_loss.")),
        ]
        for target_q, hint in _target_candidates(report, reward, target(next_obs).detach(),
                                                 terminated, gamma):
            candidates.append((reference(online, target, kind, target_fn=lambda _, y=target_q: y),
                               hint))
        for value, hint in candidates:
            if math.isclose(_scalar(got), _scalar(value), rel_tol=1e-5, abs_tol=1e-6):
                return hint
        return t(ko="Q(s, a) = q_network(obs).gather(1, action)와 no_grad 안에서 계산한 TD 타깃의 "
                    "평균 손실인지 확인하세요.",
                 en="check it is the mean loss between Q(s, a) = q_network(obs).gather(1, action) "
                    "and the TD target computed under no_grad.")

    def call(online: nn.Module, target: nn.Module, kind: str) -> torch.Tensor:
        """The learner's loss on copies of the batch; a broadcast inside it is a mistake."""
        copies = [x.clone() for x in batch]
        got = _without_broadcast(report, td_loss, online, target, *copies, gamma, loss=kind)
        if not all(torch.equal(a, b) for a, b in zip(copies, batch, strict=True)):
            raise _Mistake(t(ko="입력 텐서를 제자리(in-place)에서 바꿨습니다.",
                             en="an input tensor was modified in place."),
                           t(ko="+= 대신 새 텐서를 만드는 연산(a + b)을 쓰세요.",
                             en="use out-of-place operations (a + b), not +=."))
        return _as_tensor_output(report, got, "td_loss")

    def value_case(kind: str) -> None:
        online, target = _TableQNet(online_table), _TableQNet(target_table)
        got = call(online, target, kind)
        if got.numel() != 1 or got.ndim > 1:
            raise _Mistake(
                t(ko=f"손실의 모양이 {tuple(got.shape)}입니다. 스칼라(모양 ())여야 합니다.",
                  en=f"the loss has shape {tuple(got.shape)}; it must be a scalar (shape ())."),
                t(ko="F.mse_loss(q_value, target)처럼 평균을 내는 손실 함수를 쓰세요.",
                  en="use a loss that averages, e.g. F.mse_loss(q_value, target)."))
        expected = reference(online, target, kind)
        if not math.isclose(_scalar(got), _scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise _Mistake(
                t(ko=f"loss={kind!r}의 값이 {_scalar(got):.5g}입니다. 기대값은 "
                     f"{_scalar(expected):.5g}입니다.",
                  en=f"loss={kind!r} gives {_scalar(got):.5g}; expected {_scalar(expected):.5g}."),
                diagnose(got, online, target, kind))

    report.item(t(ko="MSE 손실 값 (손으로 정한 신경망, 종료 전이 포함)",
                  en="MSE loss value (hand-set networks, one terminal transition)"),
                lambda: value_case("mse"))
    report.item(t(ko="후버 손실(Huber loss) 값 (loss='huber')", en="Huber loss value "
                     "(loss='huber')"),
                lambda: value_case("huber"))

    no_grad_hint = t(ko="TD 타깃은 정답 레이블처럼 고정된 값입니다. with torch.no_grad(): 안에서 "
                        "계산하거나 .detach()하세요.",
                     en="the TD target is a fixed label: compute it inside with torch.no_grad(): "
                        "or .detach() it.")

    def gradients() -> None:
        online, target = _TableQNet(online_table), _TableQNet(target_table)
        loss = call(online, target, "mse")
        if not loss.requires_grad:
            raise _Mistake(
                t(ko="손실에 그래디언트가 없습니다 (requires_grad = False).",
                  en="the loss has no gradient (requires_grad is False)."),
                t(ko="Q(s, a) = q_network(obs)...는 no_grad 밖에서 계산해야 합니다. 타깃만 no_grad "
                     "안에 두세요.",
                  en="compute Q(s, a) = q_network(obs)... outside no_grad; only the target goes "
                     "inside it."))
        loss.backward()
        if any(p.grad is not None for p in target.parameters()):
            raise _Mistake(
                t(ko="backward() 뒤 target_network의 파라미터에 .grad가 생겼습니다 — 그래디언트가 "
                     "타깃으로 흘러갔습니다.",
                  en="after backward() the target_network's parameters have a .grad: the "
                     "gradient flowed through the target."), no_grad_hint)
        reference_net = _TableQNet(online_table)
        reference(reference_net, _TableQNet(target_table), "mse").backward()
        got_grad, expected_grad = online.linear.weight.grad, reference_net.linear.weight.grad
        if got_grad is None or not torch.allclose(got_grad, expected_grad, atol=1e-5):
            raise _Mistake(
                t(ko="q_network의 그래디언트가 기준 구현과 다릅니다.",
                  en="q_network's gradient differs from the reference."),
                t(ko="손실은 Q(s, a)에 대해서만 미분되어야 합니다.",
                  en="the loss must be differentiated through Q(s, a) only."))

    report.item(t(ko="그래디언트는 q_network로만 (target_network의 .grad는 None)",
                  en="gradient reaches q_network only (target_network's .grad stays None)"),
                gradients)

    def same_network() -> None:
        # The 2013 paper has no target network: td_loss(net, net, ...). The gradient must still
        # ignore the target path, or it differs from the reference.
        network, reference_net = _TableQNet(online_table), _TableQNet(online_table)
        call(network, network, "mse").backward()
        reference(reference_net, reference_net, "mse").backward()
        if not torch.allclose(network.linear.weight.grad, reference_net.linear.weight.grad,
                              atol=1e-5):
            raise _Mistake(
                t(ko="같은 신경망을 두 인자로 넘기면 그래디언트가 TD 타깃 쪽으로도 흘러 기준 "
                     "구현과 "
                     "달라집니다.",
                  en="with the same network passed twice, the gradient also flows through the "
                     "TD target and differs from the reference."), no_grad_hint)

    report.item(t(ko="타깃 신경망 없이 (같은 신경망 두 번): 타깃 쪽 그래디언트 없음",
                  en="without a target network (same network twice): no gradient via the "
                     "target"), same_network)
    return report.finish()


# ================================================================================ notebook 05
def _tiny_config(**changes: Any) -> DQNConfig:
    settings: dict[str, Any] = dict(
        training_freq=2, batch_size=4, capacity=64, epoch=1,
        epsilon_linear_decay=(0, 10, 1.0, 0.1), gamma=0.9, learning_rate=0.01,
        hidden_sizes=(8,), seed=0,
    )
    settings.update(changes)
    return DQNConfig(**settings)


def _tiny_network(seed: int = 0) -> nn.Module:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MLPQNet(2, 3, (8,))


def _step_experience(step: int, num_envs: int) -> PackageExperience:
    """A deterministic transition per env: 2-d observations, 3 actions, a terminal every 5th."""
    ids = np.arange(step * num_envs, (step + 1) * num_envs)
    obs = np.stack([np.sin(ids), np.cos(ids)], axis=1).astype(np.float32)
    return PackageExperience(
        obs=obs,
        action=(ids % 3).reshape(-1, 1).astype(np.int64),
        next_obs=np.stack([np.sin(ids + 1), np.cos(ids + 1)], axis=1).astype(np.float32),
        reward=(np.cos(ids) > 0).reshape(-1, 1).astype(np.float32),
        terminated=(ids % 5 == 4).reshape(-1, 1).astype(np.float32),
    )


def _parameters(network: nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in network.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


@_keeps_random_state
def check_dqn_update(DQN: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 05: a ``DQN`` class with ``dqn_teach.agent.DQN``'s constructor
    ``DQN(config, network, optimizer=None, num_envs=1)`` and ``select_action``, ``update``,
    ``train``, ``compute_td_loss`` and ``log_data``."""
    report = _Report(lang, ko="DQN 에이전트 검사", en="DQN agent check")
    t = report.t
    num_envs = 2

    def make(config: Any, envs: int = num_envs) -> Any:
        network = _tiny_network()
        optimizer = torch.optim.Adam(network.parameters(), lr=config.learning_rate)
        return DQN(config, network, optimizer, num_envs=envs)

    def select() -> None:
        greedy_agent = make(_tiny_config(epsilon_linear_decay=(0, 10, 0.0, 0.0)))
        obs = _step_experience(0, 5).obs
        with _seeded(0):
            actions = greedy_agent.select_action(obs)
        actions = np.asarray(actions.cpu() if isinstance(actions, torch.Tensor) else actions)
        if actions.shape != (5, 1) or not np.issubdtype(actions.dtype, np.integer):
            raise _Mistake(
                t(ko=f"select_action이 모양 {actions.shape}, dtype {actions.dtype}를 반환했습니다. "
                     "(num_envs, 1) 정수 배열이어야 합니다.",
                  en=f"select_action returned shape {actions.shape}, dtype {actions.dtype}; "
                     "it must be an integer array of shape (num_envs, 1)."),
                t(ko="self.policy.sample(q_values).numpy()를 반환하세요.",
                  en="return self.policy.sample(q_values).numpy()."))
        with torch.no_grad():
            greedy = greedy_agent.network(torch.from_numpy(obs)).argmax(dim=1, keepdim=True)
        if not np.array_equal(actions, greedy.numpy()):
            raise _Mistake(
                t(ko="ε = 0인데 select_action이 탐욕 행동(argmax Q)을 고르지 않았습니다.",
                  en="with ε = 0 select_action did not pick the greedy action (argmax Q)."),
                t(ko="Q 값은 self.network(obs)로 구하고 ε-탐욕 정책으로 고르세요.",
                  en="compute Q-values with self.network(obs) and choose with the ε-greedy "
                     "policy."))
        random_agent = make(_tiny_config(epsilon_linear_decay=(0, 10, 1.0, 1.0)))
        many = np.repeat(obs[:1], 600, axis=0)
        with _seeded(1):
            actions = np.asarray(random_agent.select_action(many)).reshape(-1)
        counts = np.bincount(actions, minlength=3)
        if counts.min() < 200 - 5 * math.sqrt(600 / 3 * 2 / 3):
            raise _Mistake(
                t(ko=f"ε = 1인데 행동 빈도가 {counts.tolist()}입니다 (균등해야 합니다).",
                  en=f"with ε = 1 the action counts are {counts.tolist()}; they must be "
                     "uniform."),
                t(ko="select_action은 self.policy(ε-탐욕)로 행동을 뽑아야 합니다.",
                  en="select_action must sample through self.policy (ε-greedy)."))

    report.item(t(ko="select_action: 모양 (num_envs, 1), ε = 0이면 탐욕, ε = 1이면 균등",
                  en="select_action: shape (num_envs, 1), greedy at ε = 0, uniform at ε = 1"),
                select)

    gate_hint = t(ko="update()는 경험을 리플레이 버퍼에 넣고, replay_buffer.can_sample일 때만 "
                     "train()을 호출합니다.",
                  en="update() adds the experience to the replay buffer and calls train() "
                     "only when replay_buffer.can_sample is True.")

    def training_gate() -> None:
        config = _tiny_config()
        agent = make(config)
        mirror = PackageReplayBuffer(config.training_freq, config.batch_size, config.capacity,
                                     num_envs, seed=0)
        for step in range(12):
            experience = _step_experience(step, num_envs)
            mirror.add(experience)
            should_train = mirror.can_sample
            if should_train:
                mirror.sample()
            before = _parameters(agent.network)
            with _seeded(step):
                agent.update(experience)
            trained = not _same(before, _parameters(agent.network))
            if trained != should_train:
                done = (step + 1) * num_envs
                raise _Mistake(
                    t(ko=f"update {step + 1}번째 (전이 {done}개, batch_size = {config.batch_size}, "
                         f"training_freq = {config.training_freq}): 학습해야 하는지 = "
                         f"{should_train}, 실제로 학습했는지 = {trained}.",
                      en=f"update #{step + 1} ({done} transitions, batch_size = "
                         f"{config.batch_size}, training_freq = {config.training_freq}): "
                         f"should train = {should_train}, trained = {trained}."),
                    gate_hint)

    report.item(t(ko="update(): can_sample일 때만 학습",
                  en="update(): trains only when can_sample"), training_gate,
                error_hint=gate_hint)

    def loss_value() -> None:
        agent = make(_tiny_config())
        batch = [torch.from_numpy(np.asarray(x)) for x in _step_experience(0, 6)]
        loss = _as_tensor_output(report, _without_broadcast(report, agent.compute_td_loss, *batch),
                                 "compute_td_loss")
        network = _tiny_network()
        expected = _reference_loss(network, network, batch, 0.9)
        if loss.numel() != 1 or not math.isclose(_scalar(loss), _scalar(expected), rel_tol=1e-5,
                                                  abs_tol=1e-6):
            raise _Mistake(
                t(ko=f"compute_td_loss가 {_fmt(loss)}입니다. 기대값은 {float(expected):.5g}입니다 "
                     "(타깃 신경망 없는 설정, MSE).",
                  en=f"compute_td_loss gives {_fmt(loss)}; expected {float(expected):.5g} "
                     "(no target network, MSE)."),
                t(ko="Q(s, a) = network(obs).gather(1, action), 타깃 = r + γ (1 − terminated) "
                     "max Q(s′, ·) (no_grad), 손실 = 평균제곱오차.",
                  en="Q(s, a) = network(obs).gather(1, action), target = r + γ (1 − terminated) "
                     "max Q(s′, ·) (no_grad), loss = mean squared error."))
        loss.backward()
        reference_net = _tiny_network()
        _reference_loss(reference_net, reference_net, batch, 0.9).backward()
        got = [p.grad for p in agent.network.parameters()]
        if any(g is None for g in got) or not all(
            torch.allclose(g, p.grad, atol=1e-6)
            for g, p in zip(got, reference_net.parameters(), strict=True)
        ):
            raise _Mistake(
                t(ko="그래디언트가 기준 구현과 다릅니다 — TD 타깃 쪽으로도 그래디언트가 흐릅니다.",
                  en="the gradient differs from the reference: it also flows through the TD "
                     "target."),
                t(ko="다음 상태의 Q 값은 with torch.no_grad(): 안에서 계산하세요.",
                  en="compute the next-state Q-values inside with torch.no_grad():."))

    report.item(t(ko="compute_td_loss: 고정된 배치의 손실 값과 그래디언트",
                  en="compute_td_loss: loss value and gradient on a fixed batch"), loss_value)

    def target_network() -> None:
        period = 3
        config = _tiny_config(target_update_period=period, training_freq=1, batch_size=2)
        agent = make(config, envs=1)
        target = getattr(agent, "target_network", None)
        if not isinstance(target, nn.Module):
            raise _Mistake(
                t(ko=f"target_update_period = {period}인데 agent.target_network가 없습니다.",
                  en=f"target_update_period = {period} but agent.target_network is missing."),
                t(ko="__init__에서 copy.deepcopy(network)로 타깃 신경망을 만드세요.",
                  en="create it in __init__ with copy.deepcopy(network)."))
        initial = _parameters(target)
        batch = [torch.from_numpy(np.asarray(x)) for x in _step_experience(0, 6)]
        with torch.no_grad():
            next(iter(agent.network.parameters())).add_(0.5)  # online ≠ target from here on
        expected = _reference_loss(agent.network, target, batch, 0.9)
        got = agent.compute_td_loss(*batch)
        if not math.isclose(_scalar(got), _scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise _Mistake(
                t(ko="타깃 신경망이 있는데 TD 타깃을 온라인 신경망으로 계산했습니다.",
                  en="there is a target network, but the TD target was computed with the online "
                     "network."),
                t(ko="다음 상태의 Q 값은 self.target_network(next_obs)로 구하세요.",
                  en="compute next-state Q-values with self.target_network(next_obs)."))
        got.backward()
        if any(p.grad is not None for p in target.parameters()):
            raise _Mistake(
                t(ko="target_network 파라미터에 .grad가 생겼습니다.",
                  en="the target_network's parameters got a .grad."),
                t(ko="타깃 계산을 torch.no_grad() 안에 두세요.",
                  en="compute the target inside torch.no_grad()."))
        agent.optimizer.zero_grad()
        sync_hint = t(ko="train()에서 training_step % target_update_period == 0일 때만 "
                         "self.target_network.load_state_dict(self.network.state_dict())로 "
                         "복사하세요.",
                      en="in train(), copy only when training_step % target_update_period == 0: "
                         "self.target_network.load_state_dict(self.network.state_dict()).")
        for step in range(8):
            with _seeded(step):
                agent.update(_step_experience(step, 1))
            trained_steps = getattr(agent, "training_step", None)
            if not isinstance(trained_steps, int):
                raise _Mistake(
                    t(ko="agent.training_step(경사 하강 횟수)이 없습니다.",
                      en="agent.training_step (the number of gradient steps) is missing."),
                    t(ko="train()에서 경사 하강 한 번마다 self.training_step을 1 올리세요.",
                      en="increment self.training_step once per gradient step in train()."))
            if trained_steps < period and not _same(initial, _parameters(target)):
                raise _Mistake(
                    t(ko=f"경사 하강 {trained_steps}번 만에 타깃 신경망이 바뀌었습니다 "
                         f"(target_update_period = {period}).",
                      en=f"the target network changed after {trained_steps} gradient steps "
                         f"(target_update_period = {period})."), sync_hint)
            if trained_steps >= period:
                if trained_steps == period and not _same(_parameters(agent.network),
                                                         _parameters(target)):
                    raise _Mistake(
                        t(ko=f"경사 하강 {period}번 뒤에도 타깃 신경망이 온라인 신경망의 복사본이 "
                             "아닙니다 — 타깃 신경망을 갱신하지 않습니다.",
                          en=f"after {period} gradient steps the target network is still not a "
                             "copy of the online network: it is never synced."), sync_hint)
                return
        raise _Mistake(
            t(ko=f"update 8번 뒤에도 training_step이 {agent.training_step}입니다.",
              en=f"after 8 updates training_step is only {agent.training_step}."),
            t(ko="train()에서 경사 하강 한 번마다 self.training_step을 1 올리세요.",
              en="increment self.training_step once per gradient step in train()."))

    report.item(t(ko="타깃 신경망: 그래디언트 없음, target_update_period마다 복사",
                  en="target network: no gradient, copied every target_update_period"),
                target_network)

    def epsilon_and_log() -> None:
        config = _tiny_config(training_freq=1, batch_size=2)
        agent = make(config, envs=1)
        schedule = LinearSchedule(*config.epsilon_linear_decay)
        for step in range(12):
            with _seeded(step):
                agent.update(_step_experience(step, 1))
            data = agent.log_data
            if "Epsilon" not in data:
                raise _Mistake(
                    t(ko=f"log_data에 'Epsilon'이 없습니다: {sorted(data)}.",
                      en=f"log_data has no 'Epsilon': {sorted(data)}."),
                    t(ko="{'Epsilon': (ε, global_time_step), "
                         "'TD Loss': (평균 손실, training_step)}을 반환하세요.",
                      en="return {'Epsilon': (ε, global_time_step), 'TD Loss': (mean loss, "
                         "training_step)}."))
            epsilon, time_step = data["Epsilon"]
            expected = schedule(step + 1)
            if not math.isclose(float(epsilon), expected, abs_tol=1e-6):
                raise _Mistake(
                    t(ko=f"update {step + 1}번 뒤 ε = {float(epsilon):.3f}, 스케줄 값은 "
                         f"{expected:.3f}입니다 — ε이 스케줄대로 감소하지 않습니다.",
                      en=f"after {step + 1} updates ε = {float(epsilon):.3f} but the schedule "
                         f"gives {expected:.3f}: ε does not decay on schedule."),
                    t(ko="update()마다 self.policy.epsilon = schedule(global_time_step)으로 "
                         "바꾸세요.",
                      en="in every update() set self.policy.epsilon = "
                         "schedule(global_time_step)."))
            if int(time_step) != step + 1:
                raise _Mistake(
                    t(ko=f"'Epsilon'의 스텝이 {time_step}입니다. 지금까지의 전이 수 "
                         f"{step + 1}이어야 "
                         "합니다.",
                      en=f"the 'Epsilon' step is {time_step}; it must be the transitions seen, "
                         f"{step + 1}."))
            if step >= 1 and "TD Loss" not in data:
                raise _Mistake(
                    t(ko="학습한 뒤에도 log_data에 'TD Loss'가 없습니다.",
                      en="log_data has no 'TD Loss' after training."),
                    t(ko="train()에서 손실의 평균을 모아 두고 log_data에서 반환하세요.",
                      en="keep a running mean of the loss in train() and return it from "
                         "log_data."))
        again = agent.log_data
        if "TD Loss" in again:
            raise _Mistake(
                t(ko="학습 없이 log_data를 다시 읽었는데 'TD Loss'가 또 나옵니다.",
                  en="reading log_data again without training still gives 'TD Loss'."),
                t(ko="log_data를 읽으면 손실 평균과 개수를 0으로 되돌리세요 (읽은 구간의 평균만 "
                     "기록합니다).",
                  en="reset the loss mean and count when log_data is read, so each entry is the "
                     "mean since the last read."))

    report.item(t(ko="ε 감소와 log_data ('Epsilon', 'TD Loss')",
                  en="ε decay and log_data ('Epsilon', 'TD Loss')"), epsilon_and_log)
    return report.finish()


def _reference_loss(network: nn.Module, target: nn.Module, batch: list[torch.Tensor],
                    gamma: float) -> torch.Tensor:
    obs, action, next_obs, reward, terminated = batch
    q_value = network(obs).gather(1, action)
    with torch.no_grad():
        y = reward + gamma * (1 - terminated) * target(next_obs).max(dim=1, keepdim=True).values
    return F.mse_loss(q_value, y)


# ================================================================================ notebook 07
@_keeps_random_state
def check_double_dqn_target(double_dqn_target: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 07: ``double_dqn_target(reward, next_obs, terminated, gamma,
    online_network, target_network) -> (B, 1)``."""
    report = _Report(lang, ko="더블 DQN(Double DQN) 타깃 검사", en="Double DQN target check")
    t = report.t
    # Q tables where every way of mixing up the two networks gives a different number.
    online_table = [[1.0, 5.0, 2.0], [3.0, 0.0, 1.0], [0.0, 0.0, 9.0]]
    target_table = [[4.0, 2.0, 7.0], [1.0, 6.0, 0.0], [2.0, 8.0, 3.0]]
    next_obs = _one_hot([0, 1, 2], 3)
    reward = torch.tensor([[1.0], [0.0], [2.0]])
    terminated = torch.tensor([[0.0], [1.0], [0.0]])
    gamma = 0.5
    # By hand: online argmax = (1, 0, 2); target values there = (2, 1, 3).
    by_hand = torch.tensor([[1.0 + 0.5 * 2.0], [0.0], [2.0 + 0.5 * 3.0]])

    def run(online: nn.Module, target: nn.Module) -> torch.Tensor:
        got = double_dqn_target(reward.clone(), next_obs.clone(), terminated.clone(), gamma,
                                online, target)
        got = _as_tensor_output(report, got, "double_dqn_target")
        if got.shape != by_hand.shape:
            raise _shape_mistake(report, got, 3, 3)
        return got

    def values() -> None:
        online, target = _TableQNet(online_table), _TableQNet(target_table)
        got = run(online, target)
        if _close(got, by_hand):
            return
        mask = 1 - terminated
        online_q, target_q = torch.tensor(online_table), torch.tensor(target_table)
        candidates = [
            (reward + gamma * mask * target_q.max(dim=1, keepdim=True).values, t(
                ko="타깃 신경망의 max를 썼습니다 — 이것은 보통 DQN입니다. 더블 DQN은 온라인 "
                   "신경망의 "
                   "argmax로 행동을 고르고, 그 행동의 값을 타깃 신경망에서 읽습니다.",
                en="this is the target network's max, i.e. plain DQN. Double DQN picks the action "
                   "with the online network's argmax and reads its value from the target "
                   "network.")),
            (reward + gamma * mask * online_q.max(dim=1, keepdim=True).values, t(
                ko="온라인 신경망 하나로 고르고 평가했습니다. 평가는 타깃 신경망으로 해야 합니다.",
                en="the online network both selects and evaluates; evaluate with the target "
                   "network.")),
            (reward + gamma * mask * online_q.gather(1, target_q.argmax(dim=1, keepdim=True)), t(
                ko="두 신경망의 역할이 바뀌었습니다: 선택은 온라인, 평가는 타깃 신경망입니다.",
                en="the roles are swapped: select with the online network, evaluate with the "
                   "target network.")),
        ]
        selected = target_q.gather(1, online_q.argmax(dim=1, keepdim=True))
        candidates += _target_candidates(
            report, reward, torch.cat([selected, selected], dim=1), terminated, gamma)
        hint = _matching_hint(got, candidates, t(
            ko="a* = online_network(next_obs).argmax(dim=1, keepdim=True), "
               "타깃 = r + γ (1 − terminated) target_network(next_obs).gather(1, a*).",
            en="a* = online_network(next_obs).argmax(dim=1, keepdim=True), target = "
               "r + γ (1 − terminated) target_network(next_obs).gather(1, a*)."))
        raise _Mistake(
            t(ko=f"결과 {_fmt(got.reshape(-1))}, 기대값 {_fmt(by_hand.reshape(-1))}.",
              en=f"got {_fmt(got.reshape(-1))}, expected {_fmt(by_hand.reshape(-1))}."), hint)

    report.item(t(ko="선택은 온라인, 평가는 타깃 신경망 (두 신경망의 선택이 다른 경우)",
                  en="select with the online network, evaluate with the target network (where "
                     "the two disagree)"), values)

    def no_gradient() -> None:
        online, target = _TableQNet(online_table), _TableQNet(target_table)
        got = run(online, target)
        if got.requires_grad:
            got.sum().backward()
            raise _Mistake(
                t(ko="반환한 타깃에 그래디언트가 연결되어 있습니다 (requires_grad = True).",
                  en="the returned target carries a gradient (requires_grad is True)."),
                t(ko="전체를 with torch.no_grad(): 안에서 계산하세요.",
                  en="compute everything inside with torch.no_grad():."))

    report.item(t(ko="그래디언트 없음 (no_grad)", en="no gradient (no_grad)"), no_gradient)
    return report.finish()


__all__ = [
    "CheckResult",
    "check_double_dqn_target",
    "check_dqn_update",
    "check_epsilon_greedy",
    "check_experience",
    "check_linear_schedule",
    "check_replay_buffer",
    "check_td_loss",
    "check_td_target",
]
