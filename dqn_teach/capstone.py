"""The capstone of notebook 09: train an agent on Acrobot-v1 past a stated score.

``check_capstone(agent)`` plays :data:`EVAL_EPISODES` greedy episodes (ε = 0) on fresh seeds
``EVAL_SEED, EVAL_SEED + 1, ...`` that training never used, and passes when their mean return is at
least :data:`ACROBOT_GOAL`. Acrobot gives −1 per step until the arm swings up (termination) or 500
steps pass (truncation), so returns lie in [−500, 0] and a random policy scores about −500.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dqn_teach.checks._core import CheckResult, Mistake, Report, entry_point
from dqn_teach.i18n import Bi
from dqn_teach.training import evaluate

ENV_ID = "Acrobot-v1"
ACROBOT_GOAL = -100.0
EVAL_EPISODES = 20
EVAL_SEED = 10_000
BUILD_ARGS = "obs_shape=(6,), num_actions=3"


@entry_point
def check_capstone(agent: Any, lang: str = "en") -> CheckResult:
    """Grade an Acrobot-v1 agent: greedy mean over 20 fresh seeds ≥ :data:`ACROBOT_GOAL`.

    Args:
        agent: anything with ``greedy_action(obs (n, 6)) -> (n, 1)``, e.g. a
            :class:`dqn_teach.agent.DQN`.
    """
    report = Report(lang, Bi(ko=f"최종 과제 채점: {ENV_ID}", en=f"Capstone grade: {ENV_ID}"))
    scores: dict[str, np.ndarray] = {}

    def plays() -> None:
        if not callable(getattr(agent, "greedy_action", None)):
            raise Mistake(
                Bi(ko=f"{type(agent).__name__}에 greedy_action이 없습니다.",
                   en=f"{type(agent).__name__} has no greedy_action."),
                Bi(ko=f"make_agent(config, {BUILD_ARGS})로 만든 에이전트를 넘기세요.",
                   en=f"pass an agent built with make_agent(config, {BUILD_ARGS})."))
        scores["returns"] = evaluate(agent, ENV_ID, episodes=EVAL_EPISODES, seed=EVAL_SEED)

    last_seed = EVAL_SEED + EVAL_EPISODES - 1
    report.item(Bi(ko=f"새 시드 {EVAL_SEED}~{last_seed}로 탐욕 평가 {EVAL_EPISODES}번",
                   en=f"{EVAL_EPISODES} greedy evaluation episodes on fresh seeds "
                      f"{EVAL_SEED}-{last_seed}"), plays, fatal=True)

    returns = scores["returns"]
    mean, worst = float(returns.mean()), float(returns.min())

    def reaches_goal() -> None:
        if mean < ACROBOT_GOAL:
            raise Mistake(
                Bi(ko=f"목표는 {ACROBOT_GOAL:.0f} 이상입니다 (최저 에피소드 {worst:.0f}).",
                   en=f"the goal is {ACROBOT_GOAL:.0f} or better (worst episode {worst:.0f})."),
                Bi(ko="예산(total_steps)을 늘리고, 타깃 신경망(target_update_period)과 ε 스케줄을 "
                      "조정해 보세요. 학습 곡선(06)으로 어디서 멈췄는지 확인하세요.",
                   en="raise the budget (total_steps), and tune the target network "
                      "(target_update_period) and the ε schedule. Look at the learning curve (06) "
                      "to see where it stalls."))

    report.item(Bi(ko=f"평균 반환값 {mean:.1f} ≥ {ACROBOT_GOAL:.0f}",
                   en=f"mean return {mean:.1f} ≥ {ACROBOT_GOAL:.0f}"), reaches_goal)
    return report.finish()
