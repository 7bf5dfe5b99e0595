"""Notebook 01b (tabular Q-learning): the update rule and the environment loop.

The values are computed by hand (see the comments) or by :mod:`dqn_teach.tabular` on a real
gymnasium CliffWalking-v1; a wrong value that matches a common mistake is reported with that
mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np

from dqn_teach import tabular
from dqn_teach.checks._core import CheckResult, Mistake, Report, entry_point, fmt
from dqn_teach.i18n import Bi

_ATOL = 1e-6
UP, RIGHT, DOWN, LEFT = range(4)  # CliffWalking's actions
START, GOAL = 36, 47  # CliffWalking's 4 * 12 grid: start bottom left, goal bottom right
MAX_LOOP_STEPS = 1_000


def _matching(got: np.ndarray, candidates: list[tuple[np.ndarray, str]], default: str) -> str:
    return next((hint for value, hint in candidates if np.allclose(got, value, atol=_ATOL)),
                default)


# ================================================================ the update rule
_UPDATE_TABLE = np.array([
    [0.0, 2.0, 1.0],
    [0.5, -1.0, 0.0],
    [3.0, 3.0, 3.0],
    [0.0, 4.0, -1.0],
])


def _update_candidates(report: Report, q: np.ndarray, s: int, a: int, r: float, s2: int,
                       terminated: bool, alpha: float, gamma: float) -> list[tuple[float, str]]:
    """New values of Q[s, a] under common wrong updates, each with the hint naming the mistake."""
    t = report.t
    done = 0.0 if terminated else 1.0
    old = q[s, a]
    good_target = r + gamma * done * q[s2].max()

    def step(target: float) -> float:
        return old + alpha * (target - old)

    return [
        (step(r + gamma * q[s2].max()), t(
            ko="종료(terminated)된 전이에서도 부트스트래핑했습니다. 에피소드가 끝났으면 "
               "미래 가치는 0이므로 타깃은 보상 r뿐입니다.",
            en="bootstrapped from a terminated transition. When the episode has ended the "
               "future is worth 0, so the target is just r.")),
        (good_target, t(
            ko="Q 값을 타깃으로 바꿔 버렸습니다. 학습률 α만큼만 다가가세요: "
               "Q[s,a] += α (타깃 - Q[s,a]).",
            en="replaced Q[s,a] by the target. Move only a step α toward it: "
               "Q[s,a] += α (target - Q[s,a]).")),
        (step(r + gamma * done * q[s2, a]), t(
            ko="다음 상태에서 같은 행동 a의 값 Q[s', a]를 썼습니다. Q-러닝은 다음 상태의 "
               "최댓값 max_a' Q[s', a']을 씁니다.",
            en="used Q[s', a], the same action in the next state. Q-learning uses the maximum "
               "over next actions, max_a' Q[s', a'].")),
        (step(r + gamma * done * q[s2].mean()), t(
            ko="다음 상태 Q 값의 평균을 썼습니다. 최댓값(max)을 쓰세요.",
            en="used the mean of the next state's Q-values; use the maximum.")),
        (step(r + gamma * done * q[s].max()), t(
            ko="다음 상태 s'가 아니라 지금 상태 s의 Q 값으로 부트스트래핑했습니다.",
            en="bootstrapped from the current state s instead of the next state s'.")),
        (step(r + done * q[s2].max()), t(
            ko="할인율 γ를 곱하지 않았습니다: r + γ max_a' Q[s', a'].",
            en="the future is not discounted: r + γ max_a' Q[s', a'].")),
        (old - alpha * (good_target - old), t(
            ko="부호가 반대입니다. TD 오차 (타깃 - Q[s,a])의 방향으로 움직이세요.",
            en="the sign is flipped: move in the direction of the TD error (target - Q[s,a]).")),
        (old + alpha * good_target, t(
            ko="TD 오차에서 지금 값 Q[s,a]를 빼지 않았습니다.",
            en="the TD error must subtract the current value Q[s,a].")),
    ]


@entry_point
def check_q_learning_update(q_learning_update: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 01b: ``q_learning_update(q_table, obs, action, reward, next_obs, terminated,
    alpha, gamma)`` changes ``q_table[obs, action]`` in place and nothing else."""
    report = Report(lang, Bi(ko="Q-러닝 갱신(Q-learning update) 검사", en="Q-learning update check"))
    t = report.t

    def expect(s: int, a: int, r: float, s2: int, terminated: bool, alpha: float, gamma: float,
               by_hand: float) -> None:
        q = _UPDATE_TABLE.copy()
        returned = q_learning_update(q, s, a, r, s2, terminated, alpha, gamma)
        changed = ~np.isclose(q, _UPDATE_TABLE, atol=_ATOL)
        changed[s, a] = False
        if np.isclose(q[s, a], _UPDATE_TABLE[s, a], atol=_ATOL) and not changed.any():
            extra = ""
            if isinstance(returned, np.ndarray) and returned.shape == q.shape:
                extra = t(ko=" 새 표를 반환했지만, 받은 표는 그대로입니다.",
                          en=" It returned a new table, but the one it was given is unchanged.")
            raise Mistake(
                t(ko=f"q_table[{s}, {a}]이 바뀌지 않았습니다.{extra}",
                  en=f"q_table[{s}, {a}] did not change.{extra}"),
                t(ko="받은 표를 제자리에서 바꾸세요: q_table[obs, action] += ...",
                  en="change the table you were given in place: q_table[obs, action] += ..."))
        if changed.any():
            where = [tuple(int(i) for i in index) for index in np.argwhere(changed)]
            raise Mistake(
                t(ko=f"q_table[{s}, {a}] 말고 다른 칸 {where}도 바뀌었습니다.",
                  en=f"cells other than q_table[{s}, {a}] changed too: {where}."),
                t(ko="한 번의 갱신은 방금 해 본 (상태, 행동) 한 칸만 바꿉니다.",
                  en="one update changes only the (state, action) cell just tried."))
        if not np.isclose(q[s, a], by_hand, atol=_ATOL):
            rule = "Q[s,a] += α (r + γ (1 - terminated) max_a' Q[s',a'] - Q[s,a])"
            default = t(ko=f"{rule}를 손으로 계산해 비교해 보세요.",
                        en=f"compute {rule} by hand and compare.")
            candidates = [(np.array(v), h) for v, h in _update_candidates(
                report, _UPDATE_TABLE, s, a, r, s2, terminated, alpha, gamma)]
            raise Mistake(
                t(ko=f"q_table[{s}, {a}] = {fmt(float(q[s, a]))}, 기대값 {fmt(by_hand)}.",
                  en=f"q_table[{s}, {a}] = {fmt(float(q[s, a]))}, expected {fmt(by_hand)}."),
                _matching(np.array(q[s, a]), candidates, default))

    # By hand: target = 1 + 0.9 · max(0, 4, -1) = 4.6;  Q[0,2] = 1 + 0.5 · (4.6 - 1) = 2.8.
    report.item(t(ko="손으로 계산한 값 (α = 0.5, γ = 0.9)",
                  en="a hand-computed update (α = 0.5, γ = 0.9)"),
                lambda: expect(0, 2, 1.0, 3, False, 0.5, 0.9, by_hand=2.8))
    # By hand: terminated, target = -1;  Q[1,0] = 0.5 + 0.5 · (-1 - 0.5) = -0.25.
    report.item(t(ko="종료된 전이는 부트스트래핑하지 않음",
                  en="no bootstrapping after termination"),
                lambda: expect(1, 0, -1.0, 2, True, 0.5, 0.9, by_hand=-0.25))
    # By hand: target = 2 + 0.5 · 3 = 3.5;  Q[3,1] = 4 + 0.1 · (3.5 - 4) = 3.95.
    report.item(t(ko="다른 α와 γ (α = 0.1, γ = 0.5)", en="another α and γ (α = 0.1, γ = 0.5)"),
                lambda: expect(3, 1, 2.0, 2, False, 0.1, 0.5, by_hand=3.95))
    return report.finish()


# ================================================================ the environment loop
class _StrictEnv(gym.Wrapper):
    """Refuses what a correct loop never does: stepping before reset or after the episode ended,
    or running on and on. Counts how often the greedy action of ``q_table`` was taken."""

    def __init__(self, env: gym.Env, report: Report, q_table: np.ndarray) -> None:
        super().__init__(env)
        self.report, self.q_table = report, q_table
        self.needs_reset, self.num_steps, self.num_resets, self.num_greedy = True, 0, 0, 0
        self.last_obs: int | None = None

    def reset(self, **kwargs: Any) -> tuple[Any, dict]:
        self.num_resets += 1
        obs, info = self.env.reset(**kwargs)
        self.needs_reset, self.last_obs = False, int(obs)
        return obs, info

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        t = self.report.t
        if self.needs_reset:
            first = self.num_resets == 0
            raise Mistake(
                t(ko="env.reset()을 부르기 전에 env.step()을 불렀습니다." if first else
                  "에피소드가 끝났는데(terminated 또는 truncated) env.step()을 또 불렀습니다.",
                  en="env.step() was called before env.reset()." if first else
                  "env.step() was called again after the episode ended (terminated or truncated)."),
                t(ko="terminated or truncated가 True가 되면 바로 루프를 끝내세요." if not first
                  else "루프 앞에서 obs, info = env.reset()을 부르세요.",
                  en="start with obs, info = env.reset() before the loop." if first else
                  "leave the loop as soon as terminated or truncated is True."))
        self.num_steps += 1
        if self.num_steps > MAX_LOOP_STEPS:
            raise Mistake(t(ko=f"{MAX_LOOP_STEPS} 스텝이 지나도 루프가 끝나지 않습니다.",
                             en=f"the loop did not stop within {MAX_LOOP_STEPS} steps."),
                           t(ko="terminated or truncated가 True이면 루프를 끝내세요.",
                             en="stop the loop when terminated or truncated is True."))
        greedy = int(np.argmax(self.q_table[self.last_obs]))
        self.num_greedy += int(int(action) == greedy)
        obs, reward, terminated, truncated, info = self.env.step(action)
        self.needs_reset, self.last_obs = bool(terminated or truncated), int(obs)
        return obs, reward, terminated, truncated, info


def guided_q_table(garbage_at_goal: float = 5.0) -> np.ndarray:
    """A CliffWalking-v1 table whose greedy path is up, right * 11, down (13 steps to the goal).

    The goal's row holds ``garbage_at_goal``: a terminal state's Q-values are never updated, so only
    a loop that bootstraps from it by mistake would ever read them.
    """
    q_table = np.zeros((48, 4))
    q_table[START, UP] = 1.0
    q_table[24:35, RIGHT] = 1.0
    q_table[35, DOWN] = 1.0
    q_table[GOAL] = garbage_at_goal
    return q_table


@entry_point
def check_q_learning_episode(run_episode: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 01b: ``run_episode(env, q_table, alpha, gamma, epsilon, rng) -> float`` plays
    one episode of ε-greedy Q-learning on ``env``, updating ``q_table`` in place, and returns the
    episode's undiscounted return."""
    report = Report(lang, Bi(ko="환경 루프(environment loop) 검사", en="Environment loop check"))
    t = report.t
    alpha, gamma = 0.5, 0.9

    def play(max_episode_steps: int | None, epsilon: float) -> tuple[np.ndarray, Any, _StrictEnv]:
        q_table = guided_q_table()
        env = gym.make("CliffWalking-v1", max_episode_steps=max_episode_steps)
        strict = _StrictEnv(env, report, q_table)
        got = run_episode(strict, q_table, alpha, gamma, epsilon, np.random.default_rng(0))
        return q_table, got, strict

    def reference(max_episode_steps: int | None) -> tuple[np.ndarray, float]:
        q_table = guided_q_table()
        env = gym.make("CliffWalking-v1", max_episode_steps=max_episode_steps)
        episode_return = tabular.run_episode(env, q_table, np.random.default_rng(0), "q_learning",
                                             alpha, gamma, epsilon=0.0)
        return q_table, episode_return

    def compare_tables(got: np.ndarray, expected: np.ndarray, candidates: list[tuple[np.ndarray,
                       str]]) -> None:
        if np.allclose(got, expected, atol=_ATOL):
            return
        wrong = [tuple(int(i) for i in index)
                 for index in np.argwhere(~np.isclose(got, expected, atol=_ATOL))][:4]
        where = ", ".join(f"Q{cell} = {fmt(float(got[cell]))} ({t(ko='기대값', en='expected')} "
                          f"{fmt(float(expected[cell]))})" for cell in wrong)
        default = t(ko="매 스텝: 행동 고르기 → env.step → q_learning_update(obs, action, reward, "
                       "next_obs, terminated) → obs = next_obs 순서를 확인하세요.",
                    en="each step: choose an action → env.step → q_learning_update(obs, action, "
                       "reward, next_obs, terminated) → obs = next_obs. Check that order.")
        raise Mistake(t(ko=f"에피소드 뒤의 Q 표가 다릅니다: {where}",
                         en=f"the Q-table after the episode differs: {where}"),
                       _matching(got, candidates, default))

    def check_return(got: Any, expected: float) -> None:
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise Mistake(t(ko=f"반환값이 숫자가 아닙니다 ({type(got).__name__}).",
                             en=f"the return value is not a number ({type(got).__name__})."),
                           t(ko="에피소드의 보상 합계를 float로 반환하세요.",
                             en="return the sum of the episode's rewards as a float.")) from None
        if not np.isclose(value, expected, atol=_ATOL):
            raise Mistake(t(ko=f"반환값(return) {fmt(value)}, 기대값 {fmt(expected)}.",
                             en=f"returned {fmt(value)}, expected {fmt(expected)}."),
                           t(ko="보상을 할인하지 않고 모두 더한 에피소드 반환값을 돌려주세요.",
                             en="return the episode's rewards summed without discounting."))

    def reaches_goal() -> None:
        q_table, got, _ = play(None, epsilon=0.0)
        expected, expected_return = reference(None)
        bootstrapped = expected.copy()
        # By hand: the last step (35 → goal, r = -1) with the goal's garbage 5 bootstrapped:
        # 1 + 0.5 · (-1 + 0.9 · 5 - 1) = 2.25 instead of 1 + 0.5 · (-1 - 1) = 0.
        bootstrapped[35, DOWN] = 2.25
        compare_tables(q_table, expected, [(bootstrapped, t(
            ko="목표에 도착한 마지막 스텝(terminated)에서 부트스트래핑했습니다. "
               "q_learning_update에 terminated를 넘기세요.",
            en="the last step into the goal (terminated) bootstrapped. Pass terminated to "
               "q_learning_update."))])
        check_return(got, expected_return)

    report.item(t(ko="탐욕 경로로 목표까지 가는 에피소드 (13스텝, terminated)",
                  en="an episode that walks the greedy path to the goal (13 steps, terminated)"),
                reaches_goal)

    def truncated_episode() -> None:
        q_table, got, strict = play(4, epsilon=0.0)
        expected, expected_return = reference(4)
        as_terminal = expected.copy()
        # By hand: the 4th step (26 → 27) is cut by the time limit; it must still bootstrap from
        # max Q[27] = 1: 1 + 0.5 · (-1 + 0.9 - 1) = 0.45, not 1 + 0.5 · (-1 - 1) = 0.
        as_terminal[26, RIGHT] = 0.0
        compare_tables(q_table, expected, [(as_terminal, t(
            ko="시간 제한으로 중단(truncated)된 스텝을 종료처럼 다뤘습니다. 중단은 에피소드를 "
               "끝내지만 미래 가치는 남아 있으므로, q_learning_update에는 terminated만 넘기세요.",
            en="the step cut by the time limit (truncated) was treated as termination. Truncation "
               "ends the episode but the future still has value: pass only terminated to "
               "q_learning_update."))])
        check_return(got, expected_return)
        if strict.num_steps != 4:
            raise Mistake(t(ko=f"{strict.num_steps}스텝을 실행했습니다 (기대값 4).",
                             en=f"ran {strict.num_steps} steps (expected 4)."))

    report.item(t(ko="시간 제한으로 중단(truncated)되는 에피소드 (4스텝)",
                  en="an episode cut by a time limit (truncated after 4 steps)"), truncated_episode)

    def explores() -> None:
        _, _, strict = play(200, epsilon=1.0)
        share = strict.num_greedy / max(strict.num_steps, 1)
        # ε = 1 picks uniformly among 4 actions: about 25 % greedy (5 sigma over 200 steps < 0.6).
        if share > 0.6:
            raise Mistake(
                t(ko=f"ε = 1인데 탐욕 행동을 {share:.0%} 골랐습니다 (기대값 약 25%).",
                  en=f"with ε = 1 the greedy action was taken {share:.0%} of the time "
                     "(expected about 25 %)."),
                t(ko="행동은 epsilon_greedy(q_table[obs], epsilon, rng)로 고르세요.",
                  en="choose actions with epsilon_greedy(q_table[obs], epsilon, rng)."))

    report.item(t(ko="ε = 1이면 무작위로 탐험", en="explores at random with ε = 1"), explores)
    return report.finish()
