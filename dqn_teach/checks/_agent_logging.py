"""Notebook 05, continued: ε decay and ``log_data`` (the ``Epsilon`` entry, and ``TD Loss`` as
the running mean of the losses since the last read, at ``training_step``)."""

from __future__ import annotations

import math
from typing import Any

import torch

from dqn_teach.checks._agent_cases import make_agent, step_experience, tiny_config
from dqn_teach.checks._core import Mistake, scalar, seeded
from dqn_teach.i18n import Bi
from dqn_teach.policy import LinearSchedule


def epsilon_decay(agent_class: type) -> None:
    config = tiny_config(training_freq=1, batch_size=2)
    agent = make_agent(agent_class, config, 1)
    schedule = LinearSchedule(*config.epsilon_linear_decay)
    for step in range(12):
        with seeded(step):
            agent.update(step_experience(step, 1))
        data = _log_data_of(agent)
        epsilon, time_step = data["Epsilon"]
        # The text accepts ε computed from the step count before advancing it.
        allowed = (schedule(step + 1), schedule(step))
        if not any(math.isclose(float(epsilon), value, abs_tol=1e-6) for value in allowed):
            raise Mistake(
                Bi(ko=f"update {step + 1}번 뒤 ε = {float(epsilon):.3f}, 스케줄 값은 "
                      f"{allowed[0]:.3f}입니다 — ε이 스케줄대로 감소하지 않습니다.",
                   en=f"after {step + 1} updates ε = {float(epsilon):.3f} but the schedule "
                      f"gives {allowed[0]:.3f}: ε does not decay on schedule."),
                Bi(ko="update()마다 self.policy.epsilon = "
                      "self.epsilon_schedule(self.global_time_step)으로 바꾸세요 "
                      "(self.epsilon이 아니라 self.policy.epsilon입니다).",
                   en="in every update() set self.policy.epsilon = "
                      "self.epsilon_schedule(self.global_time_step) (self.policy.epsilon, not "
                      "self.epsilon)."))
        if int(time_step) != step + 1:
            raise Mistake(
                Bi(ko=f"'Epsilon'의 스텝이 {time_step}입니다. 지금까지 본 전이 수({step + 1})여야 "
                      "합니다.",
                   en=f"the 'Epsilon' step is {time_step}; it must be the transitions seen, "
                      f"{step + 1}."))


LOG_HINT = Bi(ko="{'Epsilon': (ε, global_time_step), 'TD Loss': (평균 손실, training_step)}을 "
                 "반환하세요. 값과 스텝의 튜플입니다.",
              en="return {'Epsilon': (ε, global_time_step), 'TD Loss': (mean loss, "
                 "training_step)}: each value is a (value, step) tuple.")


def _log_data_of(agent: Any) -> dict[str, Any]:
    data = agent.log_data
    if callable(data):
        raise Mistake(Bi(ko="log_data가 메서드입니다. @property로 만드세요.",
                         en="log_data is a method; make it a @property."),
                      Bi(ko="def log_data(self) 위에 @property를 붙이세요.",
                         en="put @property above def log_data(self)."))
    if not isinstance(data, dict) or "Epsilon" not in data:
        raise Mistake(
            Bi(ko=f"log_data에 'Epsilon'이 없습니다: {sorted(data) if isinstance(data, dict) else data!r}.",
               en=f"log_data has no 'Epsilon': {sorted(data) if isinstance(data, dict) else data!r}."),
            LOG_HINT)
    for tag, entry in data.items():
        if not (isinstance(entry, tuple) and len(entry) == 2):
            raise Mistake(Bi(ko=f"log_data[{tag!r}]가 {entry!r}입니다. (값, 스텝) 튜플이어야 합니다.",
                             en=f"log_data[{tag!r}] is {entry!r}; it must be a (value, step) "
                                "tuple."), LOG_HINT)
    return data


def log_data(agent_class: type) -> None:
    agent = make_agent(agent_class, tiny_config(training_freq=1, batch_size=2), 1)
    losses: list[float] = []
    compute = agent.compute_td_loss

    def recording(*batch: torch.Tensor) -> Any:
        loss = compute(*batch)
        losses.append(scalar(loss))
        return loss

    agent.compute_td_loss = recording  # the learner's train() calls it; we see every loss
    for step in range(12):
        with seeded(step):
            agent.update(step_experience(step, 1))
        if step % 3 != 2:  # read every 3 updates, so each entry averages several losses
            continue
        data = _log_data_of(agent)
        if not losses:
            continue
        _check_td_loss_entry(data, losses, agent.training_step, agent.global_time_step)
        losses.clear()
        if "TD Loss" in _log_data_of(agent):
            raise Mistake(
                Bi(ko="학습 없이 log_data를 다시 읽었는데 'TD Loss'가 또 나옵니다.",
                   en="reading log_data again without training still gives 'TD Loss'."),
                Bi(ko="log_data를 읽으면 손실 평균과 개수를 0으로 되돌리세요 (읽은 구간의 평균만 "
                      "기록합니다).",
                   en="reset the loss mean and count when log_data is read, so each entry is the "
                      "mean since the last read."))


def _check_td_loss_entry(data: dict[str, Any], losses: list[float], training_step: int,
                         global_time_step: int) -> None:
    if "TD Loss" not in data:
        raise Mistake(Bi(ko="학습한 뒤에도 log_data에 'TD Loss'가 없습니다.",
                         en="log_data has no 'TD Loss' after training."),
                      Bi(ko="train()에서 손실의 평균을 모아 두고 log_data에서 반환하세요.",
                         en="keep a running mean of the loss in train() and return it from "
                            "log_data."))
    value, step = data["TD Loss"]
    if isinstance(value, torch.Tensor):
        raise Mistake(Bi(ko="'TD Loss' 값이 torch.Tensor입니다. 숫자(float)여야 합니다.",
                         en="the 'TD Loss' value is a torch.Tensor; it must be a float."),
                      Bi(ko="평균을 낼 때 td_loss.item()을 쓰세요. 텐서를 쌓으면 계산 그래프까지 "
                            "붙잡아 메모리가 샙니다.",
                         en="use td_loss.item() in the running mean: accumulating tensors keeps "
                            "their computation graphs alive."))
    mean = sum(losses) / len(losses)
    if not math.isclose(float(value), mean, rel_tol=1e-4, abs_tol=1e-7):
        if math.isclose(float(value), losses[-1], rel_tol=1e-4):
            hint = Bi(ko="마지막 손실만 기록했습니다. 읽은 뒤 모은 손실들의 평균이어야 합니다: "
                         "avg_loss += (loss - avg_loss) / num_losses.",
                      en="only the last loss is logged; it must be the mean of the losses since "
                         "the last read: avg_loss += (loss - avg_loss) / num_losses.")
        elif math.isclose(float(value), sum(losses), rel_tol=1e-4):
            hint = Bi(ko="손실을 더하기만 했습니다. 개수로 나눈 평균이어야 합니다.",
                      en="the losses are summed, not averaged.")
        else:
            hint = Bi(ko="누적 평균: num_losses += 1; avg_loss += (loss - avg_loss) / num_losses.",
                      en="running mean: num_losses += 1; avg_loss += (loss - avg_loss) / "
                         "num_losses.")
        raise Mistake(
            Bi(ko=f"'TD Loss'가 {float(value):.5g}입니다. 마지막으로 읽은 뒤의 손실 {len(losses)}개 "
                  f"{[round(x, 5) for x in losses]}의 평균({mean:.5g})이어야 합니다.",
               en=f"'TD Loss' is {float(value):.5g}; it must be the mean {mean:.5g} of the "
                  f"{len(losses)} losses since the last read, {[round(x, 5) for x in losses]}."),
            hint)
    if int(step) != training_step:
        extra = (Bi(ko=" (global_time_step을 썼습니다)", en=" (that is global_time_step)")
                 if int(step) == global_time_step else Bi(ko="", en=""))
        raise Mistake(
            Bi(ko=f"'TD Loss'의 스텝이 {step}입니다. 경사 하강 횟수인 training_step의 "
                  f"값({training_step})이어야 합니다.",
               en=f"the 'TD Loss' step is {step}; it must be training_step = {training_step}, "
                  "the number of gradient steps.") + extra, LOG_HINT)
