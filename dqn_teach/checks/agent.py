"""Notebook 05: the ``DQN`` agent (``select_action``, ``update``, ``train``, ``compute_td_loss``,
``log_data``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

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
from dqn_teach.config import DQNConfig
from dqn_teach.experience import Experience as PackageExperience
from dqn_teach.i18n import Bi
from dqn_teach.networks import MLPQNet
from dqn_teach.policy import LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer as PackageReplayBuffer


def _tiny_config(**changes: Any) -> DQNConfig:
    settings: dict[str, Any] = dict(
        training_freq=2, batch_size=4, capacity=64, epoch=1,
        epsilon_linear_decay=(0, 10, 1.0, 0.1), gamma=0.9, learning_rate=0.01,
        hidden_sizes=(8,), seed=0,
    )
    settings.update(changes)
    return DQNConfig(**settings)


def _tiny_network(seed: int = 0) -> nn.Module:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MLPQNet(2, 3, (8,))


def _step_experience(step: int, num_envs: int) -> PackageExperience:
    """A deterministic transition per env: 2-d observations, 3 actions, a terminal every 5th."""
    ids = np.arange(step * num_envs, (step + 1) * num_envs)
    obs = np.stack([np.sin(ids), np.cos(ids)], axis=1).astype(np.float32)
    return PackageExperience(
        obs=obs,
        action=(ids % 3).reshape(-1, 1).astype(np.int64),
        next_obs=np.stack([np.sin(ids + 1), np.cos(ids + 1)], axis=1).astype(np.float32),
        reward=(np.cos(ids) > 0).reshape(-1, 1).astype(np.float32),
        terminated=(ids % 5 == 4).reshape(-1, 1).astype(np.float32),
    )


def _parameters(network: nn.Module) -> list[torch.Tensor]:
    return [p.detach().clone() for p in network.parameters()]


def _same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


@entry_point
def check_dqn_update(DQN: type, lang: str = "en") -> CheckResult:  # noqa: N803
    """Check notebook 05: a ``DQN`` class with ``dqn_teach.agent.DQN``'s constructor
    ``DQN(config, network, optimizer=None, num_envs=1)`` and ``select_action``, ``update``,
    ``train``, ``compute_td_loss`` and ``log_data``."""
    report = Report(lang, Bi(ko="DQN 에이전트 검사", en="DQN agent check"))
    t = report.t
    num_envs = 2

    def make(config: Any, envs: int = num_envs) -> Any:
        network = _tiny_network()
        optimizer = torch.optim.Adam(network.parameters(), lr=config.learning_rate)
        return DQN(config, network, optimizer, num_envs=envs)

    def select() -> None:
        greedy_agent = make(_tiny_config(epsilon_linear_decay=(0, 10, 0.0, 0.0)))
        obs = _step_experience(0, 5).obs
        with seeded(0):
            actions = greedy_agent.select_action(obs)
        actions = np.asarray(actions.cpu() if isinstance(actions, torch.Tensor) else actions)
        if actions.shape != (5, 1) or not np.issubdtype(actions.dtype, np.integer):
            raise Mistake(
                t(ko=f"select_action이 모양 {actions.shape}, dtype {actions.dtype}를 반환했습니다. "
                     "(num_envs, 1) 정수 배열이어야 합니다.",
                  en=f"select_action returned shape {actions.shape}, dtype {actions.dtype}; "
                     "it must be an integer array of shape (num_envs, 1)."),
                t(ko="self.policy.sample(q_values).numpy()를 반환하세요.",
                  en="return self.policy.sample(q_values).numpy()."))
        with torch.no_grad():
            greedy = greedy_agent.network(torch.from_numpy(obs)).argmax(dim=1, keepdim=True)
        if not np.array_equal(actions, greedy.numpy()):
            raise Mistake(
                t(ko="ε = 0인데 select_action이 탐욕 행동(argmax Q)을 고르지 않았습니다.",
                  en="with ε = 0 select_action did not pick the greedy action (argmax Q)."),
                t(ko="Q 값은 self.network(obs)로 구하고 ε-탐욕 정책으로 고르세요.",
                  en="compute Q-values with self.network(obs) and choose with the ε-greedy "
                     "policy."))
        random_agent = make(_tiny_config(epsilon_linear_decay=(0, 10, 1.0, 1.0)))
        many = np.repeat(obs[:1], 600, axis=0)
        with seeded(1):
            actions = np.asarray(random_agent.select_action(many)).reshape(-1)
        counts = np.bincount(actions, minlength=3)
        if counts.min() < 200 - 5 * math.sqrt(600 / 3 * 2 / 3):
            raise Mistake(
                t(ko=f"ε = 1인데 행동 빈도가 {counts.tolist()}입니다 (균등해야 합니다).",
                  en=f"with ε = 1 the action counts are {counts.tolist()}; they must be "
                     "uniform."),
                t(ko="select_action은 self.policy(ε-탐욕)로 행동을 뽑아야 합니다.",
                  en="select_action must sample through self.policy (ε-greedy)."))

    report.item(t(ko="select_action: 모양 (num_envs, 1), ε = 0이면 탐욕, ε = 1이면 균등",
                  en="select_action: shape (num_envs, 1), greedy at ε = 0, uniform at ε = 1"),
                select)

    gate_hint = t(ko="update()는 경험을 리플레이 버퍼에 넣고, replay_buffer.can_sample일 때만 "
                     "train()을 호출합니다.",
                  en="update() adds the experience to the replay buffer and calls train() "
                     "only when replay_buffer.can_sample is True.")

    def training_gate() -> None:
        config = _tiny_config()
        agent = make(config)
        mirror = PackageReplayBuffer(config.training_freq, config.batch_size, config.capacity,
                                     num_envs, seed=0)
        for step in range(12):
            experience = _step_experience(step, num_envs)
            mirror.add(experience)
            should_train = mirror.can_sample
            if should_train:
                mirror.sample()
            before = _parameters(agent.network)
            with seeded(step):
                agent.update(experience)
            trained = not _same(before, _parameters(agent.network))
            if trained != should_train:
                done = (step + 1) * num_envs
                raise Mistake(
                    t(ko=f"update {step + 1}번째 (전이 {done}개, batch_size = {config.batch_size}, "
                         f"training_freq = {config.training_freq}): 학습해야 하는지 = "
                         f"{should_train}, 실제로 학습했는지 = {trained}.",
                      en=f"update #{step + 1} ({done} transitions, batch_size = "
                         f"{config.batch_size}, training_freq = {config.training_freq}): "
                         f"should train = {should_train}, trained = {trained}."),
                    gate_hint)

    report.item(t(ko="update(): can_sample일 때만 학습",
                  en="update(): trains only when can_sample"), training_gate,
                error_hint=gate_hint)

    def loss_value() -> None:
        agent = make(_tiny_config())
        batch = [torch.from_numpy(np.asarray(x)) for x in _step_experience(0, 6)]
        loss = as_tensor_output(without_broadcast(agent.compute_td_loss, *batch),
                                 "compute_td_loss")
        network = _tiny_network()
        expected = _reference_loss(network, network, batch, 0.9)
        if loss.numel() != 1 or not math.isclose(scalar(loss), scalar(expected), rel_tol=1e-5,
                                                  abs_tol=1e-6):
            raise Mistake(
                t(ko=f"compute_td_loss가 {fmt(loss)}입니다. 기대값은 {float(expected):.5g}입니다 "
                     "(타깃 신경망 없는 설정, MSE).",
                  en=f"compute_td_loss gives {fmt(loss)}; expected {float(expected):.5g} "
                     "(no target network, MSE)."),
                t(ko="Q(s, a) = network(obs).gather(1, action), 타깃 = r + γ (1 − terminated) "
                     "max Q(s′, ·) (no_grad), 손실 = 평균제곱오차.",
                  en="Q(s, a) = network(obs).gather(1, action), target = r + γ (1 − terminated) "
                     "max Q(s′, ·) (no_grad), loss = mean squared error."))
        loss.backward()
        reference_net = _tiny_network()
        _reference_loss(reference_net, reference_net, batch, 0.9).backward()
        got = [p.grad for p in agent.network.parameters()]
        if any(g is None for g in got) or not all(
            torch.allclose(g, p.grad, atol=1e-6)
            for g, p in zip(got, reference_net.parameters(), strict=True)
        ):
            raise Mistake(
                t(ko="그래디언트가 기준 구현과 다릅니다 — TD 타깃 쪽으로도 그래디언트가 흐릅니다.",
                  en="the gradient differs from the reference: it also flows through the TD "
                     "target."),
                t(ko="다음 상태의 Q 값은 with torch.no_grad(): 안에서 계산하세요.",
                  en="compute the next-state Q-values inside with torch.no_grad():."))

    report.item(t(ko="compute_td_loss: 고정된 배치의 손실 값과 그래디언트",
                  en="compute_td_loss: loss value and gradient on a fixed batch"), loss_value)

    def target_network() -> None:
        period = 3
        config = _tiny_config(target_update_period=period, training_freq=1, batch_size=2)
        agent = make(config, envs=1)
        target = getattr(agent, "target_network", None)
        if not isinstance(target, nn.Module):
            raise Mistake(
                t(ko=f"target_update_period = {period}인데 agent.target_network가 없습니다.",
                  en=f"target_update_period = {period} but agent.target_network is missing."),
                t(ko="__init__에서 copy.deepcopy(network)로 타깃 신경망을 만드세요.",
                  en="create it in __init__ with copy.deepcopy(network)."))
        initial = _parameters(target)
        batch = [torch.from_numpy(np.asarray(x)) for x in _step_experience(0, 6)]
        with torch.no_grad():
            next(iter(agent.network.parameters())).add_(0.5)  # online ≠ target from here on
        expected = _reference_loss(agent.network, target, batch, 0.9)
        got = agent.compute_td_loss(*batch)
        if not math.isclose(scalar(got), scalar(expected), rel_tol=1e-5, abs_tol=1e-6):
            raise Mistake(
                t(ko="타깃 신경망이 있는데 TD 타깃을 온라인 신경망으로 계산했습니다.",
                  en="there is a target network, but the TD target was computed with the online "
                     "network."),
                t(ko="다음 상태의 Q 값은 self.target_network(next_obs)로 구하세요.",
                  en="compute next-state Q-values with self.target_network(next_obs)."))
        got.backward()
        if any(p.grad is not None for p in target.parameters()):
            raise Mistake(
                t(ko="target_network 파라미터에 .grad가 생겼습니다.",
                  en="the target_network's parameters got a .grad."),
                t(ko="타깃 계산을 torch.no_grad() 안에 두세요.",
                  en="compute the target inside torch.no_grad()."))
        agent.optimizer.zero_grad()
        sync_hint = t(ko="train()에서 training_step % target_update_period == 0일 때만 "
                         "self.target_network.load_state_dict(self.network.state_dict())로 "
                         "복사하세요.",
                      en="in train(), copy only when training_step % target_update_period == 0: "
                         "self.target_network.load_state_dict(self.network.state_dict()).")
        for step in range(8):
            with seeded(step):
                agent.update(_step_experience(step, 1))
            trained_steps = getattr(agent, "training_step", None)
            if not isinstance(trained_steps, int):
                raise Mistake(
                    t(ko="agent.training_step(경사 하강 횟수)이 없습니다.",
                      en="agent.training_step (the number of gradient steps) is missing."),
                    t(ko="train()에서 경사 하강 한 번마다 self.training_step을 1 올리세요.",
                      en="increment self.training_step once per gradient step in train()."))
            if trained_steps < period and not _same(initial, _parameters(target)):
                raise Mistake(
                    t(ko=f"경사 하강 {trained_steps}번 만에 타깃 신경망이 바뀌었습니다 "
                         f"(target_update_period = {period}).",
                      en=f"the target network changed after {trained_steps} gradient steps "
                         f"(target_update_period = {period})."), sync_hint)
            if trained_steps >= period:
                if trained_steps == period and not _same(_parameters(agent.network),
                                                         _parameters(target)):
                    raise Mistake(
                        t(ko=f"경사 하강 {period}번 뒤에도 타깃 신경망이 온라인 신경망의 복사본이 "
                             "아닙니다 — 타깃 신경망을 갱신하지 않습니다.",
                          en=f"after {period} gradient steps the target network is still not a "
                             "copy of the online network: it is never synced."), sync_hint)
                return
        raise Mistake(
            t(ko=f"update 8번 뒤에도 training_step이 {agent.training_step}입니다.",
              en=f"after 8 updates training_step is only {agent.training_step}."),
            t(ko="train()에서 경사 하강 한 번마다 self.training_step을 1 올리세요.",
              en="increment self.training_step once per gradient step in train()."))

    report.item(t(ko="타깃 신경망: 그래디언트 없음, target_update_period마다 복사",
                  en="target network: no gradient, copied every target_update_period"),
                target_network)

    def epsilon_and_log() -> None:
        config = _tiny_config(training_freq=1, batch_size=2)
        agent = make(config, envs=1)
        schedule = LinearSchedule(*config.epsilon_linear_decay)
        for step in range(12):
            with seeded(step):
                agent.update(_step_experience(step, 1))
            data = agent.log_data
            if "Epsilon" not in data:
                raise Mistake(
                    t(ko=f"log_data에 'Epsilon'이 없습니다: {sorted(data)}.",
                      en=f"log_data has no 'Epsilon': {sorted(data)}."),
                    t(ko="{'Epsilon': (ε, global_time_step), "
                         "'TD Loss': (평균 손실, training_step)}을 반환하세요.",
                      en="return {'Epsilon': (ε, global_time_step), 'TD Loss': (mean loss, "
                         "training_step)}."))
            epsilon, time_step = data["Epsilon"]
            expected = schedule(step + 1)
            if not math.isclose(float(epsilon), expected, abs_tol=1e-6):
                raise Mistake(
                    t(ko=f"update {step + 1}번 뒤 ε = {float(epsilon):.3f}, 스케줄 값은 "
                         f"{expected:.3f}입니다 — ε이 스케줄대로 감소하지 않습니다.",
                      en=f"after {step + 1} updates ε = {float(epsilon):.3f} but the schedule "
                         f"gives {expected:.3f}: ε does not decay on schedule."),
                    t(ko="update()마다 self.policy.epsilon = schedule(global_time_step)으로 "
                         "바꾸세요.",
                      en="in every update() set self.policy.epsilon = "
                         "schedule(global_time_step)."))
            if int(time_step) != step + 1:
                raise Mistake(
                    t(ko=f"'Epsilon'의 스텝이 {time_step}입니다. 지금까지의 전이 수 "
                         f"{step + 1}이어야 "
                         "합니다.",
                      en=f"the 'Epsilon' step is {time_step}; it must be the transitions seen, "
                         f"{step + 1}."))
            if step >= 1 and "TD Loss" not in data:
                raise Mistake(
                    t(ko="학습한 뒤에도 log_data에 'TD Loss'가 없습니다.",
                      en="log_data has no 'TD Loss' after training."),
                    t(ko="train()에서 손실의 평균을 모아 두고 log_data에서 반환하세요.",
                      en="keep a running mean of the loss in train() and return it from "
                         "log_data."))
        again = agent.log_data
        if "TD Loss" in again:
            raise Mistake(
                t(ko="학습 없이 log_data를 다시 읽었는데 'TD Loss'가 또 나옵니다.",
                  en="reading log_data again without training still gives 'TD Loss'."),
                t(ko="log_data를 읽으면 손실 평균과 개수를 0으로 되돌리세요 (읽은 구간의 평균만 "
                     "기록합니다).",
                  en="reset the loss mean and count when log_data is read, so each entry is the "
                     "mean since the last read."))

    report.item(t(ko="ε 감소와 log_data ('Epsilon', 'TD Loss')",
                  en="ε decay and log_data ('Epsilon', 'TD Loss')"), epsilon_and_log)
    return report.finish()


def _reference_loss(network: nn.Module, target: nn.Module, batch: list[torch.Tensor],
                    gamma: float) -> torch.Tensor:
    obs, action, next_obs, reward, terminated = batch
    q_value = network(obs).gather(1, action)
    with torch.no_grad():
        y = reward + gamma * (1 - terminated) * target(next_obs).max(dim=1, keepdim=True).values
    return F.mse_loss(q_value, y)
