"""dqn_teach.checks: the reference passes, every mutant fails with a message naming its mistake,
and a learner's exception is reported (with its line), never raised."""

from __future__ import annotations

import inspect
import random
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

from dqn_teach import checks, reference, tabular
from dqn_teach.agent import DQN
from dqn_teach.experience import Experience
from dqn_teach.policy import EpsilonGreedyPolicy
from dqn_teach.replay_buffer import ReplayBuffer
from tests.mutants import all_mutants, raising
from tests.mutants.agent import ACCEPTED_VARIANTS
from tests.mutants.policy import LearnerCoinFlipPolicy, LearnerPolicy
from tests.mutants.replay_buffer import LearnerReplayBuffer, NotebookReplayBuffer

LANGS = ("en", "ko")
HANGUL = re.compile("[\uac00-\ud7a3]")
MUTANTS = all_mutants()

REFERENCE_CALLS = {
    "check_experience": (Experience, reference.to_experience),
    "check_q_learning_update": (tabular.q_learning_update,),
    "check_q_learning_episode": (tabular.q_learning_episode,),
    "check_replay_buffer": (ReplayBuffer,),
    "check_epsilon_greedy": (EpsilonGreedyPolicy,),
    "check_linear_schedule": (reference.linear_schedule,),
    "check_td_target": (reference.td_target,),
    "check_td_loss": (reference.td_loss,),
    "check_dqn_update": (DQN,),
    "check_double_dqn_target": (reference.double_dqn_target,),
}


def failed_lines(result: checks.CheckResult) -> list[str]:
    return [message for message in result.messages if message.startswith("❌")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("check_name", sorted(REFERENCE_CALLS))
def test_reference_passes_every_check(check_name, lang, capsys):
    result = getattr(checks, check_name)(*REFERENCE_CALLS[check_name], lang=lang)
    assert result.passed, result.report()
    assert result.messages and all(m.startswith("✅") for m in result.messages)
    printed = capsys.readouterr().out
    assert printed.strip() == result.report().strip()
    assert ("모두 통과했습니다" in printed) == (lang == "ko")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("check_name", "candidate"),
    [("check_replay_buffer", LearnerReplayBuffer), ("check_epsilon_greedy", LearnerPolicy),
     ("check_epsilon_greedy", LearnerCoinFlipPolicy)],
)
def test_correct_learner_style_versions_pass(check_name, candidate, lang):
    # The mutants subclass these; passing here shows each mutant fails for its one mistake.
    assert getattr(checks, check_name)(candidate, lang=lang).passed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutant_fails_with_a_message_naming_its_mistake(mutant, lang):
    result = mutant.run(lang)
    assert not result.passed
    keyword = mutant.keywords[lang]
    assert any(keyword in line for line in failed_lines(result)), (
        f"{mutant.name} ({mutant.mistake}): no ❌ line mentions {keyword!r}:\n{result.report()}"
    )


@pytest.mark.parametrize("variant", ACCEPTED_VARIANTS, ids=lambda v: v.__name__)
def test_the_variants_notebook_05_calls_acceptable_pass(variant):
    assert checks.check_dqn_update(variant, lang="en").passed


def test_there_are_enough_mutants_for_every_check():
    assert len(MUTANTS) >= 20
    assert {m.check for m in MUTANTS} == set(REFERENCE_CALLS)
    for mutant in MUTANTS:
        assert mutant.mistake, f"{mutant.name} needs a docstring that describes its mistake"
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)


@pytest.mark.parametrize("lang", LANGS)
def test_reports_are_in_the_chosen_language(lang):
    result = checks.check_td_target(reference.td_target, lang=lang)
    failing = checks.check_td_target(
        next(m for m in MUTANTS if m.name == "no_terminal_mask").args[0], lang=lang)
    for text in (result.report(), failing.report()):
        assert bool(HANGUL.search(text)) == (lang == "ko")


@pytest.mark.parametrize("lang", LANGS)
def test_learner_exception_is_reported_with_file_line_and_code(lang):
    source, first_line = inspect.getsourcelines(raising.TypoInAdd.add)
    offset = next(i for i, line in enumerate(source) if "self.stroage" in line)
    result = checks.check_replay_buffer(raising.TypoInAdd, lang=lang)  # must not raise
    assert not result.passed
    report = result.report()
    assert "AttributeError" in report
    assert f"raising.py:{first_line + offset}" in report
    assert "self.stroage[self.idx] = experience" in report


@pytest.mark.parametrize("lang", LANGS)
def test_not_implemented_stub_is_reported_as_not_written_yet(lang):
    _, first_line = inspect.getsourcelines(raising.td_target_not_implemented)
    result = checks.check_td_target(raising.td_target_not_implemented, lang=lang)
    assert not result.passed
    report = result.report()
    assert ("아직 작성하지 않은" if lang == "ko" else "not written yet") in failed_lines(result)[0]
    assert "compute r + γ (1 - terminated) max Q(s', ·)" in report  # the stub's hint
    assert f"raising.py:{first_line + 2}" in report
    assert len(failed_lines(result)) == 3  # every item fails, the full text is shown once
    assert sum("compute r + γ" in line for line in failed_lines(result)) == 1


def test_passing_something_that_is_not_a_class_is_reported():
    result = checks.check_replay_buffer(ReplayBuffer(1, 1, 4, 1), lang="en")
    assert not result.passed
    assert "TypeError" in result.report()


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="lang must be one of"):
        checks.check_td_target(reference.td_target, lang="fr")


def test_checks_leave_the_learners_random_state_alone():
    torch.manual_seed(7)
    np.random.seed(7)
    random.seed(7)
    expected = (torch.rand(3), np.random.rand(3), random.random())
    torch.manual_seed(7)
    np.random.seed(7)
    random.seed(7)
    for check_name, args in REFERENCE_CALLS.items():
        getattr(checks, check_name)(*args)
    getattr(checks, MUTANTS[0].check)(*MUTANTS[0].args)  # a failing check too
    got = (torch.rand(3), np.random.rand(3), random.random())
    assert torch.equal(got[0], expected[0])
    assert np.array_equal(got[1], expected[1])
    assert got[2] == expected[2]


def test_result_is_shown_once_in_a_notebook_and_again_when_asked(capsys):
    result = checks.check_linear_schedule(reference.linear_schedule)
    capsys.readouterr()
    result._ipython_display_()  # the cell's value right after the check: already printed
    assert capsys.readouterr().out == ""
    result._ipython_display_()  # displaying the stored result later shows the report
    assert capsys.readouterr().out.strip() == result.report().strip()
    assert repr(result).startswith("<CheckResult ✅")


def test_checks_package_has_one_small_module_per_notebook():
    package = Path(checks.__file__).parent
    modules = {path.stem: len(path.read_text(encoding="utf-8").splitlines())
               for path in package.glob("*.py")}
    assert {"experience", "replay_buffer", "epsilon_greedy", "td", "agent", "double_dqn"} <= set(
        modules)
    too_long = {name: lines for name, lines in modules.items() if lines > 600}
    assert not too_long, f"split these modules (over 600 lines): {too_long}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_can_sample_bug_is_not_blamed_on_sample(lang):
    class CanSampleWithOr(NotebookReplayBuffer):
        @property
        def can_sample(self):
            return self.count >= self.sampled_batch_size or self.n_step >= self.training_freq

    result = checks.check_replay_buffer(CanSampleWithOr, lang=lang)
    failed = failed_lines(result)
    assert len(failed) == 1 and "can_sample" in failed[0], result.report()


def test_the_notebook_layout_buffer_passes():
    assert checks.check_replay_buffer(NotebookReplayBuffer, lang="en").passed


@pytest.mark.parametrize("lang", LANGS)
def test_a_raise_left_under_working_code_gets_its_own_message(lang):
    result = checks.check_td_target(raising.td_target_with_leftover_raise, lang=lang)
    report = result.report()
    expected = ("raise NotImplementedError 줄이 남아" if lang == "ko"
                else "raise NotImplementedError line is left under your code")
    assert expected in failed_lines(result)[0]
    assert ("지우고" if lang == "ko" else "Delete that raise line") in report
    assert "아직 작성하지 않은" not in report and "not written yet" not in report


def test_no_warning_leaks_from_the_checks():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for mutant in MUTANTS:
            mutant.run("ko")
    assert [str(w.message) for w in caught] == []


def _errors_learners_meet() -> list[tuple[str, Callable[[], object]]]:
    """Real PyTorch/NumPy errors, raised the way learners raise them."""
    q = torch.tensor([[1.0, 2.0], [3.0, 0.0], [0.5, 0.4]])
    column = torch.ones(3, 1)
    net = torch.nn.Linear(2, 2)
    flag, nothing = True, None

    def leaf_in_place():
        net.weight += 1

    return [
        ("argmax without dim", lambda: torch.nn.functional.one_hot(q.argmax(), 2)),
        ("max without .values", lambda: column + 0.9 * q.max(dim=1, keepdim=True)),
        ("gather index shape", lambda: q.gather(1, torch.tensor([0, 1, 0]))),
        ("gather index dtype", lambda: q.gather(1, torch.zeros(3, 1))),
        ("shapes that do not broadcast", lambda: torch.ones(3, 2) + torch.ones(4)),
        ("float64 into a float32 network", lambda: net(torch.ones(3, 2, dtype=torch.float64))),
        ("long where float is needed", lambda: torch.ones(3, 2, dtype=torch.long) @ net.weight),
        ("can_sample() on a property", lambda: flag()),  # what `buffer.can_sample()` does
        ("in-place on a leaf", leaf_in_place),
        ("backward without a graph", lambda: torch.ones(2).sum().backward()),
        ("numpy() with a graph", lambda: net(torch.ones(1, 2)).numpy()),
        ("multinomial of a 3-D tensor", lambda: torch.multinomial(torch.ones(3, 1, 2), 1)),
        ("multinomial of Q-values", lambda: torch.multinomial(torch.tensor([[-1.0, 2.0]]), 1)),
        ("target network None", lambda: nothing(q)),
        ("log_data value without a step", lambda: [(e, s) for e, s in [0.5]]),
        ("reshape with a global num_envs", lambda: np.ones(1).reshape(3, 1)),
        ("network input shape", lambda: net(torch.ones(3, 5))),
        ("tensor in an if", lambda: bool(torch.ones(3) > 0)),
    ]


@pytest.mark.parametrize(("what", "make_error"), _errors_learners_meet(),
                         ids=[what for what, _ in _errors_learners_meet()])
def test_errors_learners_often_meet_get_a_bilingual_explanation(what, make_error):
    from dqn_teach.checks._errors import explain

    with pytest.raises(Exception) as raised:  # noqa: B017 - the point is the error's text
        make_error()
    hint = explain(raised.value)
    assert hint is not None, f"{what}: {type(raised.value).__name__}: {raised.value}"
    assert HANGUL.search(hint.ko) and not HANGUL.search(hint.en)
