"""The machinery every check shares: the result, the report that runs items, mistakes, and how a
learner's exception is described.

Vocabulary:

- a check is a function ``check_xxx(candidate, ..., lang="en") -> CheckResult`` decorated with
  :func:`entry_point` (the learner's random state is left alone; a fatal item stops the check);
- inside it, a :class:`Report` runs *items*: ``report.item(label, run)`` calls ``run()`` and
  records ✅, or ❌ with what went wrong and a hint. ``fatal=True`` stops the check when the item
  fails (later items would only repeat the failure);
- ``run`` raises :class:`Mistake` (``problem``, ``hint``) when the learner's code gives a wrong
  result. Any other exception is the learner's code failing: it is reported with the file, line
  and source line, plus an explanation of the error (:mod:`dqn_teach.checks._errors`).

Texts are :class:`dqn_teach.i18n.Bi` (or plain strings, already in the report's language).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import inspect
import random
import re
import sys
import sysconfig
import textwrap
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from dqn_teach.i18n import LANGS, Bi

Text = Bi | str
_CHECKS_DIR = Path(__file__).resolve().parent
_PACKAGE_DIR = _CHECKS_DIR.parent
_LIBRARY_DIRS = tuple(
    Path(p).resolve() for p in {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
                                sysconfig.get_paths()["platlib"]}
)
ATOL = 1e-5
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
        headline = Bi(ko=f"{self.title}: {total}개 중 {num_ok}개 통과",
                      en=f"{self.title}: {num_ok} of {total} passed")
        ending = (Bi(ko="🎉 모두 통과했습니다!", en="🎉 All checks passed!") if self.passed else
                  Bi(ko="❌ 위의 ❌ 항목을 고친 뒤 다시 실행하세요.",
                     en="❌ Fix the ❌ items above and run again."))
        return "\n".join([headline(self.lang), *self.messages, ending(self.lang)])

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


class Mistake(Exception):
    """A check item failed: ``problem`` says what is wrong, ``hint`` how to fix it."""

    def __init__(self, problem: Text, hint: Text | None = None) -> None:
        super().__init__(str(problem))
        self.problem, self.hint = problem, hint


class _Stopped(Exception):
    """A fatal item failed: the check ends with ``result``."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.title)
        self.result = result


class Report:
    """Runs check items, catching every learner exception, and builds the :class:`CheckResult`."""

    def __init__(self, lang: str, title: Bi) -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, got {lang!r}.")
        self.lang = lang
        self.title = title(lang)
        self.messages: list[str] = []
        self.passed = True
        self._errors_seen: set[tuple[str, str]] = set()  # (error, where) already shown in full

    def t(self, *, ko: str, en: str) -> str:
        """The text in this report's language."""
        return ko if self.lang == "ko" else en

    def text(self, text: Text) -> str:
        """A :class:`Bi` in this report's language (a ``str`` is already in it)."""
        return text(self.lang) if isinstance(text, Bi) else text

    def item(self, label: Text, run: Callable[[], Any], error_hint: Text | None = None, *,
             fatal: bool = False) -> bool:
        """Run one item; record ✅ or ❌ with the problem and a hint. Returns whether it passed.

        ``error_hint`` is shown when the learner's code raises; ``fatal`` ends the check when the
        item fails (the decorated check function returns the result so far).
        """
        label = self.text(label)
        from dqn_teach.checks._errors import UNKNOWN_ERROR, explain  # (imports this module)

        try:
            with _quiet_warnings():
                run()
        except Mistake as mistake:
            self._fail(label, mistake.problem, mistake.hint)
        except Exception as error:  # the learner's code raised: report it, never re-raise
            seen = len(self._errors_seen)
            problem = self._describe_error(error)
            repeated = len(self._errors_seen) == seen and _culprit_frame(error) is not None
            # What the error usually means, else what this item is about; once per error.
            hint = explain(error) or error_hint
            if hint is None and not isinstance(error, NotImplementedError):
                hint = UNKNOWN_ERROR
            self._fail(label, problem, None if repeated else hint)
        else:
            self.messages.append(f"✅ {label}")
            return True
        if fatal:
            raise _Stopped(self.finish())
        return False

    def _fail(self, label: str, problem: Text, *hints: Text | None) -> None:
        self.passed = False
        lines = [f"❌ {label}: {self.text(problem)}"]
        for hint in dict.fromkeys(self.text(hint) for hint in hints if hint):
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
            return self._describe_placeholder(error, frame, where, first_time)
        if not first_time:  # one bug often fails every item: show it in full once
            return self.t(ko=f"위와 같은 예외입니다 — {name} ({where})",
                          en=f"the same error as above: {name} ({where})")
        code = (frame.line or "").strip()
        return self.t(
            ko=f"코드가 예외를 일으켰습니다 — {name}\n   위치: {where}, {frame.name}()\n   >>> "
               f"{code}",
            en=f"your code raised {name}\n   at {where}, in {frame.name}()\n   >>> {code}",
        )

    def _describe_placeholder(self, error: NotImplementedError, frame: traceback.FrameSummary,
                              where: str, first_time: bool) -> str:
        leftover = _raise_below_code(error)
        if not first_time:
            if leftover:
                return self.t(ko=f"위와 같이 raise NotImplementedError 줄이 남아 있습니다 ({where})",
                              en=f"a leftover raise NotImplementedError line, as above ({where})")
            return self.t(ko=f"위와 같이 아직 작성하지 않았습니다 ({where})",
                          en=f"not written yet, as above ({where})")
        if leftover:
            return self.t(
                ko=f"코드 아래에 raise NotImplementedError 줄이 남아 있어, 작성한 코드 대신 그 줄이 "
                   f"실행됩니다.\n   위치: {where}, {frame.name}()\n   >>> {(frame.line or '').strip()}"
                   "\n   이 raise 줄을 지우고 다시 실행하세요.",
                en=f"a raise NotImplementedError line is left under your code, so it runs "
                   f"instead of returning your result.\n   at {where}, in {frame.name}()\n"
                   f"   >>> {(frame.line or '').strip()}\n   Delete that raise line and run the "
                   "check again.",
            )
        instruction = str(error) or self.t(
            ko="'# 여기에 코드를 작성하세요' 아래의 raise 줄을 지우고 그 자리에 코드를 작성하세요.",
            en="under '# YOUR CODE HERE', replace the raise line with your code.")
        return self.t(
            ko=f"아직 작성하지 않은 부분이 있습니다 — {instruction}\n   위치: {where}, {frame.name}()",
            en=f"not written yet: {instruction}\n   at {where}, in {frame.name}()",
        )

    def finish(self) -> CheckResult:
        result = CheckResult(self.title, self.passed, self.messages, self.lang)
        print(result.report())
        result._just_printed = True
        return result


@contextlib.contextmanager
def _quiet_warnings() -> Iterator[None]:
    """Warnings raised while an item runs belong to the check's own test cases, not to the
    learner's notebook; the items report what matters (e.g. a broadcast) in words."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _raise_below_code(error: NotImplementedError) -> bool:
    """Whether the ``raise NotImplementedError`` that raised ``error`` comes after other
    statements of its block: the learner wrote code above the placeholder but kept its line."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    try:
        lines, first = inspect.getsourcelines(tb.tb_frame.f_code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return False
    line = tb.tb_lineno - first + 1
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list):
                continue
            for index, statement in enumerate(block):
                if isinstance(statement, ast.Raise) and statement.lineno == line:
                    return any(_does_something(before) for before in block[:index])
    return False


def _does_something(statement: ast.stmt) -> bool:
    """Not a docstring, ``pass`` or ``...``."""
    if isinstance(statement, ast.Pass):
        return False
    return not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))


def _is_library(path: Path) -> bool:
    compiled = path.suffix in (".pyx", ".pxd")  # NumPy/PyTorch internals shown by Cython
    return compiled or any(path.is_relative_to(directory) for directory in _LIBRARY_DIRS) or (
        "site-packages" in path.parts
    )


def _culprit_frame(error: BaseException) -> traceback.FrameSummary | None:
    """The frame most likely to be the learner's: deepest outside the checks and libraries,
    preferring frames outside the dqn_teach package too."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not Path(f.filename).resolve().is_relative_to(_CHECKS_DIR)]
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


# ============================================================================ random state
@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Seed torch, numpy and random for the block, then restore the learner's RNG states."""
    numpy_state, python_state = np.random.get_state(), random.getstate()
    with torch.random.fork_rng(devices=[]):
        torch.default_generator.manual_seed(seed)  # CPU only: torch.manual_seed also seeds CUDA
        np.random.seed(seed)
        random.seed(seed)
        try:
            yield
        finally:
            np.random.set_state(numpy_state)
            random.setstate(python_state)


def entry_point(check: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
    """Decorate every public ``check_xxx``.

    The check runs without changing torch's, numpy's or Python's global random state (building
    test networks and sampling must not shift the numbers the learner's notebook sees next), and
    a fatal item's failure ends it with the result so far.
    """

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> CheckResult:
        numpy_state, python_state = np.random.get_state(), random.getstate()
        with torch.random.fork_rng(devices=[]):
            try:
                return check(*args, **kwargs)
            except _Stopped as stopped:
                return stopped.result
            finally:
                np.random.set_state(numpy_state)
                random.setstate(python_state)

    return wrapper


# ============================================================================ small helpers
def fmt(values: Any) -> str:
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


def shape_text(value: Any) -> str:
    shape = getattr(value, "shape", None)
    return str(tuple(shape)) if shape is not None else type(value).__name__


def as_tensor_output(value: Any, what: str) -> torch.Tensor:
    """``value`` if it is a tensor, else a :class:`Mistake` naming what was returned."""
    if not isinstance(value, torch.Tensor):
        raise Mistake(
            Bi(ko=f"{what}의 반환값은 torch.Tensor여야 하는데 {type(value).__name__} 타입입니다.",
               en=f"{what} must be a torch.Tensor, got {type(value).__name__}."),
            Bi(ko="torch 연산만으로 계산하면 텐서가 그대로 나옵니다 (numpy로 바꾸지 마세요).",
               en="compute it with torch operations only (do not convert to numpy)."),
        )
    return value


def close(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and bool(torch.allclose(a.detach().float(), b.float(), atol=ATOL))


def without_broadcast(loss_fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a learner's loss; PyTorch's size warning from F.mse_loss / F.smooth_l1_loss (``(B, 1)``
    against ``(B, B)`` or ``(B,)``) means the loss silently broadcast, which is a mistake."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loss = loss_fn(*args, **kwargs)
    size_warnings = [str(w.message) for w in caught
                     if "different to the input size" in str(w.message)]
    if size_warnings:
        sizes = re.findall(r"torch\.Size\(\[([\d, ]*)\]\)", size_warnings[0])
        target_size, input_size = (sizes + ["?", "?"])[:2]
        raise Mistake(
            Bi(ko=f"손실 함수의 두 입력 모양이 다릅니다: Q(s, a)가 ({input_size}), TD 타깃이 "
                  f"({target_size})라서 브로드캐스트(broadcast)된 손실입니다.",
               en=f"the loss function got inputs of different shapes, Q(s, a) ({input_size}) "
                  f"and the TD target ({target_size}), so it broadcast."),
            _broadcast_hint(input_size, target_size))
    return loss


def _broadcast_hint(input_size: str, target_size: str) -> Bi:
    """Which side of a broadcast loss is not (B, 1)."""
    hints = []
    if not input_size.endswith(", 1"):
        hints.append(Bi(ko="Q(s, a)가 (B, 1)이 아닙니다: q_network(obs).gather(1, action)을 쓰고 "
                           "squeeze하거나 q[range(B), action]으로 고르지 마세요.",
                        en="Q(s, a) is not (B, 1): use q_network(obs).gather(1, action), without "
                           "squeeze or q[range(B), action]."))
    if not target_size.endswith(", 1"):
        hints.append(Bi(ko="TD 타깃이 (B, 1)이 아닙니다: 다음 상태의 max에 keepdim=True를 주세요.",
                        en="the TD target is not (B, 1): use keepdim=True in the next-state "
                           "max."))
    if not hints:
        return Bi(ko="Q(s, a)와 TD 타깃이 둘 다 (B, 1)이어야 합니다.",
                  en="Q(s, a) and the TD target must both be (B, 1).")
    return hints[0] if len(hints) == 1 else hints[0] + " " + hints[1]


def scalar(value: Any) -> float:
    return float(value.detach()) if isinstance(value, torch.Tensor) else float(value)


def matching_hint(got: torch.Tensor, candidates: list[tuple[torch.Tensor, Text]],
                  default: Text) -> Text:
    """The hint of the first known mistake whose result equals ``got``, else ``default``."""
    return next((hint for value, hint in candidates if close(got, value)), default)


def unchanged_inputs(copies: list[torch.Tensor], originals: tuple[torch.Tensor, ...]) -> None:
    """A :class:`Mistake` if the learner's code changed an input tensor in place."""
    if not all(torch.equal(a, b) for a, b in zip(copies, originals, strict=True)):
        raise Mistake(Bi(ko="입력 텐서를 제자리(in-place)에서 바꿨습니다.",
                         en="an input tensor was modified in place."),
                      Bi(ko="+= 대신 새 텐서를 만드는 연산(a + b)을 쓰세요.",
                         en="use out-of-place operations (a + b), not +=."))
