"""Learner code that raises: checks must report the exception with its line, never re-raise.

Not registered as mutants (they have no mistake keyword); ``tests/test_checks.py`` uses them
directly and looks for this file, the line number and the source line in the report.
"""

from __future__ import annotations

from tests.mutants.replay_buffer import LearnerReplayBuffer


class TypoInAdd(LearnerReplayBuffer):
    """A typo in add(): `self.stroage` (AttributeError) on the first add."""

    def add(self, experience):
        self.stroage[self.idx] = experience  # the line the report must show
        self.n_step += 1


def td_target_not_implemented(reward, next_q_values, terminated, gamma):
    """The student version of the notebook before the learner fills it in."""
    raise NotImplementedError("compute r + γ (1 - terminated) max Q(s', ·)")


def td_target_with_leftover_raise(reward, next_q_values, terminated, gamma):
    """Correct code written above the placeholder, whose raise line was never deleted."""
    result = reward + gamma * (1 - terminated) * next_q_values.max(dim=1, keepdim=True).values
    raise NotImplementedError("delete this raise line and write your code in its place.")
    return result
