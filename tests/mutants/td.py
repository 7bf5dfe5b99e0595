"""Notebook 04 mistakes: the TD target and the TD loss."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from tests.mutants import mutant


@mutant("check_td_target", en="terminal mask", ko="종료 마스크")
def no_terminal_mask(reward, next_q_values, terminated, gamma):
    """Bootstraps on terminal transitions: forgets (1 - terminated)."""
    return reward + gamma * next_q_values.max(dim=1, keepdim=True).values


@mutant("check_td_target", en="inverted", ko="뒤집혔습니다")
def terminal_mask_inverted(reward, next_q_values, terminated, gamma):
    """Multiplies by terminated instead of (1 - terminated)."""
    return reward + gamma * terminated * next_q_values.max(dim=1, keepdim=True).values


@mutant("check_td_target", en="applied twice", ko="두 번")
def gamma_applied_twice(reward, next_q_values, terminated, gamma):
    """Discounts the next value twice (γ in the max term and again outside)."""
    discounted = gamma * next_q_values.max(dim=1, keepdim=True).values
    return reward + gamma * (1 - terminated) * discounted


@mutant("check_td_target", en="wrong dimension", ko="잘못된 차원")
def max_over_batch_dim(reward, next_q_values, terminated, gamma):
    """Takes the max over the batch dimension (dim=0) instead of the actions (dim=1)."""
    return reward + gamma * (1 - terminated) * next_q_values.max(dim=0, keepdim=True).values


@mutant("check_td_target", en="broadcasts to (B, B)", ko="브로드캐스트")
def column_plus_flat_broadcast(reward, next_q_values, terminated, gamma):
    """Drops keepdim, so (B, 1) + (B,) silently broadcasts to (B, B)."""
    return reward + gamma * (1 - terminated) * next_q_values.max(dim=1).values


def _q_and_target(q_network, target_network, obs, action, next_obs, reward, terminated, gamma):
    q_value = q_network(obs).gather(1, action)
    with torch.no_grad():
        next_max = target_network(next_obs).max(dim=1, keepdim=True).values
    return q_value, reward + gamma * (1 - terminated) * next_max


@mutant("check_td_loss", en="gradient flowed through the target", ko="타깃으로 흘러갔습니다")
def gradient_through_target(q_network, target_network, obs, action, next_obs, reward,
                            terminated, gamma, loss="mse"):
    """Computes the target without torch.no_grad(), so the gradient reaches the target net."""
    q_value = q_network(obs).gather(1, action)
    next_max = target_network(next_obs).max(dim=1, keepdim=True).values
    target = reward + gamma * (1 - terminated) * next_max
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="came from q_network", ko="q_network로 계산했습니다")
def target_from_online_network(q_network, target_network, obs, action, next_obs, reward,
                               terminated, gamma, loss="mse"):
    """Uses q_network for the next-state values and never touches target_network."""
    q_value, target = _q_and_target(q_network, q_network, obs, action, next_obs, reward,
                                    terminated, gamma)
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="gather(1, action)", ko="gather(1, action)")
def max_instead_of_taken_action(q_network, target_network, obs, action, next_obs, reward,
                                terminated, gamma, loss="mse"):
    """Uses max_a Q(s, a) instead of the Q-value of the action actually taken."""
    q_value = q_network(obs).max(dim=1, keepdim=True).values
    _, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                              terminated, gamma)
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="broadcast into a (B, B)", ko="브로드캐스트")
def loss_broadcast(q_network, target_network, obs, action, next_obs, reward, terminated, gamma,
                   loss="mse"):
    """Squeezes the target to (B,) but not Q(s, a), so the loss averages a (B, B) matrix."""
    q_value, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                                    terminated, gamma)
    errors = q_value - target.squeeze(1)  # (B, 1) - (B,) -> (B, B)
    if loss == "mse":
        return (errors**2).mean()
    return F.smooth_l1_loss(errors, torch.zeros_like(errors))


@mutant("check_td_loss", en="summed", ko="합으로")
def summed_loss(q_network, target_network, obs, action, next_obs, reward, terminated, gamma,
                loss="mse"):
    """Sums the squared errors instead of averaging them over the mini-batch."""
    q_value, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                                    terminated, gamma)
    if loss == "mse":
        return F.mse_loss(q_value, target, reduction="sum")
    return F.smooth_l1_loss(q_value, target, reduction="sum")


@mutant("check_td_loss", en="another loss function", ko="다른 손실 함수")
def huber_ignored(q_network, target_network, obs, action, next_obs, reward, terminated, gamma,
                  loss="mse"):
    """Ignores the loss argument and always uses MSE."""
    q_value, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                                    terminated, gamma)
    return F.mse_loss(q_value, target)


@mutant("check_td_loss", en="terminal mask", ko="종료 마스크")
def loss_without_terminal_mask(q_network, target_network, obs, action, next_obs, reward,
                               terminated, gamma, loss="mse"):
    """Bootstraps from the next state even when the episode terminated."""
    q_value = q_network(obs).gather(1, action)
    with torch.no_grad():
        target = reward + gamma * target_network(next_obs).max(dim=1, keepdim=True).values
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="keepdim=True in the next-state max", ko="max에 keepdim=True를")
def target_without_keepdim(q_network, target_network, obs, action, next_obs, reward, terminated,
                           gamma, loss="mse"):
    """Its TD target drops keepdim, so F.mse_loss compares (B, 1) with a (B, B) target."""
    q_value = q_network(obs).gather(1, action)
    with torch.no_grad():
        next_max = target_network(next_obs).max(dim=1).values  # (B,), not (B, 1)
        target = reward + gamma * (1 - terminated) * next_max  # (B, 1) + (B,) -> (B, B)
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="must not silently become MSE", ko="조용히 MSE로")
def unknown_loss_becomes_mse(q_network, target_network, obs, action, next_obs, reward,
                             terminated, gamma, loss="mse"):
    """Treats any loss name other than "huber" as MSE, so a typo goes unnoticed."""
    q_value, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                                    terminated, gamma)
    return F.smooth_l1_loss(q_value, target) if loss == "huber" else F.mse_loss(q_value, target)


@mutant("check_td_loss", en="Q(s, a) is not (B, 1)", ko="Q(s, a)가 (B, 1)이 아닙니다")
def q_value_by_fancy_indexing(q_network, target_network, obs, action, next_obs, reward,
                              terminated, gamma, loss="mse"):
    """Picks Q(s, a) with q[arange(B), action], which broadcasts to (B, B)."""
    if loss not in ("mse", "huber"):
        raise ValueError(loss)
    _, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                              terminated, gamma)
    q_value = q_network(obs)[torch.arange(len(obs)), action]  # (B, B)
    return F.mse_loss(q_value, target) if loss == "mse" else F.smooth_l1_loss(q_value, target)


@mutant("check_td_loss", en="(B, 1); do not squeeze the action", ko="action.squeeze()")
def gather_with_squeezed_action(q_network, target_network, obs, action, next_obs, reward,
                                terminated, gamma, loss="mse"):
    """gather(1, action.squeeze(1)): the index has one dimension too few."""
    q_value = q_network(obs).gather(1, action.squeeze(1))
    _, target = _q_and_target(q_network, target_network, obs, action, next_obs, reward,
                              terminated, gamma)
    return F.mse_loss(q_value, target)


@mutant("check_td_target", en="take the maximum with .values", ko=".values로 꺼내세요")
def max_without_values(reward, next_q_values, terminated, gamma):
    """Uses next_q_values.max(dim=1, keepdim=True) without .values (a (values, indices) pair)."""
    return reward + gamma * (1 - terminated) * next_q_values.max(dim=1, keepdim=True)


@mutant("check_td_target", en="flattened tensor", ko="한 줄로 편")
def argmax_without_dim_in_target(reward, next_q_values, terminated, gamma):
    """Reads the max through argmax() without dim: one index into the flattened tensor."""
    best = F.one_hot(next_q_values.argmax(), next_q_values.shape[1]).float()
    return reward + gamma * (1 - terminated) * (next_q_values * best).sum(1, keepdim=True)
