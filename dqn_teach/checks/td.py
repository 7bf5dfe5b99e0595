"""Notebook 04: ``td_target`` and ``td_loss``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
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
    scalar,
    unchanged_inputs,
    without_broadcast,
)
from dqn_teach.checks._td_common import TableQNet, one_hot_states, shape_mistake, target_candidates
from dqn_teach.i18n import Bi


@entry_point
def check_td_target(td_target: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 04: ``td_target(reward, next_q_values, terminated, gamma) -> (B, 1)``."""
    report = Report(lang, Bi(ko="TD 타깃(TD target) 검사", en="TD target check"))
    t = report.t
    reward = torch.tensor([[1.0], [0.5], [-1.0]])
    next_q = torch.tensor([[2.0, 3.0], [4.0, -1.0], [10.0, 20.0]])
    terminated = torch.tensor([[0.0], [0.0], [1.0]])
    gamma = 0.9
    # By hand: 1 + 0.9·3 = 3.7;  0.5 + 0.9·4 = 4.1;  terminal: -1.
    by_hand = torch.tensor([[3.7], [4.1], [-1.0]])

    def compare(got: Any, expected: torch.Tensor, r: torch.Tensor, q: torch.Tensor,
                d: torch.Tensor, g: float) -> None:
        got = as_tensor_output(got, "td_target")
        if got.shape != expected.shape:
            raise shape_mistake(got, expected.shape[0], q.shape[1])
        if close(got, expected):
            return
        default = t(ko="r + γ (1 - terminated) max_a' Q(s', a')를 손으로 계산해 비교해 보세요.",
                    en="compute r + γ (1 - terminated) max_a' Q(s', a') by hand and compare.")
        hint = matching_hint(got, target_candidates(r, q, d, g), default)
        raise Mistake(
            t(ko=f"결과 {fmt(got.reshape(-1))}, 기대값 {fmt(expected.reshape(-1))}.",
              en=f"got {fmt(got.reshape(-1))}, expected {fmt(expected.reshape(-1))}."), hint)

    inputs = (reward, next_q, terminated)

    def by_hand_case() -> None:
        copies = [x.clone() for x in inputs]
        got = td_target(copies[0], copies[1], copies[2], gamma)
        unchanged_inputs(copies, inputs)
        compare(got, by_hand, reward, next_q, terminated, gamma)

    report.item(t(ko="손으로 계산한 값 (B = 3, 행동 2개, 마지막은 종료)",
                  en="hand-computed values (B = 3, 2 actions, last one terminated)"), by_hand_case)

    def other_gammas() -> None:
        for g in (0.0, 0.5):
            expected = reward + g * (1 - terminated) * next_q.max(dim=1, keepdim=True).values
            compare(td_target(reward.clone(), next_q.clone(), terminated.clone(), g), expected,
                    reward, next_q, terminated, g)

    report.item(t(ko="다른 할인율(γ = 0, 0.5)", en="other discount factors (γ = 0, 0.5)"),
                other_gammas)

    def bigger_batch() -> None:
        generator = torch.Generator().manual_seed(4)
        r = torch.randn(5, 1, generator=generator)
        q = torch.randn(5, 4, generator=generator)
        d = torch.tensor([[1.0], [0.0], [0.0], [1.0], [0.0]])
        expected = r + 0.99 * (1 - d) * q.max(dim=1, keepdim=True).values
        compare(td_target(r.clone(), q.clone(), d.clone(), 0.99), expected, r, q, d, 0.99)

    report.item(t(ko="무작위 배치 (B = 5, 행동 4개)", en="a random batch (B = 5, 4 actions)"),
                bigger_batch)
    return report.finish()


VALUE_FIRST = Bi(ko="손실 값부터 기준과 다릅니다 (위의 값 항목). 값이 맞아야 그래디언트를 비교할 "
                    "수 있으니 그것부터 고치세요.",
                 en="the loss value already differs from the reference (the value items above); "
                    "fix that first, then the gradient can be compared.")


@entry_point
def check_td_loss(td_loss: Callable, lang: str = "en") -> CheckResult:
    """Check notebook 04: ``td_loss(q_network, target_network, obs, action, next_obs, reward,
    terminated, gamma, loss="mse") -> scalar``."""
    report = Report(lang, Bi(ko="TD 손실(TD loss) 검사", en="TD loss check"))
    t = report.t
    # 4 states, 3 actions; the online and target tables differ everywhere.
    online_table = [[1.0, 5.0, 2.0], [3.0, 0.0, 1.0], [0.0, 0.0, 9.0], [2.0, 2.5, -1.0]]
    target_table = [[4.0, 2.0, 7.0], [1.0, 6.0, 0.0], [2.0, 8.0, 3.0], [0.5, 0.0, 1.0]]
    obs = one_hot_states([0, 1, 2, 3], 4)
    next_obs = one_hot_states([1, 2, 3, 0], 4)
    action = torch.tensor([[1], [0], [2], [0]])
    reward = torch.tensor([[1.0], [-1.0], [0.0], [2.0]])
    terminated = torch.tensor([[0.0], [0.0], [1.0], [0.0]])
    gamma = 0.5
    batch = (obs, action, next_obs, reward, terminated)

    def reference(online: nn.Module, target: nn.Module, kind: str,
                  q_fn: Callable | None = None, target_fn: Callable | None = None,
                  reduce: Callable | None = None) -> torch.Tensor:
        q_value = online(obs).gather(1, action) if q_fn is None else q_fn(online)
        with torch.no_grad():
            next_q = target(next_obs)
            y = (reward + gamma * (1 - terminated) * next_q.max(dim=1, keepdim=True).values
                 if target_fn is None else target_fn(next_q))
        loss_fn = F.smooth_l1_loss if kind == "huber" else F.mse_loss
        if reduce is not None:
            return reduce(q_value, y)
        return loss_fn(q_value, y)

    def diagnose(got: torch.Tensor, online: nn.Module, target: nn.Module, kind: str) -> str:
        loss_fn = F.smooth_l1_loss if kind == "huber" else F.mse_loss
        candidates = [
            (reference(target, target, kind), t(
                ko="Q(s, a)까지 타깃 신경망으로 계산했습니다. Q(s, a)는 q_network로 구합니다.",
                en="Q(s, a) came from the target network; it must come from q_network.")),
            (reference(online, online, kind), t(
                ko="다음 상태의 Q 값을 q_network로 계산했습니다. 타깃은 target_network로 구하세요.",
                en="the next-state Q-values came from q_network; compute the target with "
                   "target_network.")),
            (reference(online, target, kind, q_fn=lambda n: n(obs).max(dim=1, keepdim=True)
                       .values), t(
                ko="Q(s, a) 대신 max_a Q(s, a)를 썼습니다. 실제로 한 행동의 Q 값을 "
                   "gather(1, action)으로 고르세요.",
                en="max_a Q(s, a) was used instead of Q(s, a): pick the taken action's value "
                   "with gather(1, action).")),
            (reference(online, target, kind, reduce=lambda q, y: loss_fn(q.reshape(-1, 1)
                                                                        .expand(-1, 4), y.T
                                                                        .expand(4, -1))), t(
                ko="(B, 1)과 (B,)가 브로드캐스트(broadcast)되어 (B, B) 행렬의 손실이 계산됐습니다. "
                   "두 텐서 모두 (B, 1)이어야 합니다.",
                en="(B, 1) and (B,) broadcast into a (B, B) matrix of errors; both must be "
                   "(B, 1).")),
            (reference(online, target, kind, reduce=lambda q, y: loss_fn(q, y, reduction="sum")),
             t(ko="손실을 평균이 아니라 합으로 냈습니다. 미니배치 평균을 쓰세요.",
               en="the loss is summed, not averaged over the mini-batch.")),
            (reference(online, target, "mse" if kind == "huber" else "huber"), t(
                ko=f"loss={kind!r}인데 다른 손실 함수를 썼습니다. 'mse'는 F.mse_loss, "
                   "'huber'는 F.smooth_l1_loss입니다.",
                en=f"loss={kind!r} but another loss function was used: 'mse' is F.mse_loss, "
                   "'huber' is F.smooth_l1_loss.")),
        ]
        for target_q, hint in target_candidates(reward, target(next_obs).detach(),
                                                 terminated, gamma):
            candidates.append((reference(online, target, kind, target_fn=lambda _, y=target_q: y),
                               hint))
        for value, hint in candidates:
            if math.isclose(scalar(got), scalar(value), rel_tol=1e-5, abs_tol=1e-6):
                return hint
        return t(ko="값만으로는 어느 부분이 틀렸는지 알 수 없습니다. 하나씩 확인하세요: "
                    "(1) Q(s, a) = q_network(obs).gather(1, action), (2) 타깃 = reward + gamma * "
                    "(1 - terminated) * target_network(next_obs)의 행별 max, (3) loss에 따른 "
                    "F.mse_loss 또는 F.smooth_l1_loss의 평균.",
                 en="the value alone cannot tell which part is wrong; check each: "
                    "(1) Q(s, a) = q_network(obs).gather(1, action), (2) target = reward + gamma "
                    "* (1 - terminated) * the row-wise max of target_network(next_obs), (3) the "
                    "mean F.mse_loss or F.smooth_l1_loss, by loss.")

    def call(online: nn.Module, target: nn.Module, kind: str) -> torch.Tensor:
        """The learner's loss on copies of the batch; a broadcast inside it is a mistake."""
        copies = [x.clone() for x in batch]
        got = without_broadcast(td_loss, online, target, *copies, gamma, loss=kind)
        unchanged_inputs(copies, batch)
        return as_tensor_output(got, "td_loss")

    def value_case(kind: str) -> None:
        online, target = TableQNet(online_table), TableQNet(target_table)
        got = call(online, target, kind)
        if got.numel() != 1 or got.ndim > 1:
            raise Mistake(
                t(ko=f"손실의 모양이 {tuple(got.shape)}입니다. 스칼라(모양 ())여야 합니다.",
                  en=f"the loss has shape {tuple(got.shape)}; it must be a scalar (shape ())."),
                t(ko="F.mse_loss(q_value, target)처럼 평균을 내는 손실 함수를 쓰세요.",
                  en="use a loss that averages, e.g. F.mse_loss(q_value, target)."))
        expected = reference(online, target, kind)
        if not math.isclose(scalar(got), scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise Mistake(
                t(ko=f"loss={kind!r}의 값이 {scalar(got):.5g}입니다. 기대값은 "
                     f"{scalar(expected):.5g}입니다.",
                  en=f"loss={kind!r} gives {scalar(got):.5g}; expected {scalar(expected):.5g}."),
                diagnose(got, online, target, kind))

    report.item(t(ko="MSE 손실 값 (손으로 정한 신경망, 종료 전이 포함)",
                  en="MSE loss value (hand-set networks, one terminal transition)"),
                lambda: value_case("mse"))
    report.item(t(ko="후버 손실(Huber loss) 값 (loss='huber')", en="Huber loss value "
                     "(loss='huber')"),
                lambda: value_case("huber"))

    no_grad_hint = t(ko="TD 타깃은 정답 레이블처럼 고정된 값입니다. with torch.no_grad(): 안에서 "
                        "계산하거나 .detach()하세요.",
                     en="the TD target is a fixed label: compute it inside with torch.no_grad(): "
                        "or .detach() it.")

    def gradients() -> None:
        online, target = TableQNet(online_table), TableQNet(target_table)
        loss = call(online, target, "mse")
        if not loss.requires_grad:
            raise Mistake(
                t(ko="손실에 그래디언트가 없습니다 (requires_grad = False).",
                  en="the loss has no gradient (requires_grad is False)."),
                t(ko="Q(s, a) = q_network(obs)...는 no_grad 밖에서 계산해야 합니다. 타깃만 no_grad "
                     "안에 두세요.",
                  en="compute Q(s, a) = q_network(obs)... outside no_grad; only the target goes "
                     "inside it."))
        loss.backward()
        if any(p.grad is not None for p in target.parameters()):
            raise Mistake(
                t(ko="backward() 뒤 target_network의 파라미터에 .grad가 생겼습니다 — 그래디언트가 "
                     "타깃으로 흘러갔습니다.",
                  en="after backward() the target_network's parameters have a .grad: the "
                     "gradient flowed through the target."), no_grad_hint)
        reference_net = TableQNet(online_table)
        expected = reference(reference_net, TableQNet(target_table), "mse")
        expected.backward()
        if not math.isclose(scalar(loss), scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise Mistake(VALUE_FIRST)
        got_grad, expected_grad = online.linear.weight.grad, reference_net.linear.weight.grad
        if got_grad is None or not torch.allclose(got_grad, expected_grad, atol=1e-5):
            raise Mistake(
                t(ko="q_network의 그래디언트가 기준 구현과 다릅니다.",
                  en="q_network's gradient differs from the reference."),
                t(ko="손실은 Q(s, a)에 대해서만 미분되어야 합니다.",
                  en="the loss must be differentiated through Q(s, a) only."))

    report.item(t(ko="그래디언트는 q_network로만 (target_network의 .grad는 None)",
                  en="gradient reaches q_network only (target_network's .grad stays None)"),
                gradients)

    def same_network() -> None:
        # The 2013 paper has no target network: td_loss(net, net, ...). The gradient must still
        # ignore the target path, or it differs from the reference.
        network, reference_net = TableQNet(online_table), TableQNet(online_table)
        loss = call(network, network, "mse")
        expected = reference(reference_net, reference_net, "mse")
        if not math.isclose(scalar(loss), scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise Mistake(VALUE_FIRST)
        loss.backward()
        expected.backward()
        if not torch.allclose(network.linear.weight.grad, reference_net.linear.weight.grad,
                              atol=1e-5):
            raise Mistake(
                t(ko="같은 신경망을 두 인자로 넘기면 그래디언트가 TD 타깃 쪽으로도 흘러 기준 "
                     "구현과 "
                     "달라집니다.",
                  en="with the same network passed twice, the gradient also flows through the "
                     "TD target and differs from the reference."), no_grad_hint)

    report.item(t(ko="타깃 신경망 없이 (같은 신경망 두 번): 타깃 쪽 그래디언트 없음",
                  en="without a target network (same network twice): no gradient via the "
                     "target"), same_network)

    def unknown_loss() -> None:
        online, target = TableQNet(online_table), TableQNet(target_table)
        try:
            td_loss(online, target, *[x.clone() for x in batch], gamma, loss="hubber")
        except ValueError:
            return
        raise Mistake(
            t(ko="loss='hubber'(오타)인데 오류 없이 손실을 돌려주었습니다. 모르는 이름은 조용히 "
                 "MSE로 넘어가면 안 됩니다.",
              en="loss='hubber' (a typo) returned a loss without an error; an unknown name must "
                 "not silently become MSE."),
            t(ko="맨 앞에서 if loss not in (\"mse\", \"huber\"): raise ValueError(...)로 "
                 "거부하세요.",
              en="refuse it first: if loss not in (\"mse\", \"huber\"): raise ValueError(...)."))

    report.item(t(ko="모르는 loss 이름은 ValueError", en="an unknown loss name is a ValueError"),
                unknown_loss)
    return report.finish()
