"""Notebook 05 mistakes: the DQN agent. Each mutant changes one method of the package's DQN."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.agent import DQN
from tests.mutants import mutant


def _train(agent, *, zero_grad=True, clip="before", epochs=None, record=None):
    """The package's train() with one step changed; ``record(td_loss)`` replaces the running
    mean update when given."""
    for _ in range(agent.config.epoch if epochs is None else epochs):
        td_loss = agent.compute_td_loss(*agent.replay_buffer.sample())
        if zero_grad:
            agent.optimizer.zero_grad()
        td_loss.backward()
        if clip == "before" and agent.config.max_grad_norm is not None:
            nn.utils.clip_grad_norm_(agent.network.parameters(), agent.config.max_grad_norm)
        agent.optimizer.step()
        if clip == "after" and agent.config.max_grad_norm is not None:
            nn.utils.clip_grad_norm_(agent.network.parameters(), agent.config.max_grad_norm)
        agent.training_step += 1
        period = agent.config.target_update_period
        if period is not None and agent.training_step % period == 0:
            agent.sync_target_network()
        if record is None:
            agent.num_losses += 1
            agent.avg_loss += (td_loss.item() - agent.avg_loss) / agent.num_losses
        else:
            record(td_loss)


def _update(agent, experience, store_mask, *, count=None, pass_mask=True, gate=None):
    """The package's update() with one step changed."""
    stored = agent.num_envs if store_mask is None else int(np.count_nonzero(store_mask))
    agent.global_time_step += stored if count is None else count
    agent.replay_buffer.add(experience, store_mask if pass_mask else None)
    agent.policy.epsilon = agent.epsilon_schedule(agent.global_time_step)
    allowed = (agent.global_time_step >= agent.config.learning_starts
               and agent.replay_buffer.can_sample) if gate is None else gate()
    if allowed:
        agent.train()


@mutant("check_dqn_update", en="only when replay_buffer.can_sample", ko="can_sample일 때만")
class TrainsEveryStep(DQN):
    """Calls train() after every update, without asking the replay buffer."""

    def update(self, experience, store_mask=None):
        self.global_time_step += self.num_envs
        self.replay_buffer.add(experience)
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
        self.train()


@mutant("check_dqn_update", en="does not decay", ko="감소하지 않습니다")
class EpsilonNeverDecayed(DQN):
    """Never updates policy.epsilon, so ε stays at its start value."""

    def update(self, experience, store_mask=None):
        self.global_time_step += self.num_envs
        self.replay_buffer.add(experience)
        if self.replay_buffer.can_sample:
            self.train()


@mutant("check_dqn_update", en="flows through the TD target", ko="TD 타깃 쪽으로도")
class GradientThroughTarget(DQN):
    """Computes the TD target with gradient (no torch.no_grad())."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        target_network = self.target_network or self.network
        next_max = target_network(next_obs).max(dim=1, keepdim=True).values
        target = reward + (1 - terminated) * self.config.gamma * next_max
        return F.mse_loss(q_value, target)


@mutant("check_dqn_update", en="never synced", ko="갱신하지 않습니다")
class TargetNeverSynced(DQN):
    """Creates the target network but never copies the online weights into it."""

    def sync_target_network(self):
        pass


@mutant("check_dqn_update", en="since the last read", ko="0으로 되돌리세요")
class LogDataNeverResets(DQN):
    """log_data reports the loss average but never resets it."""

    @property
    def log_data(self):
        data = {"Epsilon": (self.policy.epsilon, self.global_time_step)}
        if self.num_losses > 0:
            data["TD Loss"] = (self.avg_loss, self.training_step)
        return data


@mutant("check_dqn_update", en="sample through self.policy", ko="self.policy(ε-탐욕)로")
class AlwaysGreedy(DQN):
    """select_action takes the argmax and never explores."""

    def select_action(self, obs):
        with torch.no_grad():
            return self.network(torch.as_tensor(obs)).argmax(dim=1, keepdim=True).numpy()


@mutant("check_dqn_update", en="so it broadcast", ko="브로드캐스트(broadcast)된")
class TargetWithoutKeepdim(DQN):
    """Drops keepdim in the next-state max, so F.mse_loss compares (B, 1) with (B, B)."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        with torch.no_grad():
            next_max = (self.target_network or self.network)(next_obs).max(dim=1).values
            target = reward + (1 - terminated) * self.config.gamma * next_max  # (B, B)
        return F.mse_loss(q_value, target)


@mutant("check_dqn_update", en="zero_grad() is never called", ko="zero_grad()를 부르지 않아")
class NoZeroGrad(DQN):
    """Forgets optimizer.zero_grad(): gradients pile up and the agent barely learns."""

    def train(self):
        _train(self, zero_grad=False)


@mutant("check_dqn_update", en="not clipped before step()", ko="step() 전에 자르지")
class IgnoresMaxGradNorm(DQN):
    """Never clips the gradient, whatever config.max_grad_norm says."""

    def train(self):
        _train(self, clip="never")


@mutant("check_dqn_update", en="one after step(), where it has no effect",
        ko="step() 뒤에 불러 효과가 없습니다")
class ClipsAfterStep(DQN):
    """Clips the gradient after optimizer.step(), when it no longer matters."""

    def train(self):
        _train(self, clip="after")


@mutant("check_dqn_update", en="whatever config.epoch says", ko="한 번만")
class IgnoresEpoch(DQN):
    """Takes one gradient step per train() call instead of config.epoch."""

    def train(self):
        _train(self, epochs=1)


@mutant("check_dqn_update", en="the other loss function", ko="다른 손실 함수")
class AlwaysMSE(DQN):
    """Ignores config.loss: always F.mse_loss, also when loss='huber'."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        return F.mse_loss(q_value, self.compute_td_target(next_obs, reward, terminated))


@mutant("check_dqn_update", en="learning_starts is ignored", ko="learning_starts를 무시")
class IgnoresLearningStarts(DQN):
    """Trains as soon as the buffer can sample, before learning_starts."""

    def update(self, experience, store_mask=None):
        _update(self, experience, store_mask, gate=lambda: self.replay_buffer.can_sample)


@mutant("check_dqn_update", en="goes up by 1 per update", ko="1씩 올렸습니다")
class CountsUpdatesNotTransitions(DQN):
    """global_time_step += 1 per update, although num_envs transitions arrive."""

    def update(self, experience, store_mask=None):
        _update(self, experience, store_mask, count=1)


@mutant("check_dqn_update", en="np.count_nonzero(store_mask)", ko="np.count_nonzero(store_mask)")
class CountsMaskedRows(DQN):
    """Counts every row, also those store_mask leaves out."""

    def update(self, experience, store_mask=None):
        _update(self, experience, store_mask, count=self.num_envs)


@mutant("check_dqn_update", en="not passed on to the buffer", ko="버퍼에 넘기지 않았습니다")
class StoreMaskNotPassed(DQN):
    """Counts the stored rows but does not pass store_mask on to replay_buffer.add."""

    def update(self, experience, store_mask=None):
        _update(self, experience, store_mask, pass_mask=False)


@mutant("check_dqn_update", en="(self.policy.epsilon, not self.epsilon)",
        ko="(self.epsilon이 아니라 self.policy.epsilon입니다)")
class SetsSelfEpsilon(DQN):
    """Writes the new ε to self.epsilon, which the policy never reads."""

    def update(self, experience, store_mask=None):
        self.global_time_step += self.num_envs
        self.replay_buffer.add(experience, store_mask)
        self.epsilon = self.epsilon_schedule(self.global_time_step)
        if self.replay_buffer.can_sample:
            self.train()


@mutant("check_dqn_update", en="without parentheses", ko="괄호 없이")
class CallsCanSample(DQN):
    """Calls the can_sample property like a method: replay_buffer.can_sample()."""

    def update(self, experience, store_mask=None):
        _update(self, experience, store_mask, gate=lambda: self.replay_buffer.can_sample())


@mutant("check_dqn_update", en="gradients enabled", ko="그래디언트 계산을 켠")
class SelectActionWithGradient(DQN):
    """select_action builds a computation graph (no torch.no_grad())."""

    def select_action(self, obs):
        q_values = self.network(torch.as_tensor(obs))
        return self.policy.sample(q_values.detach()).numpy()


@mutant("check_dqn_update", en="returned a torch.Tensor", ko="torch.Tensor를 반환")
class SelectActionReturnsTensor(DQN):
    """select_action returns the tensor from policy.sample, not a numpy array."""

    def select_action(self, obs):
        with torch.no_grad():
            return self.policy.sample(self.network(torch.as_tensor(obs)))


@mutant("check_dqn_update", en="only the last loss is logged", ko="마지막 손실만")
class LogsLastLossOnly(DQN):
    """Keeps only the latest loss instead of the running mean."""

    def train(self):
        def keep_last(td_loss):
            self.num_losses += 1
            self.avg_loss = td_loss.item()

        _train(self, record=keep_last)


@mutant("check_dqn_update", en="keeps their computation graphs", ko="계산 그래프까지")
class LogsLossTensor(DQN):
    """Averages the loss tensors themselves (no .item()), keeping every graph alive."""

    def train(self):
        def keep_tensor(td_loss):
            self.num_losses += 1
            self.avg_loss = self.avg_loss + (td_loss - self.avg_loss) / self.num_losses

        _train(self, record=keep_tensor)


@mutant("check_dqn_update", en="(that is global_time_step)", ko="(global_time_step을 썼습니다)")
class LogsLossAtTimeStep(DQN):
    """Logs 'TD Loss' at global_time_step instead of training_step."""

    @property
    def log_data(self):
        data = {"Epsilon": (self.policy.epsilon, self.global_time_step)}
        if self.num_losses > 0:
            data["TD Loss"] = (self.avg_loss, self.global_time_step)
            self.num_losses, self.avg_loss = 0, 0.0
        return data


@mutant("check_dqn_update", en="(value, step) tuple", ko="(값, 스텝) 튜플")
class LogsValuesWithoutSteps(DQN):
    """log_data gives bare values, without their steps."""

    @property
    def log_data(self):
        return {"Epsilon": self.policy.epsilon}


@mutant("check_dqn_update", en="point to the same network", ko="같은 신경망을 가리킵니다")
class TargetIsAnAlias(DQN):
    """'Syncs' by aliasing: self.target_network = self.network."""

    def sync_target_network(self):
        if self.target_network is not None:
            self.target_network = self.network


@mutant("check_dqn_update", en="target_update_period = None) self.target_network is None",
        ko="self.target_network는 None이니")
class AlwaysTargetNetwork(DQN):
    """Always calls self.target_network, which is None without a target network (2013)."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        with torch.no_grad():
            next_max = self.target_network(next_obs).max(dim=1, keepdim=True).values
        return F.mse_loss(q_value, reward + (1 - terminated) * self.config.gamma * next_max)


@mutant("check_dqn_update", en="hard-coded as 0.99", ko="0.99로 고정했습니다")
class HardCodedGamma(DQN):
    """Writes γ = 0.99 into the target instead of self.config.gamma."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        with torch.no_grad():
            next_max = (self.target_network or self.network)(next_obs).max(dim=1,
                                                                           keepdim=True).values
        return F.mse_loss(q_value, reward + (1 - terminated) * 0.99 * next_max)


@mutant("check_dqn_update", en="bootstraps on terminated transitions", ko="종료 마스크")
class LossWithoutTerminalMask(DQN):
    """Forgets (1 - terminated) in compute_td_loss's target."""

    def compute_td_loss(self, obs, action, next_obs, reward, terminated):
        q_value = self.network(obs).gather(1, action)
        with torch.no_grad():
            next_max = (self.target_network or self.network)(next_obs).max(dim=1,
                                                                           keepdim=True).values
        return F.mse_loss(q_value, reward + self.config.gamma * next_max)


# ---------------------------------------------------------------- variants the text accepts
class EpsilonBeforeCounting(DQN):
    """Computes ε from the step count before advancing it (off by one; the text allows it)."""

    def update(self, experience, store_mask=None):
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
        _update(self, experience, store_mask)
        self.policy.epsilon = self.epsilon_schedule(
            self.global_time_step - (self.num_envs if store_mask is None
                                     else int(np.count_nonzero(store_mask))))


class TrainsBeforeAdding(DQN):
    """Trains before adding the new experience to the buffer (the text allows it)."""

    def update(self, experience, store_mask=None):
        self.global_time_step += self.num_envs if store_mask is None else int(
            np.count_nonzero(store_mask))
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
        if (self.global_time_step >= self.config.learning_starts
                and self.replay_buffer.can_sample):
            self.train()
        self.replay_buffer.add(experience, store_mask)


ACCEPTED_VARIANTS = (EpsilonBeforeCounting, TrainsBeforeAdding)
