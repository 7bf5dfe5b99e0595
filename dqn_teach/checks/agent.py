"""Notebook 05: the ``DQN`` agent (``select_action``, ``update``, ``train``, ``compute_td_loss``,
``log_data``).

Every config field the learner's agent must honour is exercised: ``loss`` (MSE and Huber),
``learning_starts``, ``max_grad_norm``, ``epoch``, ``target_update_period``, step counting with
several environments and a ``store_mask``, and the logged TD-loss running mean. The agent's
weights after a few updates are compared with the package's ``DQN`` (and the variants the
notebook's text accepts), and training must really reduce a known TD error.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.checks._agent_cases import (
    ACCEPTED,
    KNOWN_MISTAKES,
    final_weights,
    fixed_batch,
    make_agent,
    matching,
    parameters,
    reference_loss,
    run_updates,
    same,
    step_experience,
    tiny_config,
    training_pattern,
)
from dqn_teach.checks._agent_logging import epsilon_decay, log_data
from dqn_teach.checks._core import (
    CheckResult,
    Mistake,
    Report,
    as_tensor_output,
    entry_point,
    fmt,
    scalar,
    seeded,
    without_broadcast,
)
from dqn_teach.checks._td_common import target_candidates
from dqn_teach.i18n import Bi

NUM_ENVS = 2
GATE_HINT = Bi(ko="update()는 경험을 리플레이 버퍼에 넣고, global_time_step >= learning_starts이고 "
                  "replay_buffer.can_sample일 때만 train()을 호출합니다.",
               en="update() adds the experience to the replay buffer and calls train() only when "
                  "global_time_step >= learning_starts and replay_buffer.can_sample is True.")
SYNC_HINT = Bi(ko="train()에서 training_step % target_update_period == 0일 때만 "
                  "self.target_network.load_state_dict(self.network.state_dict())로 복사하세요.",
               en="in train(), copy only when training_step % target_update_period == 0: "
                  "self.target_network.load_state_dict(self.network.state_dict()).")
STEP_HINT = Bi(ko="train()에서 경사 하강 한 번마다 self.training_step을 1 올리세요.",
               en="increment self.training_step once per gradient step in train().")


def _close_scalar(a: Any, b: Any) -> bool:
    return math.isclose(scalar(a), scalar(b), rel_tol=1e-5, abs_tol=1e-6)


# ============================================================================ select_action
def _select_action(agent_class: type) -> None:
    greedy_agent = make_agent(agent_class, tiny_config(epsilon_linear_decay=(0, 10, 0.0, 0.0)),
                              NUM_ENVS)
    grad_enabled: list[bool] = []
    hook = greedy_agent.network.register_forward_hook(
        lambda *_: grad_enabled.append(torch.is_grad_enabled()))
    obs = step_experience(0, 5).obs
    with seeded(0):
        actions = greedy_agent.select_action(obs)
    hook.remove()
    if isinstance(actions, torch.Tensor):
        raise Mistake(Bi(ko="select_action이 torch.Tensor를 반환했습니다. numpy 배열이어야 합니다.",
                         en="select_action returned a torch.Tensor; it must return a numpy "
                            "array."),
                      Bi(ko="self.policy.sample(q_values).numpy()를 반환하세요.",
                         en="return self.policy.sample(q_values).numpy()."))
    actions = np.asarray(actions)
    if actions.shape != (5, 1) or not np.issubdtype(actions.dtype, np.integer):
        raise Mistake(
            Bi(ko=f"select_action이 모양 {actions.shape}, dtype {actions.dtype}를 반환했습니다. "
                  "(num_envs, 1) 정수 배열이어야 합니다.",
               en=f"select_action returned shape {actions.shape}, dtype {actions.dtype}; "
                  "it must be an integer array of shape (num_envs, 1)."),
            Bi(ko="self.policy.sample(q_values).numpy()를 반환하세요.",
               en="return self.policy.sample(q_values).numpy()."))
    if any(grad_enabled):
        raise Mistake(
            Bi(ko="select_action이 그래디언트 계산을 켠 채로 신경망을 호출했습니다. 행동을 고를 "
                  "때는 미분할 일이 없는데 계산 그래프를 만들어 메모리와 시간을 씁니다.",
               en="select_action calls the network with gradients enabled: choosing an action "
                  "needs no gradient, and the computation graph costs memory and time."),
            Bi(ko="with torch.no_grad(): 안에서 q_values = self.network(...)를 구하세요.",
               en="compute q_values = self.network(...) inside with torch.no_grad():."))
    with torch.no_grad():
        greedy = greedy_agent.network(torch.from_numpy(obs)).argmax(dim=1, keepdim=True)
    if not np.array_equal(actions, greedy.numpy()):
        raise Mistake(
            Bi(ko="ε = 0인데 select_action이 탐욕 행동(argmax Q)을 고르지 않았습니다.",
               en="with ε = 0 select_action did not pick the greedy action (argmax Q)."),
            Bi(ko="Q 값은 self.network(obs)로 구하고 ε-탐욕 정책으로 고르세요.",
               en="compute Q-values with self.network(obs) and choose with the ε-greedy "
                  "policy."))
    random_agent = make_agent(agent_class, tiny_config(epsilon_linear_decay=(0, 10, 1.0, 1.0)),
                              NUM_ENVS)
    with seeded(1):
        actions = np.asarray(random_agent.select_action(np.repeat(obs[:1], 600, axis=0)))
    counts = np.bincount(actions.reshape(-1), minlength=3)
    if counts.min() < 200 - 5 * math.sqrt(600 / 3 * 2 / 3):
        raise Mistake(
            Bi(ko=f"ε = 1인데 행동 빈도가 {counts.tolist()}입니다 (균등해야 합니다).",
               en=f"with ε = 1 the action counts are {counts.tolist()}; they must be uniform."),
            Bi(ko="select_action은 self.policy(ε-탐욕)로 행동을 뽑아야 합니다.",
               en="select_action must sample through self.policy (ε-greedy)."))


# ============================================================================ update()
def _expected_patterns(config: Any, num_updates: int) -> list[list[bool]]:
    """When the package's DQN and each accepted variant train, update by update."""
    return [list(training_pattern(version.agent_class, config, NUM_ENVS, num_updates))
            for version in ACCEPTED]


def _describe_pattern(pattern: list[bool]) -> str:
    return str([number for number, trained in enumerate(pattern, start=1) if trained])


def _training_gate(agent_class: type) -> None:
    config = tiny_config()
    got = run_updates(make_agent(agent_class, config, NUM_ENVS), 12, NUM_ENVS)
    expected = _expected_patterns(config, 12)
    if got in expected:
        return
    first = next(i for i, (a, b) in enumerate(zip(got, expected[0], strict=True)) if a != b)
    raise Mistake(
        Bi(ko=f"update {first + 1}번째 (전이 {(first + 1) * NUM_ENVS}개, batch_size = "
              f"{config.batch_size}, training_freq = {config.training_freq}): 학습해야 하는지 = "
              f"{expected[0][first]}, 실제로 학습했는지 = {got[first]}. 학습한 update: "
              f"{_describe_pattern(got)}, 기대값 {_describe_pattern(expected[0])}.",
           en=f"update #{first + 1} ({(first + 1) * NUM_ENVS} transitions, batch_size = "
              f"{config.batch_size}, training_freq = {config.training_freq}): should train = "
              f"{expected[0][first]}, trained = {got[first]}. Updates that trained: "
              f"{_describe_pattern(got)}, expected {_describe_pattern(expected[0])}."),
        GATE_HINT)


def _learning_starts(agent_class: type) -> None:
    config = tiny_config(learning_starts=8)
    got = run_updates(make_agent(agent_class, config, NUM_ENVS), 10, NUM_ENVS)
    expected = _expected_patterns(config, 10)
    if got in expected:
        return
    ignored = list(training_pattern(ACCEPTED[0].agent_class, tiny_config(), NUM_ENVS, 10))
    problem = Bi(ko=f"learning_starts = 8, num_envs = {NUM_ENVS}에서 학습한 update가 "
                    f"{_describe_pattern(got)}입니다. 기대값은 {_describe_pattern(expected[0])}"
                    "입니다.",
                 en=f"with learning_starts = 8 and num_envs = {NUM_ENVS} the updates that trained "
                    f"are {_describe_pattern(got)}; expected {_describe_pattern(expected[0])}.")
    if got == ignored:
        raise Mistake(problem + Bi(ko=" learning_starts를 무시하고 있습니다.",
                                   en=" learning_starts is ignored."), GATE_HINT)
    raise Mistake(problem, Bi(
        ko="학습은 global_time_step(지금까지 본 전이 수)이 learning_starts 이상일 때부터입니다. "
           "비교에 training_step이나 update 횟수를 쓰지 않았는지도 확인하세요.",
        en="training starts once global_time_step (transitions seen) >= learning_starts; check "
           "that the comparison does not use training_step or the number of update() calls."))


MASKS = [np.array([True, False, True]), None, np.array([False, False, True]),
         np.array([True, True, True])]


def _step_counting(agent_class: type) -> None:
    num_envs = 3
    agent = make_agent(agent_class, tiny_config(batch_size=64, capacity=64), num_envs)
    stored = 0
    for step, mask in enumerate(MASKS):
        with seeded(step):
            if mask is None:
                agent.update(step_experience(step, num_envs))
            else:
                agent.update(step_experience(step, num_envs), mask)
        stored += num_envs if mask is None else int(mask.sum())
        counted, length = agent.global_time_step, len(agent.replay_buffer)
        if counted == stored and length == stored:
            continue
        situation = Bi(ko=f"num_envs = 3에서 store_mask를 차례로 {[_mask_text(m) for m in MASKS[:step + 1]]} 주고 "
                          f"update를 {step + 1}번 한 뒤 global_time_step = {counted}, 버퍼의 len() = "
                          f"{length}입니다. 저장된 행은 {stored}개입니다.",
                       en=f"after {step + 1} updates with num_envs = 3 and store_mask "
                          f"{[_mask_text(m) for m in MASKS[:step + 1]]}, global_time_step = "
                          f"{counted} and the buffer's len() = {length}; {stored} rows were "
                          "stored.")
        everything = num_envs * (step + 1)
        if length == everything and stored != everything:
            hint = Bi(ko="store_mask를 버퍼에 넘기지 않았습니다: "
                         "self.replay_buffer.add(experience, store_mask).",
                      en="store_mask is not passed on to the buffer: "
                         "self.replay_buffer.add(experience, store_mask).")
        elif counted == step + 1:
            hint = Bi(ko="global_time_step을 update마다 1씩 올렸습니다. 환경 전이 수만큼, 즉 "
                         "저장한 행 수만큼 올리세요.",
                      en="global_time_step goes up by 1 per update; it counts environment "
                         "transitions, i.e. the rows stored.")
        else:
            hint = Bi(ko="store_mask가 None이면 num_envs, 아니면 np.count_nonzero(store_mask)만큼 "
                         "global_time_step을 올리세요 (False 행은 전이가 아닙니다).",
                      en="advance global_time_step by num_envs when store_mask is None, else by "
                         "np.count_nonzero(store_mask) (False rows are not transitions).")
        raise Mistake(situation, hint)


def _mask_text(mask: np.ndarray | None) -> str:
    return "None" if mask is None else "".join("T" if m else "F" for m in mask)


# ============================================================================ compute_td_loss
def _loss_candidates(network: nn.Module, batch: list[torch.Tensor], gamma: float,
                     loss: str) -> list[tuple[torch.Tensor, Bi]]:
    """Loss values of known mistakes (no target network: the target comes from ``network``)."""
    obs, action, next_obs, reward, terminated = batch
    loss_fn = F.smooth_l1_loss if loss == "huber" else F.mse_loss
    q_value = network(obs).gather(1, action)
    with torch.no_grad():
        next_q = network(next_obs)
    candidates = [(loss_fn(q_value, y), hint)
                  for y, hint in target_candidates(reward, next_q, terminated, gamma)]
    correct_y = reward + gamma * (1 - terminated) * next_q.max(dim=1, keepdim=True).values
    other = "mse" if loss == "huber" else "huber"
    candidates += [
        (loss_fn(q_value, reward + 0.99 * (1 - terminated) * next_q.max(dim=1, keepdim=True)
                 .values), Bi(ko="γ를 0.99로 고정했습니다. self.config.gamma를 쓰세요.",
                              en="γ is hard-coded as 0.99; use self.config.gamma.")),
        (loss_fn(q_value, correct_y, reduction="sum"),
         Bi(ko="손실을 평균이 아니라 합으로 냈습니다.", en="the loss is summed, not averaged.")),
        ((F.mse_loss if other == "mse" else F.smooth_l1_loss)(q_value, correct_y), Bi(
            ko=f"config.loss = {loss!r}인데 다른 손실 함수를 썼습니다. self.config.loss가 "
               "'huber'이면 F.smooth_l1_loss, 'mse'이면 F.mse_loss입니다.",
            en=f"config.loss is {loss!r} but the other loss function was used: "
               "F.smooth_l1_loss for 'huber', F.mse_loss for 'mse' (read self.config.loss).")),
        (loss_fn(network(obs).max(dim=1, keepdim=True).values, correct_y), Bi(
            ko="Q(s, a) 대신 max_a Q(s, a)를 썼습니다. gather(1, action)으로 고르세요.",
            en="max_a Q(s, a) was used instead of Q(s, a): pick it with gather(1, action).")),
    ]
    return candidates


LOSS_CANDIDATES_HINT = Bi(
    ko="어느 부분이 다른지는 값만으로 알 수 없습니다. 다음을 하나씩 확인하세요: "
       "(1) Q(s, a) = self.network(obs).gather(1, action), "
       "(2) 타깃 = reward + self.config.gamma * (1 - terminated) * max_a' Q(s', a') (no_grad 안에서), "
       "(3) 손실 = self.config.loss에 따라 F.mse_loss 또는 F.smooth_l1_loss (평균).",
    en="the value alone cannot tell which part is wrong; check each: "
       "(1) Q(s, a) = self.network(obs).gather(1, action), "
       "(2) target = reward + self.config.gamma * (1 - terminated) * max_a' Q(s', a') (under "
       "no_grad), (3) loss = F.mse_loss or F.smooth_l1_loss by self.config.loss (the mean).")


def _loss_value(agent_class: type, loss: str) -> None:
    reward_scale = 3.0 if loss == "huber" else 1.0  # errors over 1 reach Huber's linear part
    agent = make_agent(agent_class, tiny_config(loss=loss), NUM_ENVS)
    batch = fixed_batch(6, reward_scale)
    got = as_tensor_output(without_broadcast(agent.compute_td_loss, *[x.clone() for x in batch]),
                           "compute_td_loss")
    network = make_agent(ACCEPTED[0].agent_class, tiny_config(), NUM_ENVS).network
    expected = reference_loss(network, network, batch, 0.9, loss)
    if got.numel() != 1 or not _close_scalar(got, expected):
        shown = fmt(got) if got.numel() != 1 else f"{scalar(got):.5g}"
        hint = next((hint for value, hint in _loss_candidates(network, batch, 0.9, loss)
                     if got.numel() == 1 and _close_scalar(got, value)), LOSS_CANDIDATES_HINT)
        raise Mistake(
            Bi(ko=f"compute_td_loss가 {shown}입니다. 기대값은 {scalar(expected):.5g}입니다 "
                  f"(타깃 신경망 없는 설정, loss = {loss!r}).",
               en=f"compute_td_loss gives {shown}; expected {scalar(expected):.5g} "
                  f"(no target network, loss = {loss!r})."), hint)
    got.backward()
    expected.backward()
    if any(p.grad is None for p in agent.network.parameters()) or not all(
        torch.allclose(g.grad, p.grad, atol=1e-6)
        for g, p in zip(agent.network.parameters(), network.parameters(), strict=True)
    ):
        raise Mistake(
            Bi(ko="손실 값은 맞지만 그래디언트가 기준 구현과 다릅니다 — TD 타깃 쪽으로도 "
                  "그래디언트가 흐릅니다.",
               en="the loss value is right but the gradient differs from the reference: it also "
                  "flows through the TD target."),
            Bi(ko="다음 상태의 Q 값은 with torch.no_grad(): 안에서 계산하세요.",
               en="compute the next-state Q-values inside with torch.no_grad():."))


# ============================================================================ target network
def _target_network(agent_class: type, loss_item_passed: bool) -> None:
    period = 3
    config = tiny_config(target_update_period=period, training_freq=1, batch_size=2)
    agent = make_agent(agent_class, config, 1)
    target = getattr(agent, "target_network", None)
    if not isinstance(target, nn.Module):
        raise Mistake(
            Bi(ko=f"target_update_period = {period}인데 agent.target_network가 없습니다.",
               en=f"target_update_period = {period} but agent.target_network is missing."),
            Bi(ko="__init__에서 copy.deepcopy(network)로 타깃 신경망을 만드세요.",
               en="create it in __init__ with copy.deepcopy(network)."))
    _target_used_without_gradient(agent, target, loss_item_passed)
    _target_synced_every_period(agent, target, period)


def _target_used_without_gradient(agent: Any, target: nn.Module, loss_item_passed: bool) -> None:
    batch = fixed_batch(6)
    with torch.no_grad():
        next(iter(agent.network.parameters())).add_(0.5)  # online ≠ target from here on
    expected = reference_loss(agent.network, target, batch, 0.9)
    got = agent.compute_td_loss(*batch)
    if not _close_scalar(got, expected):
        if _close_scalar(got, reference_loss(agent.network, agent.network, batch, 0.9)):
            raise Mistake(
                Bi(ko="타깃 신경망이 있는데 TD 타깃을 온라인 신경망으로 계산했습니다.",
                   en="there is a target network, but the TD target was computed with the online "
                      "network."),
                Bi(ko="다음 상태의 Q 값은 self.target_network(next_obs)로 구하세요 (없을 때만 "
                      "self.network).",
                   en="compute next-state Q-values with self.target_network(next_obs) (with "
                      "self.network only when there is none)."))
        raise Mistake(
            Bi(ko=f"타깃 신경망이 있을 때 compute_td_loss가 {scalar(got):.5g}입니다. 기대값은 "
                  f"{scalar(expected):.5g}입니다.",
               en=f"with a target network compute_td_loss gives {scalar(got):.5g}; expected "
                  f"{scalar(expected):.5g}."),
            LOSS_CANDIDATES_HINT if loss_item_passed else Bi(
                ko="위의 손실 값 항목과 같은 원인일 가능성이 큽니다. 그것부터 고치세요.",
                en="most likely the same cause as the loss value item above; fix that first."))
    got.backward()
    if any(p.grad is not None for p in target.parameters()):
        raise Mistake(
            Bi(ko="target_network 파라미터에 .grad가 생겼습니다.",
               en="the target_network's parameters got a .grad."),
            Bi(ko="타깃 계산을 torch.no_grad() 안에 두세요.",
               en="compute the target inside torch.no_grad()."))
    agent.optimizer.zero_grad()


def _target_synced_every_period(agent: Any, target: nn.Module, period: int) -> None:
    initial = parameters(target)
    for step in range(8):
        with seeded(step):
            agent.update(step_experience(step, 1))
        if agent.target_network is agent.network or (
                agent.target_network is not target and _shares_parameters(agent)):
            raise Mistake(
                Bi(ko="self.target_network = self.network로 두 이름이 같은 신경망을 가리킵니다. "
                      "그러면 타깃이 온라인 신경망과 함께 매 스텝 바뀝니다.",
                   en="self.target_network = self.network makes both names point to the same "
                      "network, so the target changes with every step."),
                Bi(ko="가중치를 복사하세요: "
                      "self.target_network.load_state_dict(self.network.state_dict()).",
                   en="copy the weights: "
                      "self.target_network.load_state_dict(self.network.state_dict())."))
        trained_steps = getattr(agent, "training_step", None)
        if not isinstance(trained_steps, int):
            raise Mistake(
                Bi(ko="agent.training_step(경사 하강 횟수)이 없습니다.",
                   en="agent.training_step (the number of gradient steps) is missing."),
                STEP_HINT)
        if trained_steps < period and not same(initial, parameters(target)):
            raise Mistake(
                Bi(ko=f"경사 하강 {trained_steps}번 만에 타깃 신경망이 바뀌었습니다 "
                      f"(target_update_period = {period}).",
                   en=f"the target network changed after {trained_steps} gradient steps "
                      f"(target_update_period = {period})."), SYNC_HINT)
        if trained_steps >= period:
            if trained_steps == period and not same(parameters(agent.network),
                                                    parameters(agent.target_network)):
                raise Mistake(
                    Bi(ko=f"경사 하강 {period}번 뒤에도 타깃 신경망이 온라인 신경망의 복사본이 "
                          "아닙니다 — 타깃 신경망을 갱신하지 않습니다.",
                       en=f"after {period} gradient steps the target network is still not a "
                          "copy of the online network: it is never synced."), SYNC_HINT)
            return
    raise Mistake(
        Bi(ko=f"update 8번 뒤에도 training_step이 {agent.training_step}입니다.",
           en=f"after 8 updates training_step is only {agent.training_step}."), STEP_HINT)


def _shares_parameters(agent: Any) -> bool:
    online = {id(p) for p in agent.network.parameters()}
    return any(id(p) in online for p in agent.target_network.parameters())


# ============================================================================ whole agent
WHOLE_CONFIGS = (
    ("epoch = 3, target_update_period = 4", dict(epoch=3, target_update_period=4)),
    ("loss = 'huber', max_grad_norm = 0.05", dict(loss="huber", max_grad_norm=0.05)),
)


def _same_weights_as_package(agent_class: type) -> None:
    for label, changes in WHOLE_CONFIGS:
        config = tiny_config(**changes)
        agent = make_agent(agent_class, config, NUM_ENVS)
        run_updates(agent, 10, NUM_ENVS)
        weights = parameters(agent.network)
        if matching(ACCEPTED, weights, config, NUM_ENVS, 10) is not None:
            continue
        expected = final_weights(ACCEPTED[0].agent_class, config, NUM_ENVS, 10)
        gap = max(float((a - b).abs().max()) for a, b in zip(weights, expected, strict=True))
        problem = Bi(ko=f"설정({label})으로 update 10번 뒤 가중치가 dqn_teach.agent.DQN과 다릅니다 "
                        f"(가장 큰 차이 {gap:.3g}).",
                     en=f"with {label}, the weights after 10 updates differ from "
                        f"dqn_teach.agent.DQN's (largest difference {gap:.3g}).")
        mistake = matching(KNOWN_MISTAKES, weights, config, NUM_ENVS, 10)
        raise Mistake(problem, mistake.what if mistake is not None else Bi(
            ko="값만으로는 어느 부분인지 알 수 없습니다. 후보: epoch번 반복, "
               "zero_grad → backward → (max_grad_norm이면 clip_grad_norm_) → step 순서, "
               "config.loss에 따른 손실 함수, 타깃 복사 주기. 위의 ❌ 항목이 있다면 그것부터 "
               "고치세요.",
            en="the weights alone cannot tell which part; candidates: config.epoch steps per "
               "train(), the order zero_grad → backward → (clip_grad_norm_ when max_grad_norm) "
               "→ step, the loss function by config.loss, the target copy period. Fix any ❌ "
               "item above first."))


def _reduces_td_error(agent_class: type) -> None:
    config = tiny_config(training_freq=1, batch_size=8, capacity=8, target_update_period=10_000)
    agent = make_agent(agent_class, config, 1)
    batch = fixed_batch(8)
    frozen = copy.deepcopy(agent.network)

    def td_error() -> float:
        with torch.no_grad():
            return float(reference_loss(agent.network, frozen, batch, config.gamma))

    before = td_error()
    rows = step_experience(0, 8)
    with seeded(0):
        for step in range(48):  # the same 8 transitions, over and over
            agent.update(_row(rows, step % 8))
    after = td_error()
    if after > 0.2 * before:
        raise Mistake(
            Bi(ko="같은 전이 8개로 48번 update했는데 고정된 타깃에 대한 TD 오차(MSE)가 거의 줄지 "
                  f"않았습니다: 처음 {before:.3g}, 마지막 {after:.3g} (패키지의 DQN은 5분의 1 "
                  "아래로 줄입니다).",
               en=f"after 48 updates on the same 8 transitions the TD error (MSE, fixed target) "
                  f"went from {before:.3g} to {after:.3g}; the package's DQN brings it below a "
                  "fifth."),
            Bi(ko="학습이 손실을 줄이지 못합니다. 후보: optimizer.zero_grad()를 빠뜨림(그래디언트 "
                  "누적), loss.backward()나 optimizer.step()을 빠뜨림, 옵티마이저가 "
                  "self.network가 아닌 다른 파라미터를 가짐.",
               en="training does not reduce the loss. Candidates: a missing "
                  "optimizer.zero_grad() (gradients pile up), a missing loss.backward() or "
                  "optimizer.step(), an optimizer over parameters other than self.network's."))


def _row(experience: Any, index: int) -> Any:
    """Row ``index`` of an Experience, as a one-environment Experience."""
    return type(experience)(*(field[index:index + 1] for field in experience))


# ============================================================================ the check
@entry_point
def check_dqn_update(DQN: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 05: a ``DQN`` class with ``dqn_teach.agent.DQN``'s constructor
    ``DQN(config, network, optimizer=None, num_envs=1)`` and ``select_action``, ``update``,
    ``train``, ``compute_td_loss`` and ``log_data``."""
    report = Report(lang, Bi(ko="DQN 에이전트 검사", en="DQN agent check"))
    report.item(Bi(ko="select_action: 모양 (num_envs, 1) numpy, no_grad, ε = 0이면 탐욕, "
                      "ε = 1이면 균등",
                   en="select_action: (num_envs, 1) numpy, no_grad, greedy at ε = 0, uniform "
                      "at ε = 1"), lambda: _select_action(DQN))
    report.item(Bi(ko="update(): can_sample일 때만 학습", en="update(): trains only when "
                   "can_sample"), lambda: _training_gate(DQN), error_hint=GATE_HINT)
    report.item(Bi(ko="update(): learning_starts 전에는 학습하지 않음",
                   en="update(): no training before learning_starts"),
                lambda: _learning_starts(DQN), error_hint=GATE_HINT)
    report.item(Bi(ko="환경 여러 개와 store_mask: 저장한 행만 세기",
                   en="several environments and store_mask: count only the rows stored"),
                lambda: _step_counting(DQN))
    mse_passed = report.item(
        Bi(ko="compute_td_loss: 고정된 배치의 MSE 손실 값과 그래디언트",
           en="compute_td_loss: MSE loss value and gradient on a fixed batch"),
        lambda: _loss_value(DQN, "mse"))
    report.item(Bi(ko="compute_td_loss: loss = 'huber'", en="compute_td_loss: loss = 'huber'"),
                lambda: _loss_value(DQN, "huber"))
    report.item(Bi(ko="타깃 신경망: 그래디언트 없음, target_update_period마다 복사",
                   en="target network: no gradient, copied every target_update_period"),
                lambda: _target_network(DQN, mse_passed))
    report.item(Bi(ko="ε 감소와 log_data의 'Epsilon'", en="ε decay and log_data's 'Epsilon'"),
                lambda: epsilon_decay(DQN))
    report.item(Bi(ko="log_data의 'TD Loss': 읽은 뒤의 손실 평균, 스텝은 training_step",
                   en="log_data's 'TD Loss': mean loss since the last read, at training_step"),
                lambda: log_data(DQN))
    report.item(Bi(ko="update 10번 뒤 가중치가 패키지와 같음 (epoch, max_grad_norm, huber, "
                      "타깃 주기)",
                   en="weights after 10 updates match the package (epoch, max_grad_norm, huber, "
                      "target period)"), lambda: _same_weights_as_package(DQN))
    report.item(Bi(ko="학습이 알려진 TD 오차를 실제로 줄임", en="training really reduces a known "
                   "TD error"), lambda: _reduces_td_error(DQN))
    return report.finish()


__all__ = ["check_dqn_update"]
