"""Notebook 05: the training loop the learner assembles from the parts (env, agent, experience).

``run_cartpole(agent, num_steps, seed=0) -> (end_steps, returns)`` makes its own
``gym.make("CartPole-v1")``. The check shortens that environment's time limit to
:data:`SHORT_TIME_LIMIT` steps while it runs (so truncations happen within a few hundred steps),
runs the learner's loop and a reference loop on two identical package agents, and compares what
they did: where episodes ended, their returns, what went into the replay buffer, and how often the
agent was updated and trained.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import gymnasium as gym
import numpy as np

from dqn_teach.agent import DQN, make_agent
from dqn_teach.checks._core import CheckResult, Mistake, Report, entry_point
from dqn_teach.config import cartpole_2013_config
from dqn_teach.experience import make_experience
from dqn_teach.i18n import Bi

SHORT_TIME_LIMIT = 15
NUM_STEPS = 300


@contextlib.contextmanager
def short_cartpole() -> Iterator[None]:
    """While active, ``gym.make("CartPole-v1")`` truncates episodes after SHORT_TIME_LIMIT steps."""
    original = gym.make

    def make(env_id: Any, *args: Any, **kwargs: Any) -> gym.Env:
        if env_id == "CartPole-v1":
            kwargs["max_episode_steps"] = SHORT_TIME_LIMIT
        return original(env_id, *args, **kwargs)

    gym.make = make
    try:
        yield
    finally:
        gym.make = original


def reference_loop(agent: DQN, num_steps: int, seed: int = 0) -> tuple[list[int], list[float]]:
    """Notebook 05's loop: act, step, store ``terminated`` only, reset on either ending."""
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)
    end_steps, returns, episode_return = [], [], 0.0
    for step in range(1, num_steps + 1):
        action = agent.select_action(obs[np.newaxis])
        next_obs, reward, terminated, truncated, _ = env.step(action.item())
        agent.update(make_experience(obs[np.newaxis], action, next_obs[np.newaxis], [reward],
                                     [terminated]))
        episode_return += reward
        if terminated or truncated:
            end_steps.append(step)
            returns.append(episode_return)
            episode_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs
    env.close()
    return end_steps, returns


def _fresh_agent() -> DQN:
    # notebook 05 teaches the 2013 agent
    return make_agent(cartpole_2013_config(), obs_shape=(4,), num_actions=2)


def _first_difference(got: list, expected: list) -> tuple[int, Any, Any]:
    """Index of the first element that differs, with both values (None past the end of a list)."""
    for index in range(max(len(got), len(expected))):
        a = got[index] if index < len(got) else None
        b = expected[index] if index < len(expected) else None
        if a is None or b is None or not np.isclose(a, b):
            return index, a, b
    return -1, None, None


def _stored_terminated(agent: DQN) -> np.ndarray:
    buffer = agent.replay_buffer
    if buffer.count == 0:
        return np.zeros(0)
    return np.asarray(buffer._storage["terminated"][: buffer.count]).reshape(-1)


@entry_point
def check_training_loop(run_cartpole: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 05: ``run_cartpole(agent, num_steps, seed=0) -> (end_steps, returns)``."""
    report = Report(lang, Bi(ko="학습 루프(training loop) 검사", en="Training loop check"))
    state: dict[str, Any] = {}

    def run() -> None:
        with short_cartpole():
            reference_agent, learner_agent = _fresh_agent(), _fresh_agent()
            state["expected"] = reference_loop(reference_agent, NUM_STEPS)
            got = run_cartpole(learner_agent, NUM_STEPS)
        state["reference_agent"], state["agent"] = reference_agent, learner_agent
        if not (isinstance(got, tuple | list) and len(got) == 2):
            raise Mistake(Bi(ko=f"(end_steps, returns) 두 개를 반환해야 하는데 {type(got).__name__}을(를) "
                                "반환했습니다.",
                             en=f"must return (end_steps, returns), got {type(got).__name__}."),
                          Bi(ko="return end_steps, returns", en="return end_steps, returns"))
        state["got"] = [list(got[0]), [float(r) for r in got[1]]]

    report.item(Bi(ko=f"CartPole {NUM_STEPS}스텝 실행 (시간 제한을 {SHORT_TIME_LIMIT}스텝으로 줄여서)",
                   en=f"runs {NUM_STEPS} CartPole steps (time limit shortened to "
                      f"{SHORT_TIME_LIMIT} steps)"), run, fatal=True)

    def every_step_updates() -> None:
        agent, reference_agent = state["agent"], state["reference_agent"]
        if agent.global_time_step != NUM_STEPS:
            raise Mistake(
                Bi(ko=f"agent.update가 {agent.global_time_step}번 불렸습니다 (기대값 {NUM_STEPS}).",
                   en=f"agent.update was called {agent.global_time_step} times "
                      f"(expected {NUM_STEPS})."),
                Bi(ko="환경 스텝마다 agent.update(make_experience(...))를 정확히 한 번 부르세요.",
                   en="call agent.update(make_experience(...)) exactly once per environment step."))
        if agent.training_step != reference_agent.training_step:
            raise Mistake(
                Bi(ko=f"경사 하강 {agent.training_step}번 (기대값 {reference_agent.training_step}).",
                   en=f"{agent.training_step} gradient steps (expected "
                      f"{reference_agent.training_step})."),
                Bi(ko="학습은 agent.update 안에서 일어납니다. 따로 agent.train()을 부르지 마세요.",
                   en="training happens inside agent.update; do not call agent.train() yourself."))

    report.item(Bi(ko="스텝마다 agent.update 한 번", en="one agent.update per step"),
                every_step_updates)

    def episodes_end_at_the_right_steps() -> None:
        got_ends, expected_ends = state["got"][0], state["expected"][0]
        if got_ends != expected_ends:
            index, got_end, expected_end = _first_difference(got_ends, expected_ends)
            raise Mistake(
                Bi(ko=f"{index + 1}번째 에피소드가 {got_end} 스텝에서 끝났습니다 (기대값 {expected_end}).",
                   en=f"episode {index + 1} ended at step {got_end} (expected {expected_end})."),
                Bi(ko="terminated 또는 truncated이면 에피소드를 끝내고 env.reset()으로 새로 시작하세요. "
                      "그렇지 않으면 obs = next_obs로 넘어갑니다.",
                   en="when terminated or truncated, end the episode and start again with "
                      "env.reset(); otherwise move on with obs = next_obs."))

    report.item(Bi(ko="종료 또는 중단에서 리셋", en="resets on termination or truncation"),
                episodes_end_at_the_right_steps)

    def stores_terminated_only() -> None:
        got, expected = (_stored_terminated(state[key]) for key in ("agent", "reference_agent"))
        if got.sum() != expected.sum():
            more = got.sum() > expected.sum()
            raise Mistake(
                Bi(ko=f"버퍼에 terminated=1인 전이가 {int(got.sum())}개 (기대값 {int(expected.sum())}).",
                   en=f"{int(got.sum())} transitions stored with terminated=1 (expected "
                      f"{int(expected.sum())})."),
                Bi(ko="시간 제한으로 중단(truncated)된 전이를 종료로 저장했습니다. make_experience에는 "
                      "terminated만 넘기세요." if more else
                   "버퍼에는 스텝마다 (obs, action, next_obs, reward, terminated)를 저장합니다.",
                   en="transitions cut by the time limit (truncated) were stored as terminated; pass "
                      "only terminated to make_experience." if more else
                   "store (obs, action, next_obs, reward, terminated) at every step."))

    report.item(Bi(ko="버퍼에는 종료(terminated)만 저장", en="the buffer stores terminated only"),
                stores_terminated_only)

    def returns_per_episode() -> None:
        got, expected = state["got"][1], state["expected"][1]
        index, got_return, expected_return = _first_difference(got, expected)
        if index >= 0:
            raise Mistake(
                Bi(ko=f"{index + 1}번째 에피소드의 반환값 {got_return} (기대값 {expected_return}).",
                   en=f"episode {index + 1} returned {got_return} (expected {expected_return})."),
                Bi(ko="에피소드마다 보상을 더하고, 에피소드가 끝나면 기록한 뒤 0으로 되돌리세요.",
                   en="sum each episode's rewards, record the sum when it ends, then start again "
                      "from 0."))

    report.item(Bi(ko="에피소드별 반환값", en="the return of every episode"), returns_per_episode)
    return report.finish()
