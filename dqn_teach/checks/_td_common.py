"""What notebooks 04 and 07 share: known wrong TD targets with the hint naming each mistake, the
shape mistake of a target, and a Q-network whose values are chosen by hand."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.checks._core import Mistake
from dqn_teach.i18n import Bi


def target_candidates(reward: torch.Tensor, next_q: torch.Tensor,
                       terminated: torch.Tensor, gamma: float) -> list[tuple[torch.Tensor, Bi]]:
    """Results of common wrong TD targets, each with the hint that names the mistake."""
    t = Bi
    max_q = next_q.max(dim=1, keepdim=True).values
    return [
        (reward + gamma * max_q, t(
            ko="종료(terminated)된 전이에서도 부트스트래핑하고 있습니다. 종료 마스크 (1 - "
               "terminated)를 "
               "곱해 끝난 에피소드의 미래 가치를 0으로 만드세요.",
            en="it bootstraps on terminated transitions: multiply by the terminal mask "
               "(1 - terminated) so a finished episode has no future value.")),
        (reward + gamma * terminated * max_q, t(
            ko="종료 마스크가 뒤집혔습니다: terminated가 아니라 (1 - terminated)를 곱해야 합니다.",
            en="the terminal mask is inverted: multiply by (1 - terminated), not terminated.")),
        (reward + gamma**2 * (1 - terminated) * max_q, t(
            ko="γ를 두 번 곱했습니다. r + γ (1 - terminated) max Q(s', ·)에서 γ는 한 번만 "
               "곱합니다.",
            en="γ is applied twice; in r + γ (1 - terminated) max Q(s', ·) it appears once.")),
        (reward + (1 - terminated) * max_q, t(
            ko="할인율(γ)을 곱하지 않았습니다.", en="the discount factor γ is missing.")),
        (reward + gamma * (1 - terminated) * next_q.min(dim=1, keepdim=True).values, t(
            ko="max 대신 min을 썼습니다.", en="min was used instead of max.")),
        (reward + gamma * (1 - terminated) * next_q.mean(dim=1, keepdim=True), t(
            ko="max 대신 평균(mean)을 썼습니다.", en="mean was used instead of max.")),
        (gamma * (1 - terminated) * max_q, t(ko="보상 r을 더하지 않았습니다.",
                                             en="the reward r is not added.")),
    ]


def shape_mistake(got: torch.Tensor, batch: int, num_actions: int) -> Mistake:
    t = Bi
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
    return Mistake(
        t(ko=f"결과의 모양이 {shape}입니다. (B, 1) = ({batch}, 1)이어야 합니다.",
          en=f"the result has shape {shape}; it must be (B, 1) = ({batch}, 1)."), hint)


class TableQNet(nn.Module):
    """Q(s, ·) = ``table[s]`` for one-hot observations: a linear layer whose values we choose."""

    def __init__(self, table: list[list[float]]) -> None:
        super().__init__()
        values = torch.tensor(table)
        self.linear = nn.Linear(values.shape[0], values.shape[1], bias=False)
        with torch.no_grad():
            self.linear.weight.copy_(values.T)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.linear(obs)


def one_hot_states(states: list[int], num_states: int) -> torch.Tensor:
    return F.one_hot(torch.tensor(states), num_states).float()
