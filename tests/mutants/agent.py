"""Notebook 05 mistakes: the DQN agent. Each mutant changes one method of the package's DQN."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from dqn_teach.agent import DQN
from tests.mutants import mutant


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
