"""Notebook 03 mistakes: the ε-greedy policy."""

from __future__ import annotations

import torch

from tests.mutants import mutant


class LearnerPolicy:
    """A correct learner-style ε-greedy policy (the mutants below each break one thing)."""

    def __init__(self, epsilon, generator=None):
        self.epsilon = epsilon
        self.generator = generator

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        probs = torch.full(q_values.shape, self.epsilon / num_actions)
        greedy = q_values.argmax(dim=1, keepdim=True)
        return probs.scatter(1, greedy, 1 - self.epsilon + self.epsilon / num_actions)

    def sample(self, q_values):
        return torch.multinomial(self.probabilities(q_values), 1, generator=self.generator)


@mutant("check_epsilon_greedy", en="gets 1 - ε", ko="탐욕 행동의 확률이 1 - ε")
class GreedyProbabilityOneMinusEpsilon(LearnerPolicy):
    """Gives the greedy action 1 - ε, forgetting that the random action can also be greedy."""

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        probs = torch.full(q_values.shape, self.epsilon / num_actions)
        greedy = q_values.argmax(dim=1, keepdim=True)
        return probs.scatter(1, greedy, 1 - self.epsilon)


@mutant("check_epsilon_greedy", en="action dimension", ko="행동 차원")
class ArgmaxOverWrongDim(LearnerPolicy):
    """Takes argmax over the environment dimension (dim=0) instead of the actions (dim=1)."""

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        probs = torch.full(q_values.shape, self.epsilon / num_actions)
        greedy = q_values.argmax(dim=0, keepdim=True)
        return probs.scatter(1, greedy, 1 - self.epsilon + self.epsilon / num_actions)


@mutant("check_epsilon_greedy", en="current self.epsilon", ko="현재 self.epsilon")
class EpsilonFrozenInInit(LearnerPolicy):
    """Precomputes the probabilities in __init__, so later changes of ε are ignored."""

    def __init__(self, epsilon, generator=None):
        super().__init__(epsilon, generator)
        self.fixed_epsilon = epsilon

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        probs = torch.full(q_values.shape, self.fixed_epsilon / num_actions)
        greedy = q_values.argmax(dim=1, keepdim=True)
        return probs.scatter(1, greedy, 1 - self.fixed_epsilon + self.fixed_epsilon / num_actions)


class LearnerCoinFlipPolicy(LearnerPolicy):
    """sample() written with a coin flip per environment, as many learners do."""

    def explore(self, num_envs):
        return torch.rand(num_envs, generator=self.generator) < self.epsilon

    def greedy(self, q_values):
        return q_values.argmax(dim=1)

    def sample(self, q_values):
        num_envs, num_actions = q_values.shape
        random_actions = torch.randint(num_actions, (num_envs,), generator=self.generator)
        actions = torch.where(self.explore(num_envs), random_actions, self.greedy(q_values))
        return actions.unsqueeze(1)


@mutant("check_epsilon_greedy", en="comparison is flipped", ko="반대로")
class ExploreComparisonFlipped(LearnerCoinFlipPolicy):
    """Explores when random > ε instead of random < ε."""

    def explore(self, num_envs):
        return torch.rand(num_envs, generator=self.generator) > self.epsilon


@mutant("check_epsilon_greedy", en="each row's own argmax", ko="자기 q_values의 argmax")
class FirstRowGreedyForAll(LearnerCoinFlipPolicy):
    """Uses the first environment's greedy action for every environment."""

    def greedy(self, q_values):
        return q_values[0].argmax().expand(q_values.shape[0])


@mutant("check_epsilon_greedy", en="(num_envs, 1)", ko="(num_envs, 1)")
class SampleReturnsFlatActions(LearnerCoinFlipPolicy):
    """Returns actions of shape (num_envs,) instead of (num_envs, 1)."""

    def sample(self, q_values):
        return super().sample(q_values).squeeze(1)


@mutant("check_epsilon_greedy", en="(keepdim=True is for filling with scatter_)",
        ko="(keepdim=True는 scatter_로 채울 때 씁니다)")
class OneHotOfKeepdimArgmax(LearnerPolicy):
    """Uses F.one_hot on argmax(dim=1, keepdim=True), which gives (B, 1, n) probabilities."""

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        greedy = torch.nn.functional.one_hot(q_values.argmax(dim=1, keepdim=True), num_actions)
        return self.epsilon / num_actions + (1 - self.epsilon) * greedy.float()


@mutant("check_epsilon_greedy", en="flattened tensor", ko="한 줄로 편")
class ArgmaxWithoutDim(LearnerPolicy):
    """Calls q_values.argmax() without dim (one index into the flattened tensor)."""

    def probabilities(self, q_values):
        num_actions = q_values.shape[1]
        greedy = torch.nn.functional.one_hot(q_values.argmax(), num_actions)
        return self.epsilon / num_actions + (1 - self.epsilon) * greedy.float()


@mutant("check_epsilon_greedy", en="not the Q-values", ko="Q 값이 아니라")
class MultinomialOfQValues(LearnerPolicy):
    """Samples with torch.multinomial(q_values, 1): Q-values are not probabilities."""

    def sample(self, q_values):
        return torch.multinomial(q_values, 1, generator=self.generator)


@mutant("check_epsilon_greedy", en="draw only from self.generator", ko="self.generator로만")
class IgnoresGenerator(LearnerPolicy):
    """Samples with the global random state instead of self.generator."""

    def sample(self, q_values):
        return torch.multinomial(self.probabilities(q_values), 1)
