"""Hints never lead to a new bug: for every ``# HINT:`` of the course, a solution written by
following the hint is pasted into the notebook's code in place of the reference solution, and
the notebook's check must pass. Anything a learner may paste is plain ASCII.

``HINT_SOLUTIONS`` is the table ``(notebook, function) -> (what the hint says, code written from
it)``. ``what the hint says`` are pieces of the English hint the code relies on; when a hint is
rewritten so that a piece disappears, the test fails, and the table entry must be written again
from the new hint.
"""

from __future__ import annotations

import io
import re
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from dqn_teach import checks, exercises
from tools.nbbuild import load_course

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]*_*.py"))
PASTE_TRAPS = {"\u2212": "minus sign", "\u2032": "prime", "\u00d7": "times sign",
               "\u2013": "en dash", "\u2018": "curly quote",
               "\u2019": "curly quote", "\u201c": "curly quote", "\u201d": "curly quote"}
CODE_SPAN = re.compile(r"`([^`]+)`")

HINT_SOLUTIONS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("00_setup_and_problem", "discounted_returns"): (
        ("G = rewards[t] + gamma * G", "returns[t]"), """
returns = np.zeros(len(rewards))
G = 0.0
for t in range(len(rewards) - 1, -1, -1):
    G = rewards[t] + gamma * G
    returns[t] = G
return returns
"""),
    ("01_experience", "Experience"): (("name: np.ndarray",), """
obs: np.ndarray
action: np.ndarray
next_obs: np.ndarray
reward: np.ndarray
terminated: np.ndarray
"""),
    ("01_experience", "to_experience"): (
        ("num_envs = obs.shape[0]", "np.asarray(x, dtype=...).reshape(num_envs, 1)",
         ".astype(np.float32)"), """
num_envs = obs.shape[0]
obs, next_obs = np.asarray(obs), np.asarray(next_obs)
if obs.dtype == np.float64:
    obs, next_obs = obs.astype(np.float32), next_obs.astype(np.float32)
return Experience(obs, np.asarray(action, dtype=np.int64).reshape(num_envs, 1), next_obs,
                  np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                  np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1))
"""),
    ("01b_tabular_q_learning", "q_learning_update"): (
        ("target = reward + gamma * (1 - terminated) * q_table[next_obs].max()",
         "q_table[obs, action] += alpha * (target - q_table[obs, action])"), """
target = reward + gamma * (1 - terminated) * q_table[next_obs].max()
q_table[obs, action] += alpha * (target - q_table[obs, action])
"""),
    ("02_replay_buffer", "can_sample"): (("self.count >= ...", "self.n_step >= ..."), """
return self.count >= self.sampled_batch_size and self.n_step >= self.training_freq
"""),
    ("02_replay_buffer", "add"): (
        ("slots = (self.next_idx + np.arange(self.num_envs)) % self.capacity",
         "forward by `num_envs` slots (wrapping around)", "without passing `capacity`",
         "add 1 to `n_step`"), """
slots = (self.next_idx + np.arange(self.num_envs)) % self.capacity
for name in self.FIELDS:
    self.storage[name][slots] = getattr(experience, name)
self.next_idx = (self.next_idx + self.num_envs) % self.capacity
self.count = min(self.count + self.num_envs, self.capacity)
self.n_step += 1
"""),
    ("02_replay_buffer", "sample"): (
        ("self.n_step = 0", "idx = self.rng.integers(0, self.count, size=...)",
         "torch.from_numpy(...)"), """
self.n_step = 0
idx = self.rng.integers(0, self.count, size=self.sampled_batch_size)
return tuple(torch.from_numpy(self.storage[name][idx]) for name in self.FIELDS)
"""),
    ("03_epsilon_greedy", "probabilities"): (
        ("epsilon / num_actions", "1 - epsilon", "q_values.argmax(dim=1)",
         "F.one_hot(..., num_actions).float()"), """
num_actions = q_values.shape[1]
greedy = F.one_hot(q_values.argmax(dim=1), num_actions).float()
return self.epsilon / num_actions + (1 - self.epsilon) * greedy
"""),
    ("03_epsilon_greedy", "sample"): (
        ("self.probabilities(q_values)",
         "torch.multinomial(probs, num_samples=1, generator=self.generator)"), """
probs = self.probabilities(q_values)
return torch.multinomial(probs, num_samples=1, generator=self.generator)
"""),
    ("03_epsilon_greedy", "linear_schedule"): (
        ("fraction = (t - start_t) / (end_t - start_t)", "min(max(fraction, 0.0), 1.0)",
         "start_value + fraction * (end_value - start_value)"), """
fraction = (t - start_t) / (end_t - start_t)
fraction = min(max(fraction, 0.0), 1.0)
return start_value + fraction * (end_value - start_value)
"""),
    ("04_q_network_td_target", "td_target"): (
        ("next_q_values.max(dim=1, keepdim=True).values", "(1.0 - terminated)"), """
return reward + gamma * (1.0 - terminated) * next_q_values.max(dim=1, keepdim=True).values
"""),
    ("04_q_network_td_target", "td_loss"): (
        ("q_value = q_network(obs).gather(1, action)", "with torch.no_grad():",
         "td_target(reward, target_network(next_obs), terminated, gamma)", "ValueError"), """
q_value = q_network(obs).gather(1, action)
with torch.no_grad():
    target = td_target(reward, target_network(next_obs), terminated, gamma)
if loss == "huber":
    return F.smooth_l1_loss(q_value, target)
if loss == "mse":
    return F.mse_loss(q_value, target)
raise ValueError(f"unknown loss {loss!r}")
"""),
    ("05_dqn_agent", "select_action"): (
        ("with torch.no_grad():", "q_values = self.network(torch.as_tensor(obs))",
         "self.policy.sample(q_values).numpy()"), """
with torch.no_grad():
    q_values = self.network(torch.as_tensor(obs))
return self.policy.sample(q_values).numpy()
"""),
    ("05_dqn_agent", "update"): (
        ("np.count_nonzero(store_mask)", "self.replay_buffer.add(experience, store_mask)",
         "self.policy.epsilon = self.epsilon_schedule(self.global_time_step)",
         "global_time_step >= config.learning_starts", "self.replay_buffer.can_sample"), """
self.global_time_step += self.num_envs if store_mask is None else np.count_nonzero(store_mask)
self.replay_buffer.add(experience, store_mask)
self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
if self.global_time_step >= self.config.learning_starts and self.replay_buffer.can_sample:
    self.train()
"""),
    ("05_dqn_agent", "train"): (
        ("self.replay_buffer.sample()", "self.optimizer.zero_grad()", "nn.utils.clip_grad_norm_",
         "self.training_step += 1", "load_state_dict", "td_loss.item()"), """
td_loss = self.compute_td_loss(*self.replay_buffer.sample())
self.optimizer.zero_grad()
td_loss.backward()
if self.config.max_grad_norm is not None:
    nn.utils.clip_grad_norm_(self.network.parameters(), self.config.max_grad_norm)
self.optimizer.step()
self.training_step += 1
if self.target_network is not None and (
        self.training_step % self.config.target_update_period == 0):
    self.target_network.load_state_dict(self.network.state_dict())
self.num_losses += 1
self.avg_loss += (td_loss.item() - self.avg_loss) / self.num_losses
"""),
    ("05_dqn_agent", "compute_td_loss"): (
        ("q_value = self.network(obs).gather(1, action)", "with torch.no_grad():",
         "reward + self.config.gamma * (1.0 - terminated) * "
         "next_q_values.max(dim=1, keepdim=True).values", "F.smooth_l1_loss", "F.mse_loss"), """
q_value = self.network(obs).gather(1, action)
with torch.no_grad():
    next_q_values = (self.target_network or self.network)(next_obs)
    target = reward + self.config.gamma * (1.0 - terminated) * next_q_values.max(
        dim=1, keepdim=True).values
if self.config.loss == "huber":
    return F.smooth_l1_loss(q_value, target)
return F.mse_loss(q_value, target)
"""),
    ("05_dqn_agent", "log_data"): (
        ('{"Epsilon": (self.policy.epsilon, self.global_time_step)}',
         '"TD Loss": (self.avg_loss, self.training_step)'), """
data = {"Epsilon": (self.policy.epsilon, self.global_time_step)}
if self.num_losses > 0:
    data["TD Loss"] = (self.avg_loss, self.training_step)
    self.num_losses, self.avg_loss = 0, 0.0
return data
"""),
    ("07_beyond_2013", "double_dqn_target"): (
        ("online_network(next_obs).argmax(dim=1, keepdim=True)",
         "target_network(next_obs).gather(1, ...)", "reward + gamma * (1.0 - terminated) * ..."),
        """
next_action = online_network(next_obs).argmax(dim=1, keepdim=True)
return reward + gamma * (1.0 - terminated) * target_network(next_obs).gather(1, next_action)
"""),
}

PREAMBLE = """
import copy
from typing import NamedTuple

import gymnasium as gym
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim

from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer
"""


def _discounted_returns_check(namespace: dict) -> bool:
    rewards = np.random.default_rng(0).normal(size=12)
    got = namespace["discounted_returns"](rewards, 0.9)
    expected = [sum(0.9**k * r for k, r in enumerate(rewards[t:])) for t in range(12)]
    return bool(np.allclose(got, expected))


def _check(name: str, *args: str):
    def run(namespace: dict) -> bool:
        with redirect_stdout(io.StringIO()):
            result = getattr(checks, name)(*(namespace[a] for a in args), lang="en")
        assert result.passed, result.report()
        return True

    return run


NOTEBOOK_CHECKS = {
    "00_setup_and_problem": [_discounted_returns_check],
    "01_experience": [_check("check_experience", "Experience", "to_experience")],
    "01b_tabular_q_learning": [_check("check_q_learning_update", "q_learning_update")],
    "02_replay_buffer": [_check("check_replay_buffer", "ReplayBuffer")],
    "03_epsilon_greedy": [_check("check_epsilon_greedy", "EpsilonGreedyPolicy"),
                          _check("check_linear_schedule", "linear_schedule")],
    "04_q_network_td_target": [_check("check_td_target", "td_target"),
                               _check("check_td_loss", "td_loss")],
    "05_dqn_agent": [_check("check_dqn_update", "DQN")],
    "07_beyond_2013": [_check("check_double_dqn_target", "double_dqn_target")],
}


def _solution_cells(stem: str, lang: str) -> list[str]:
    path = next(p for p in SOURCES if p.stem == stem)
    notebook = load_course(path).notebook(lang)
    return [cell.source for cell in notebook.cells
            if cell.cell_type == "code" and exercises.BEGIN in cell.source]


def _course_hints() -> dict[tuple[str, str, str], tuple[str, ...]]:
    """``(notebook, lang, where) -> hint texts`` for every solution region of the course."""
    found = {}
    for path in SOURCES:
        for lang in exercises.LANGS:
            for source in _solution_cells(path.stem, lang):
                for hint in exercises.strip_cell(source, lang)[1]:
                    found[(path.stem, lang, hint.where)] = hint.texts
    return found


HINTS = _course_hints()


def _replace_region(source: str, where: str, code: str) -> tuple[str, bool]:
    """``source`` with the solution region inside ``where`` replaced by ``code`` (the other
    regions keep their reference solution), and whether there was such a region."""
    lines = source.split("\n")
    out, skipping, found = [], False, False
    for index, line in enumerate(lines):
        marker = line.strip()
        if marker == exercises.BEGIN and exercises._enclosing_name(lines, index) == where:
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + row if row else row for row in textwrap.dedent(code).strip("\n")
                    .split("\n")]
            skipping = found = True
        elif marker == exercises.END:
            skipping = False
        elif not skipping and marker not in (exercises.BEGIN,):
            out.append(line)
    return "\n".join(out), found


@pytest.mark.parametrize("key", sorted(HINT_SOLUTIONS), ids=lambda key: f"{key[0]}:{key[1]}")
def test_a_solution_written_from_the_hint_passes_the_check(key):
    stem, where = key
    pieces, code = HINT_SOLUTIONS[key]
    hint = " ".join(HINTS.get((stem, "en", where), ()))
    missing = [piece for piece in pieces if piece not in hint]
    assert not missing, f"the hint of {stem}:{where} no longer says {missing}; rewrite the entry"
    namespace: dict = {}
    exec(compile(PREAMBLE, "<preamble>", "exec"), namespace)
    replaced = False
    for source in _solution_cells(stem, "en"):
        pasted, found = _replace_region(source, where, code)
        replaced |= found
        exec(compile(pasted, f"<{stem}>", "exec"), namespace)
    assert replaced, f"no solution region inside {where} in {stem}"
    for check in NOTEBOOK_CHECKS[stem]:
        assert check(namespace)


def test_every_hint_of_a_checked_notebook_has_a_hint_based_solution():
    hinted = {(stem, where) for stem, lang, where in HINTS if stem in NOTEBOOK_CHECKS}
    assert hinted - set(HINT_SOLUTIONS) == set(), "add these to HINT_SOLUTIONS"


def test_the_reference_solutions_pass_the_same_way():
    for stem, notebook_checks in NOTEBOOK_CHECKS.items():
        namespace: dict = {}
        exec(compile(PREAMBLE, "<preamble>", "exec"), namespace)
        for source in _solution_cells(stem, "en"):
            exec(compile(source, f"<{stem}>", "exec"), namespace)
        for check in notebook_checks:
            assert check(namespace)


def test_hints_have_no_characters_that_break_pasted_code():
    for (stem, lang, where), texts in HINTS.items():
        for text in texts:
            traps = {PASTE_TRAPS[ch] for ch in text if ch in PASTE_TRAPS}
            assert not traps, f"{stem} ({lang}) {where}: {traps} in the hint {text!r}"
            for span in CODE_SPAN.findall(text):
                odd = [ch for ch in span if not (ch.isascii() or ch.isalpha())]
                assert not odd, f"{stem} ({lang}) {where}: {odd} in the code {span!r}"


def test_check_messages_have_no_characters_that_break_pasted_code():
    package = Path(checks.__file__).parent
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        traps = {PASTE_TRAPS[ch] for ch in text if ch in PASTE_TRAPS}
        assert not traps, f"{path.name}: {traps}"
