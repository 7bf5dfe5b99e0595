"""Automatic checks for the pieces learners build in the notebooks.

Every ``check_xxx(candidate, lang="en")`` runs the learner's code on small hand-computed cases,
prints a short report in ``lang`` (``"ko"`` or ``"en"``) with one ✅/❌ line per item, and returns a
:class:`CheckResult`. A check never raises because of the learner's code: an exception is caught
and reported with the file, line and source line that raised it, and explained when it is one
learners often meet (:mod:`dqn_teach.checks._errors`).

The checks look at values, not only shapes: hand-computed TD targets, the terminal mask, that a
truncation still bootstraps, that no gradient reaches the target network, ε-greedy probabilities
and sampled frequencies (with seeded, 5-sigma bounds so they never flake), ring-buffer wrap-around,
sampling from filled slots only, and so on. Where a wrong result matches a mistake learners often
make, the report names that mistake and how to fix it.

One module per notebook: ``experience`` (01), ``tabular`` (01b), ``replay_buffer`` (02),
``epsilon_greedy`` (03), ``td`` (04), ``agent`` (05), ``double_dqn`` (07). They share ``_core`` (:class:`CheckResult`, the
``Report`` that runs items, ``Mistake``, ``entry_point``, small helpers), ``_errors`` (bilingual
explanations of exceptions) and ``_td_common`` (known wrong TD targets, hand-set Q-networks).

Adding a check for a new notebook (say ``01b``):

1. write ``dqn_teach/checks/tabular.py`` with one public function::

       @entry_point
       def check_q_update(q_update: Callable, lang: str = "en") -> CheckResult:
           report = Report(lang, Bi(ko="Q 갱신 검사", en="Q update check"))

           def by_hand() -> None:
               got = q_update(...)
               if got != expected:
                   raise Mistake(Bi(ko=f"결과 {got}, 기대값 {expected}.",
                                    en=f"got {got}, expected {expected}."),
                                 Bi(ko="...", en="..."))   # the hint names the mistake

           report.item(Bi(ko="손으로 계산한 값", en="hand-computed value"), by_hand)
           return report.finish()

   Each item is a small function that raises ``Mistake(problem, hint)``; ``fatal=True`` stops
   the check when later items cannot run without this one. Keep modules under 600 lines.
2. import it below and add it to ``__all__``;
3. add mutants (wrong versions learners write) in ``tests/mutants/<module>.py`` and the
   reference call in ``tests/test_checks.py``'s ``REFERENCE_CALLS``.
"""

from dqn_teach.checks._core import CheckResult
from dqn_teach.checks.agent import check_dqn_update
from dqn_teach.checks.double_dqn import check_double_dqn_target
from dqn_teach.checks.epsilon_greedy import check_epsilon_greedy, check_linear_schedule
from dqn_teach.checks.experience import check_experience
from dqn_teach.checks.replay_buffer import check_replay_buffer
from dqn_teach.checks.tabular import check_q_learning_episode, check_q_learning_update
from dqn_teach.checks.td import check_td_loss, check_td_target

__all__ = [
    "CheckResult",
    "check_double_dqn_target",
    "check_dqn_update",
    "check_epsilon_greedy",
    "check_experience",
    "check_linear_schedule",
    "check_q_learning_episode",
    "check_q_learning_update",
    "check_replay_buffer",
    "check_td_loss",
    "check_td_target",
]
