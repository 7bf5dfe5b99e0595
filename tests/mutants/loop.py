"""Notebook 05 mistakes: the training loop assembled from env, agent and experience."""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from dqn_teach.experience import make_experience
from tests.mutants import mutant


def _loop(agent, num_steps, seed, *, store_truncation=False, reset_on_truncation=True,
          advance_obs=True, reset_return=True):
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)
    end_steps, returns, episode_return = [], [], 0.0
    for step in range(1, num_steps + 1):
        action = agent.select_action(obs[np.newaxis])
        next_obs, reward, terminated, truncated, _ = env.step(action.item())
        done_flag = terminated or truncated if store_truncation else terminated
        agent.update(make_experience(obs[np.newaxis], action, next_obs[np.newaxis], [reward],
                                     [done_flag]))
        episode_return += reward
        if terminated or (truncated and reset_on_truncation):
            end_steps.append(step)
            returns.append(episode_return)
            if reset_return:
                episode_return = 0.0
            obs, _ = env.reset()
        elif advance_obs:
            obs = next_obs
    return end_steps, returns


@mutant("check_training_loop", en="only terminated to make_experience", ko="terminated만 넘기세요")
def stores_truncation_as_termination(agent, num_steps, seed=0):
    """Stores terminated or truncated, so a time limit stops bootstrapping."""
    return _loop(agent, num_steps, seed, store_truncation=True)


@mutant("check_training_loop", en="terminated or truncated", ko="terminated 또는 truncated")
def resets_only_on_termination(agent, num_steps, seed=0):
    """Ignores truncated: keeps stepping an episode the time limit has ended."""
    return _loop(agent, num_steps, seed, reset_on_truncation=False)


@mutant("check_training_loop", en="obs = next_obs", ko="obs = next_obs")
def never_advances_obs(agent, num_steps, seed=0):
    """Forgets obs = next_obs: every transition starts from the episode's first observation."""
    return _loop(agent, num_steps, seed, advance_obs=False)


@mutant("check_training_loop", en="from 0", ko="0으로 되돌리세요")
def return_keeps_growing(agent, num_steps, seed=0):
    """Never resets the episode return, so each return includes all earlier episodes."""
    return _loop(agent, num_steps, seed, reset_return=False)


@mutant("check_training_loop", en="exactly once per environment step", ko="정확히 한 번")
def updates_every_other_step(agent, num_steps, seed=0):
    """Calls agent.update only on even steps."""
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)
    end_steps, returns, episode_return = [], [], 0.0
    for step in range(1, num_steps + 1):
        action = agent.select_action(obs[np.newaxis])
        next_obs, reward, terminated, truncated, _ = env.step(action.item())
        if step % 2 == 0:
            agent.update(make_experience(obs[np.newaxis], action, next_obs[np.newaxis], [reward],
                                         [terminated]))
        episode_return += reward
        if terminated or truncated:
            end_steps.append(step)
            returns.append(episode_return)
            episode_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs
    return end_steps, returns
