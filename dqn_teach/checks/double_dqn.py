"""Notebook 07: ``double_dqn_target``."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from dqn_teach.checks._core import (
    CheckResult,
    Mistake,
    Report,
    as_tensor_output,
    close,
    entry_point,
    fmt,
    matching_hint,
)
from dqn_teach.checks._td_common import TableQNet, one_hot_states, shape_mistake, target_candidates
from dqn_teach.i18n import Bi


@entry_point
def check_double_dqn_target(double_dqn_target: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 07: ``double_dqn_target(reward, next_obs, terminated, gamma,
    online_network, target_network) -> (B, 1)``."""
    report = Report(lang, Bi(ko="더블 DQN(Double DQN) 타깃 검사", en="Double DQN target check"))
    t = report.t
    # Q tables where every way of mixing up the two networks gives a different number.
    online_table = [[1.0, 5.0, 2.0], [3.0, 0.0, 1.0], [0.0, 0.0, 9.0]]
    target_table = [[4.0, 2.0, 7.0], [1.0, 6.0, 0.0], [2.0, 8.0, 3.0]]
    next_obs = one_hot_states([0, 1, 2], 3)
    reward = torch.tensor([[1.0], [0.0], [2.0]])
    terminated = torch.tensor([[0.0], [1.0], [0.0]])
    gamma = 0.5
    # By hand: online argmax = (1, 0, 2); target values there = (2, 1, 3).
    by_hand = torch.tensor([[1.0 + 0.5 * 2.0], [0.0], [2.0 + 0.5 * 3.0]])

    def run(online: nn.Module, target: nn.Module) -> torch.Tensor:
        got = double_dqn_target(reward.clone(), next_obs.clone(), terminated.clone(), gamma,
                                online, target)
        got = as_tensor_output(got, "double_dqn_target")
        if got.shape != by_hand.shape:
            raise shape_mistake(got, 3, 3)
        return got

    def values() -> None:
        online, target = TableQNet(online_table), TableQNet(target_table)
        got = run(online, target)
        if close(got, by_hand):
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
        candidates += target_candidates(
            reward, torch.cat([selected, selected], dim=1), terminated, gamma)
        hint = matching_hint(got, candidates, t(
            ko="a* = online_network(next_obs).argmax(dim=1, keepdim=True), "
               "타깃 = r + γ (1 - terminated) target_network(next_obs).gather(1, a*).",
            en="a* = online_network(next_obs).argmax(dim=1, keepdim=True), target = "
               "r + γ (1 - terminated) target_network(next_obs).gather(1, a*)."))
        raise Mistake(
            t(ko=f"결과 {fmt(got.reshape(-1))}, 기대값 {fmt(by_hand.reshape(-1))}.",
              en=f"got {fmt(got.reshape(-1))}, expected {fmt(by_hand.reshape(-1))}."), hint)

    report.item(t(ko="선택은 온라인, 평가는 타깃 신경망 (두 신경망의 선택이 다른 경우)",
                  en="select with the online network, evaluate with the target network (where "
                     "the two disagree)"), values)

    def no_gradient() -> None:
        online, target = TableQNet(online_table), TableQNet(target_table)
        got = run(online, target)
        if got.requires_grad:
            got.sum().backward()
            raise Mistake(
                t(ko="반환한 타깃에 그래디언트가 연결되어 있습니다 (requires_grad = True).",
                  en="the returned target carries a gradient (requires_grad is True)."),
                t(ko="전체를 with torch.no_grad(): 안에서 계산하세요.",
                  en="compute everything inside with torch.no_grad():."))

    report.item(t(ko="그래디언트 없음 (no_grad)", en="no gradient (no_grad)"), no_gradient)
    return report.finish()
