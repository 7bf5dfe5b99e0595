"""Notebook 07 mistakes: the Double DQN target."""

from __future__ import annotations

import torch

from tests.mutants import mutant


@mutant("check_double_dqn_target", en="plain DQN", ko="보통 DQN")
def max_of_target_network(reward, next_obs, terminated, gamma, online_network, target_network):
    """Takes the max of the target network: plain DQN with a target network, not Double DQN."""
    with torch.no_grad():
        next_max = target_network(next_obs).max(dim=1, keepdim=True).values
        return reward + gamma * (1 - terminated) * next_max


@mutant("check_double_dqn_target", en="both selects and evaluates", ko="온라인 신경망 하나로")
def online_network_only(reward, next_obs, terminated, gamma, online_network, target_network):
    """Selects and evaluates with the online network."""
    with torch.no_grad():
        q = online_network(next_obs)
        return reward + gamma * (1 - terminated) * q.gather(1, q.argmax(dim=1, keepdim=True))


@mutant("check_double_dqn_target", en="roles are swapped", ko="역할이 바뀌었습니다")
def roles_swapped(reward, next_obs, terminated, gamma, online_network, target_network):
    """Selects with the target network and evaluates with the online network."""
    with torch.no_grad():
        next_action = target_network(next_obs).argmax(dim=1, keepdim=True)
        value = online_network(next_obs).gather(1, next_action)
        return reward + gamma * (1 - terminated) * value


@mutant("check_double_dqn_target", en="carries a gradient", ko="그래디언트가 연결")
def target_with_gradient(reward, next_obs, terminated, gamma, online_network, target_network):
    """Right values, but computed without torch.no_grad(), so the target carries a gradient."""
    next_action = online_network(next_obs).argmax(dim=1, keepdim=True)
    value = target_network(next_obs).gather(1, next_action)
    return reward + gamma * (1 - terminated) * value


@mutant("check_double_dqn_target", en="terminal mask", ko="종료 마스크")
def double_without_terminal_mask(reward, next_obs, terminated, gamma, online_network,
                                 target_network):
    """Selects and evaluates correctly but forgets (1 - terminated)."""
    with torch.no_grad():
        next_action = online_network(next_obs).argmax(dim=1, keepdim=True)
        return reward + gamma * target_network(next_obs).gather(1, next_action)
