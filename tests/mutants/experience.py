"""Notebook 01 mistakes: turning a gymnasium step into an Experience."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from dqn_teach.experience import Experience
from tests.mutants import mutant


def float32(observations):
    """float64 observations as float32, the part every mutant except one gets right."""
    observations = np.asarray(observations)
    return observations.astype(np.float32) if observations.dtype == np.float64 else observations


@mutant("check_experience", en="truncated is stored as terminated", ko="중단(truncated)된 환경이")
def truncation_as_termination(obs, action, next_obs, reward, terminated, truncated):
    """Folds truncation into termination (`done = terminated or truncated`), so time limits stop
    bootstrapping."""
    num_envs = len(obs)
    done = np.logical_or(terminated, truncated)
    return Experience(float32(obs), np.asarray(action).reshape(num_envs, 1), float32(next_obs),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      done.astype(np.float32).reshape(num_envs, 1))


@mutant("check_experience", en="Column vectors", ko="열 벡터")
def reward_not_reshaped(obs, action, next_obs, reward, terminated, truncated):
    """Keeps reward and terminated as gymnasium's flat (num_envs,) arrays."""
    num_envs = len(obs)
    return Experience(float32(obs), np.asarray(action).reshape(num_envs, 1), float32(next_obs),
                      np.asarray(reward, dtype=np.float32),
                      np.asarray(terminated, dtype=np.float32))


@mutant("check_experience", en="a bool breaks 1 - terminated", ko="깨지고")
def terminated_left_bool(obs, action, next_obs, reward, terminated, truncated):
    """Stores terminated as bool, which breaks `1 - terminated` on tensors."""
    num_envs = len(obs)
    return Experience(float32(obs), np.asarray(action).reshape(num_envs, 1), float32(next_obs),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      np.asarray(terminated).reshape(num_envs, 1))


@mutant("check_experience", en="swapped", ko="바꾸지 않았나요")
def next_obs_is_obs(obs, action, next_obs, reward, terminated, truncated):
    """Stores obs twice instead of obs and next_obs."""
    num_envs = len(obs)
    return Experience(float32(obs), np.asarray(action).reshape(num_envs, 1), float32(obs),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1))


@mutant("check_experience", en="num_envs = obs.shape[0]", ko="num_envs = obs.shape[0]")
def hard_coded_num_envs(obs, action, next_obs, reward, terminated, truncated):
    """Hard-codes the number of environments used in the notebook (3) in the reshape."""
    columns = [np.asarray(x, dtype=np.float32).reshape(3, -1)[:len(obs)]
               for x in (reward, terminated)]
    return Experience(float32(obs), np.asarray(action).reshape(3, -1)[:len(obs)],
                      float32(next_obs), *columns)


class ExperienceWithTruncated(NamedTuple):
    obs: np.ndarray
    action: np.ndarray
    next_obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray


@mutant("check_experience", en="truncated is not stored", ko="truncated는 저장하지",
        experience=ExperienceWithTruncated)
def stores_truncated(obs, action, next_obs, reward, terminated, truncated):
    """Adds a `truncated` field to Experience (the buffer and TD target must not see it)."""
    return ExperienceWithTruncated(obs, action, next_obs, reward, terminated, truncated)


@mutant("check_experience", en="given float64 observations", ko="float64 관측을 넣었더니")
def float64_obs_kept(obs, action, next_obs, reward, terminated, truncated):
    """Passes observations through unchanged, so float64 ones reach the float32 network."""
    num_envs = len(obs)
    return Experience(np.asarray(obs), np.asarray(action).reshape(num_envs, 1),
                      np.asarray(next_obs),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1))


@dataclass
class ExperienceDataclass:
    obs: np.ndarray
    action: np.ndarray
    next_obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray


def _columns(obs, action, next_obs, reward, terminated, experience=Experience):
    num_envs = len(obs)
    return experience(float32(obs), np.asarray(action).reshape(num_envs, 1), float32(next_obs),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1))


@mutant("check_experience", en="not a @dataclass", ko="@dataclass가 아닙니다",
        experience=ExperienceDataclass)
def experience_as_dataclass(obs, action, next_obs, reward, terminated, truncated):
    """Declares Experience with @dataclass instead of NamedTuple."""
    return _columns(obs, action, next_obs, reward, terminated, ExperienceDataclass)


class ExperienceAssigned(NamedTuple):
    obs = np.ndarray
    action = np.ndarray
    next_obs = np.ndarray
    reward = np.ndarray
    terminated = np.ndarray


@mutant("check_experience", en="declared with a colon", ko="콜론(:)으로",
        experience=ExperienceAssigned)
def experience_fields_assigned(obs, action, next_obs, reward, terminated, truncated):
    """Writes `obs = np.ndarray` (an assignment) instead of `obs: np.ndarray` (a field)."""
    return _columns(obs, action, next_obs, reward, terminated)


@mutant("check_experience", en="it must stay uint8", ko="uint8 그대로여야")
def frames_cast_to_float32(obs, action, next_obs, reward, terminated, truncated):
    """Casts every observation to float32, uint8 frames too (4x the memory)."""
    num_envs = len(obs)
    return Experience(np.asarray(obs, dtype=np.float32), np.asarray(action).reshape(num_envs, 1),
                      np.asarray(next_obs, dtype=np.float32),
                      np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
                      np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1))


@mutant("check_experience", en="must be a numpy array", ko="numpy 배열이어야")
def returns_tensors(obs, action, next_obs, reward, terminated, truncated):
    """Returns torch tensors instead of numpy arrays."""
    import torch

    return Experience(*(torch.as_tensor(x) for x in _columns(obs, action, next_obs, reward,
                                                              terminated)))
