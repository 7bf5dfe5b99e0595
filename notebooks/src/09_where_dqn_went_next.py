"""Notebook 09: where DQN went next (dueling networks, prioritized replay, n-step returns,
distributional RL, Rainbow), each with a small demo, and the Acrobot capstone."""

from tools.nbbuild import Course, bi

course = Course("09_where_dqn_went_next")

course.md(
    ko=r"""
# 09. DQN 그 뒤: Rainbow까지의 여섯 걸음

2013년 DQN은 시작이었습니다. 2015년 Nature 논문이 타깃 신경망을 더했고(07), 그 뒤 몇 년 동안
여러 연구가 DQN의 약점을 하나씩 고쳤습니다. 2017년 Rainbow는 그중 여섯 가지를 한데 모아, Atari 57개 게임에서
DQN보다 훨씬 적은 데이터로 훨씬 높은 점수를 얻었습니다.

이 노트북은 그 여섯 가지를 짧게 설명하고, 돈이 적게 드는 것은 몇 줄짜리 코드로 직접 보여 줍니다. 더블
DQN은 07에서 만들었습니다. 마지막 절은 이 코스에서 만든 것을 모두 써서 새 환경을 푸는 최종 과제입니다.

## 학습 목표

- 듀얼링 신경망(dueling network)이 Q 값을 상태 가치와 이점(advantage)으로 나누는 이유와 방법을 설명하고, 몇 줄로 구현합니다.
- 우선순위 경험 리플레이(prioritized experience replay)의 샘플링 확률과 중요도 가중치(importance weight)를 계산할 수 있습니다.
- n-스텝 반환값으로 TD 타깃을 만들고, 종료가 끼어들 때 어떻게 처리하는지 압니다.
- 분포 강화학습(distributional RL)과 노이지 신경망(noisy network)이 무엇을 바꾸는지 말할 수 있습니다.
- Rainbow가 무엇을 모았는지 말하고, 각 아이디어의 논문을 찾아 읽을 수 있습니다.
- 최종 과제: 패키지로 Acrobot-v1을 학습시켜 정해진 점수를 넘깁니다.
""",
    en=r"""
# 09. Where DQN went next: six steps to Rainbow

The 2013 DQN was a beginning. The 2015 Nature paper added the target network (notebook 07), and over
the following years a series of papers fixed DQN's weaknesses one at a time. In 2017 Rainbow combined
six of them and reached much higher scores than DQN on 57 Atari games, with much less data.

This notebook explains the six briefly and, where it is cheap, shows them in a few lines of code.
Double DQN was built in notebook 07. The last section is the capstone: use everything this course built
to solve a new environment.

## Learning goals

- Explain why and how a dueling network splits the Q-value into a state value and advantages, and
  implement one in a few lines.
- Compute prioritized experience replay's sampling probabilities and importance weights.
- Build a TD target from an n-step return, and handle a termination inside the n steps.
- Say what distributional RL and noisy networks change.
- Say what Rainbow combined, and find each idea's paper.
- Capstone: train Acrobot-v1 with the package past a stated score.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

from dqn_teach.i18n import tr
''')

course.md(
    ko=r"""
## 1. 듀얼링 신경망: 상태의 가치와 행동의 이점을 나눠서

Wang et al. (2016, [arXiv:1511.06581](https://arxiv.org/abs/1511.06581))은 많은 상태에서 어떤 행동을 하든 **별 차이가
없다**는 데서 출발합니다. Atari 자동차 경주에서 앞에 차가 없으면 어느 쪽으로 가든 비슷합니다. 그래서 Q 값을 둘로
나눕니다.

$$
Q(s, a) = V(s) + \Bigl(A(s, a) - \frac{1}{|\mathcal{A}|}\sum_{a'} A(s, a')\Bigr)
$$

$V(s)$는 "이 상태가 얼마나 좋은가", $A(s, a)$는 "그중 이 행동이 평균보다 얼마나 나은가", 곧 이점입니다. 같은
몸통에서 두 갈래 머리(head)가 나와 $V$와 $A$를 따로 냅니다. 행동 하나를 학습해도 $V$가 바뀌므로 **모든 행동의 값이
함께** 움직이고, 행동이 많은 게임에서 특히 효과가 큽니다.

$A$에서 평균을 빼는 이유: $V$에 상수를 더하고 $A$에서 같은 상수를 빼도 $Q$는 같으므로, 그대로 두면 $V$와 $A$가 하나로
정해지지 않습니다. 평균을 빼면 $A$의 평균이 0이 되어 $V$가 정말 행동들의 평균 가치가 됩니다. 평균을 빼도 행동 사이의
**차이**는 그대로이므로 $\arg\max_a Q = \arg\max_a A$입니다.
""",
    en=r"""
## 1. Dueling networks: the value of the state and the advantage of the action

Wang et al. (2016, [arXiv:1511.06581](https://arxiv.org/abs/1511.06581)) start from the observation that
in many states **it hardly matters which action you take**: in an Atari racing game with no car ahead,
any direction is about as good. So the Q-value is split in two:

$$
Q(s, a) = V(s) + \Bigl(A(s, a) - \frac{1}{|\mathcal{A}|}\sum_{a'} A(s, a')\Bigr)
$$

$V(s)$ is "how good is this state", $A(s, a)$ "how much better than average is this action" (the
advantage). Two heads grow out of one body and output $V$ and $A$ separately. Training one action also
moves $V$, so **all actions' values move together**, which helps most in games with many actions.

Why subtract the mean of $A$: adding a constant to $V$ and subtracting it from $A$ leaves $Q$ unchanged,
so $V$ and $A$ are not determined on their own. Subtracting the mean makes $A$ average to 0, and $V$
becomes the actions' average value. The **differences** between actions are unchanged, so
$\arg\max_a Q = \arg\max_a A$.
""",
)

course.code(**bi('''
class DuelingQNet(nn.Module):
    """«관측 (batch, obs_dim) → Q 값 (batch, num_actions), V와 A 두 머리로|observation (batch, obs_dim) → Q-values (batch, num_actions), through a V head and an A head»."""

    def __init__(self, obs_dim: int, num_actions: int, hidden: int = 64) -> None:
        super().__init__()
        self.num_actions = num_actions  # «DQN이 읽습니다. 거울상 학습(06)은 행동 순서를 뒤집어야 합니다|DQN reads it: mirror images (06) reverse the actions»
        self.body = nn.Sequential(nn.Linear(obs_dim, hidden), nn.ReLU())
        self.value = nn.Linear(hidden, 1)  # V(s): (batch, 1)
        self.advantage = nn.Linear(hidden, num_actions)  # A(s, a): (batch, num_actions)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        features = self.body(obs)
        advantage = self.advantage(features)
        return self.value(features) + advantage - advantage.mean(dim=1, keepdim=True)


torch.manual_seed(0)
dueling = DuelingQNet(obs_dim=4, num_actions=3)
obs = torch.randn(5, 4)
q_values = dueling(obs)
features = dueling.body(obs)
print("Q:", tuple(q_values.shape))
print(tr(LANG, "Q의 행동 평균 == V(s):", "mean of Q over actions == V(s):"),
      torch.allclose(q_values.mean(dim=1, keepdim=True), dueling.value(features), atol=1e-6))
print(tr(LANG, "argmax Q == argmax A:", "argmax Q == argmax A:"),
      torch.equal(q_values.argmax(dim=1), dueling.advantage(features).argmax(dim=1)))
'''))

course.md(
    ko=r"""
`DuelingQNet`은 `MLPQNet`과 입력·출력 모양이 같으므로 `DQN(config, DuelingQNet(4, 2))`처럼 패키지의 에이전트에
그대로 넣을 수 있습니다(연습 문제 1). 바뀌는 것은 신경망의 구조뿐이고 TD 타깃과 학습 루프는 그대로입니다.

## 2. 우선순위 경험 리플레이: 배울 것이 많은 전이를 더 자주

02의 리플레이 버퍼는 모든 전이를 같은 확률로 뽑습니다. 그런데 이미 잘 맞히는 전이를 또
뽑는 것은 낭비입니다. 2013년 논문도 4절 끝에서 이렇게 말합니다: *"a more sophisticated sampling strategy might
emphasize transitions from which we can learn the most, similar to prioritized sweeping."*

Schaul et al. (2016, [arXiv:1511.05952](https://arxiv.org/abs/1511.05952))은 TD 오차가 큰 전이일수록 자주
뽑습니다. 전이 $i$의 우선순위를 $p_i = |\delta_i| + \epsilon$로 두고

$$
P(i) = \frac{p_i^{\alpha}}{\sum_k p_k^{\alpha}},
\qquad
w_i = \Bigl(\frac{1}{N \cdot P(i)}\Bigr)^{\beta} \Big/ \max_j w_j
$$

$\alpha = 0$이면 균등 샘플링, $\alpha = 1$이면 TD 오차에 정비례합니다. 자주 뽑힌 전이가 손실에 지나치게
반영되지 않도록 중요도 가중치 $w_i$를 곱하고, $\beta$는 학습이 진행되며 1로 올립니다.
""",
    en=r"""
`DuelingQNet` has the same input and output shapes as `MLPQNet`, so it drops into the package's agent as
`DQN(config, DuelingQNet(4, 2))` (exercise 1). Only the network's architecture changes; the TD target
and the training loop stay the same.

## 2. Prioritized experience replay: more often what teaches more

Notebook 02's replay buffer draws every transition with the same probability. Drawing again and again
a transition the network already predicts well is wasted work. The 2013 paper says so at the end of its
section 4: *"a more sophisticated sampling strategy might emphasize transitions from which we can learn
the most, similar to prioritized sweeping."*

Schaul et al. (2016, [arXiv:1511.05952](https://arxiv.org/abs/1511.05952)) draw transitions with a large TD
error more often. With priority $p_i = |\delta_i| + \epsilon$ for transition $i$,

$$
P(i) = \frac{p_i^{\alpha}}{\sum_k p_k^{\alpha}},
\qquad
w_i = \Bigl(\frac{1}{N \cdot P(i)}\Bigr)^{\beta} \Big/ \max_j w_j
$$

$\alpha = 0$ is uniform sampling, $\alpha = 1$ is proportional to the TD error. The importance weight $w_i$
multiplies each transition's loss so that frequently drawn transitions do not dominate it, and $\beta$
is raised to 1 over training.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
td_errors = np.array([0.1, 0.5, 2.0, 0.05, 4.0])  # «버퍼 안 전이 5개의 TD 오차 크기|the absolute TD errors of 5 transitions in the buffer»


def prioritized(td_errors: np.ndarray, alpha: float, beta: float, eps: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """«샘플링 확률 P(i)와 중요도 가중치 w_i|sampling probabilities P(i) and importance weights w_i», (N,) «각각|each»."""
    priorities = (np.abs(td_errors) + eps) ** alpha
    probs = priorities / priorities.sum()
    weights = (1.0 / (len(td_errors) * probs)) ** beta
    return probs, weights / weights.max()


for alpha in (0.0, 0.6, 1.0):
    probs, weights = prioritized(td_errors, alpha, beta=0.4)
    print(f"α = {alpha}: P = {np.round(probs, 3)}  w = {np.round(weights, 3)}")
'''))

course.md(
    ko=r"""
$\alpha = 0.6$(논문의 비례 방식 값)이면 TD 오차가 4인 전이가 0.05인 전이보다 약 14배 자주 뽑히고, 그 대신 손실에서는
가중치가 작아집니다. 실제 구현은 수십만 개의 우선순위에서 빠르게 뽑기 위해 합 트리(sum tree)를 쓰고, 전이를 학습에
쓸 때마다 새 TD 오차로 우선순위를 고칩니다.

## 3. n-스텝 반환값: 보상을 더 멀리까지 직접 보기

1-스텝 TD 타깃 $r_{t+1} + \gamma \max_a Q(s_{t+1}, a)$는 진짜 보상 하나에 나머지를 모두 추정값에 맡깁니다. 학습 초기에는
그 추정값이 엉터리라, 보상 정보가 한 번에 한 칸씩만 뒤로 전해집니다(04의 계단 그림). n-스텝 반환값은 진짜 보상
$n$개를 먼저 더합니다(Sutton & Barto 7장, Rainbow는 $n = 3$).

$$
y_t^{(n)} = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1} + \gamma^n \max_a Q(s_{t+n}, a)
$$

중간에 에피소드가 종료되면 거기서 합을 멈추고 부트스트래핑하지 않습니다. 중단, 즉 시간 제한이면 01에서
배운 대로 그 상태에서 부트스트래핑합니다. 아래 `n_step_targets`를 직접 써 보세요(코드 힌트 없음). 출력은 바로 아래
문단에서 손으로 계산한 값과 같아야 합니다.
""",
    en=r"""
With $\alpha = 0.6$ (the paper's value for the proportional variant), the transition with TD error 4 is drawn
about 14 times as often as the one with 0.05, and its weight in the loss shrinks accordingly. Real
implementations draw from hundreds of thousands of priorities with a sum tree, and update a
transition's priority with its new TD error every time it is used for training.

## 3. n-step returns: look further ahead at real rewards

The one-step TD target $r_{t+1} + \gamma \max_a Q(s_{t+1}, a)$ takes one real reward and leaves the rest to an
estimate. Early in training that estimate is poor, and reward information travels back one step per
update (notebook 04's staircase). An n-step return first adds $n$ real rewards (Sutton & Barto, chapter 7;
Rainbow uses $n = 3$):

$$
y_t^{(n)} = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1} + \gamma^n \max_a Q(s_{t+n}, a)
$$

If the episode **terminates** within the $n$ steps, the sum stops there with no bootstrap. On a
**truncation** (a time limit) we bootstrap from that state, as notebook 01 taught. Write `n_step_targets`
below yourself (no code hint); its output must match the values computed by hand in the paragraph after it.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
def n_step_targets(rewards: np.ndarray, terminated: np.ndarray, next_max_q: np.ndarray,
                   n: int, gamma: float) -> np.ndarray:
    """«궤적의 각 스텝 t의 n-스텝 TD 타깃|the n-step TD target of every step t of a trajectory».

    rewards[t] = r_{t+1}, terminated[t] «와|and» next_max_q[t] = max_a Q(s_{t+1}, a) «는 모두 스텝 t 다음의 값|all belong to the step after t»; (T,) -> (T,).
    """
    # NO HINT
    ### BEGIN SOLUTION
    targets = np.zeros(len(rewards))
    for t in range(len(rewards)):
        total, discount = 0.0, 1.0
        for k in range(t, min(t + n, len(rewards))):
            total += discount * rewards[k]
            discount *= gamma
            if terminated[k]:  # «종료: 미래 없음|terminated: no future»
                break
        else:  # «n 스텝(또는 궤적 끝)까지 종료 없음: 마지막 상태에서 부트스트래핑|no termination within n steps (or up to the end): bootstrap from the last state»
            total += discount * next_max_q[k]
        targets[t] = total
    return targets
    ### END SOLUTION


rewards = np.array([0.0, 0.0, 1.0, 0.0, 5.0])
terminated = np.array([False, False, False, False, True])
next_max_q = np.array([2.0, 2.0, 2.0, 2.0, 9.0])  # «마지막 9는 종료 상태의 값이라 쓰이면 안 됩니다|the last 9 belongs to a terminal state and must never be used»
for n in (1, 3):
    print(f"n = {n}:", np.round(n_step_targets(rewards, terminated, next_max_q, n, gamma=0.9), 3))
'''))

course.code(**bi('''
# «손으로 계산한 타깃과 비교합니다(아래 설명 참고)|Compare with the targets computed by hand (explained below)»
by_hand = {1: [1.8, 1.8, 2.8, 1.8, 5.0], 3: [2.268, 2.358, 5.05, 4.5, 5.0]}
for n, expected in by_hand.items():
    got = n_step_targets(rewards, terminated, next_max_q, n, gamma=0.9)
    assert np.allclose(got, expected), f"n = {n}: {np.round(got, 3)} != {expected}"
print("✅ n_step_targets")
'''))

course.md(
    ko=r"""
손으로 확인해 봅시다($\gamma = 0.9$). $n = 1$, $t = 0$: $0 + 0.9 \times 2 = 1.8$. $n = 3$, $t = 0$:
$0 + 0.9 \times 0 + 0.81 \times 1 + 0.729 \times 2 = 2.268$. $t = 2$: $1 + 0.9 \times 0 + 0.81 \times 5 = 5.05$이고,
종료되었으므로 9는 더하지 않습니다. $n$이 크면 보상이 더 빨리 전해지지만, 중간 보상이 지금 정책이 아닌 **옛 정책**의
행동에서 나온 것이라 엄밀히는 오프폴리시가 아닙니다. 리플레이 버퍼에서 작은 $n$(3~5)이 잘 통하는 이유입니다.

## 4. 분포 강화학습과 노이지 신경망

**분포 강화학습 (C51).** Bellemare, Dabney, Munos (2017, [arXiv:1707.06887](https://arxiv.org/abs/1707.06887))는
반환값의 **기댓값** 대신 **분포 전체**를 배웁니다. 각 행동에 대해 $[-10, 10]$을 51개 점(atom)으로 나눈 확률
분포를 출력하고, 벨만 방정식을 분포에 적용한 뒤(보상만큼 옮기고 γ배로 줄임) 원래 점들에 다시
나눠 담아, 교차 엔트로피로 학습합니다. 행동은 여전히 기댓값 $Q(s,a) = \sum_i z_i\,p_i(s,a)$로 고릅니다. 분포를 맞히는
일이 더 풍부한 학습 신호가 되어 Atari 성능이 크게 올랐습니다.

**노이지 신경망.** Fortunato et al. (2018, [arXiv:1706.10295](https://arxiv.org/abs/1706.10295))은 ε-탐욕 대신 신경망
가중치에 학습 가능한 잡음을 넣습니다. 잡음의 크기도 학습되므로, 탐험이 필요한 상태에서는 크게, 확실한 상태에서는 작게
스스로 조절됩니다. 03의 ε 스케줄이 필요 없어집니다.

## 5. Rainbow: 여섯 가지를 한데

Hessel et al. (2018, [arXiv:1710.02298](https://arxiv.org/abs/1710.02298))은 DQN에 여섯 가지를 모두 더했습니다.

| 구성 요소 | 고치는 문제 | 이 코스에서 |
|---|---|---|
| 더블 DQN (van Hasselt et al. 2016, [arXiv:1509.06461](https://arxiv.org/abs/1509.06461)) | $\max$의 과대추정 | 07에서 구현 |
| 우선순위 경험 리플레이 | 배울 것 없는 전이를 자꾸 뽑음 | 2절 |
| 듀얼링 신경망 | 모든 행동을 따로 배워야 함 | 1절 |
| n-스텝 반환값 | 보상이 느리게 전해짐 | 3절 |
| 분포 강화학습 (C51) | 기댓값 하나만 배움 | 4절 |
| 노이지 신경망 | ε-탐욕의 무딘 탐험 | 4절 |

논문의 어블레이션에서 하나씩 뺐을 때 가장 크게 떨어진 것은 우선순위 경험 리플레이과 n-스텝 반환값이었습니다.
재현 연구로는 CleanRL의 단일 파일 구현(C51, Rainbow 계열)이 읽기 좋습니다. 평가 방식에 대해서는 Machado et al.
(2018, [arXiv:1709.06009](https://arxiv.org/abs/1709.06009))이 끈적한 행동과 "프레임" 세는 법을 정리했습니다.
""",
    en=r"""
Check by hand ($\gamma = 0.9$). $n = 1$, $t = 0$: $0 + 0.9 \times 2 = 1.8$. $n = 3$, $t = 0$:
$0 + 0.9 \times 0 + 0.81 \times 1 + 0.729 \times 2 = 2.268$. $t = 2$: $1 + 0.9 \times 0 + 0.81 \times 5 = 5.05$,
and since the episode terminated, the 9 is not added. A larger $n$ passes rewards back faster, but the
intermediate rewards come from the actions of an **old** policy, not the current one, so strictly it is no
longer off-policy. That is why small $n$ (3-5) works well from a replay buffer.

## 4. Distributional RL and noisy networks

**Distributional RL (C51).** Bellemare, Dabney and Munos (2017, [arXiv:1707.06887](https://arxiv.org/abs/1707.06887))
learn the **whole distribution** of the return instead of its **expectation**. For each action the network
outputs a probability distribution over 51 points (atoms) on $[-10, 10]$; the Bellman equation is applied
to the distribution (shift by the reward, shrink by γ), the result is projected back onto the atoms, and
the network is trained with a cross-entropy loss. Actions are still chosen by the expectation
$Q(s,a) = \sum_i z_i\,p_i(s,a)$. Fitting a distribution is a richer learning signal, and Atari scores rose
substantially.

**Noisy networks.** Fortunato et al. (2018, [arXiv:1706.10295](https://arxiv.org/abs/1706.10295)) replace
ε-greedy with learnable noise in the network's weights. The size of the noise is learned too, so the
agent explores more where it needs to and less where it is sure, and notebook 03's ε schedule is no longer
needed.

## 5. Rainbow: all six together

Hessel et al. (2018, [arXiv:1710.02298](https://arxiv.org/abs/1710.02298)) added all six to DQN:

| component | the problem it fixes | in this course |
|---|---|---|
| Double DQN (van Hasselt et al. 2016, [arXiv:1509.06461](https://arxiv.org/abs/1509.06461)) | overestimation by the $\max$ | built in 07 |
| prioritized experience replay | drawing transitions with nothing left to teach | section 2 |
| dueling network | learning every action separately | section 1 |
| n-step returns | rewards propagate slowly | section 3 |
| distributional RL (C51) | learning only the expectation | section 4 |
| noisy networks | ε-greedy's blunt exploration | section 4 |

In the paper's ablation, removing prioritized replay or n-step returns hurt the most. For readable
re-implementations, CleanRL's single-file versions (C51 and the Rainbow family) are a good start. On
evaluation protocol, Machado et al. (2018, [arXiv:1709.06009](https://arxiv.org/abs/1709.06009)) set out
sticky actions and how to count "frames".
""",
)

course.md(
    ko=r"""
## 6. 최종 과제: Acrobot-v1

이제 여러분 차례입니다. gymnasium의 `Acrobot-v1`은 관절 두 개짜리 팔입니다. 아래쪽 관절에 힘을 주어(행동 3개: −1, 0, +1)
팔 끝을 선 위로 올리면 에피소드가 종료됩니다. 매 스텝 보상은 −1이고 500스텝에서 중단되므로 반환값은 −500(실패)에서
0 사이이고, 빨리 올릴수록 좋습니다. 관측은 실수 6개(두 각도의 cos, sin과 각속도)입니다.

**목표:** 새 시드 20개(10000~10019)의 탐욕 평가 평균이 **−100 이상**이면 통과입니다. 무작위 정책은 대부분 −500입니다.
손으로 만든 규칙 하나, "둘째 관절이 도는 방향으로 힘을 준다"가 같은 시드에서 약 −76을 얻으므로(측정값) 넘을 수 있는
기준입니다. DQN은 그만한 정책을 스스로 찾아야 합니다.

패키지의 `preset`, `make_agent`, `train`, `evaluate`를 쓰세요(06). 바꿀 만한 것: 예산 `total_steps`, ε 스케줄, 타깃 신경망(07),
`gamma`, 그리고 07의 안정적인 프리셋이 쓰는 더블 DQN, 층 정규화(`layer_norm`), 학습률 감소(`learning_rate_decay`).
아래 설정은 2013 프리셋 `preset("cartpole-2013")`에 Acrobot용 값 몇 개를 덮어쓴 출발점일 뿐, 튜닝된 답이 아닙니다. 학습은 여러분의 컴퓨터에서 몇 분 걸릴 수 있으므로, 아래 셀은
처음에는 **짧게**(2,000스텝) 돌려 코드가 도는지만 확인합니다. 예산을 늘려 목표를 넘겨 보세요. `check_capstone(agent)`가 평가하고 점수를 알려 줍니다.
""",
    en=r"""
## 6. Capstone: Acrobot-v1

Your turn. gymnasium's `Acrobot-v1` is an arm with two joints. Torque on the lower joint (3 actions: −1,
0, +1) must swing the tip of the arm above a line, which terminates the episode. Each step gives −1 and
the episode is truncated at 500 steps, so returns lie between −500 (failure) and 0, and faster is
better. The observation is 6 real numbers (cos and sin of both angles, and the angular velocities).

**Goal:** a greedy evaluation mean of **−100 or better** over 20 fresh seeds (10000-10019). A random policy
mostly scores −500. One hand-made rule, "push in the direction the second joint turns", scores about −76
on the same seeds (measured), so the bar can be passed; DQN has to find a policy that good by itself.

Use the package's `preset`, `make_agent`, `train` and `evaluate` (notebook 06). Worth changing: the budget
`total_steps`, the ε schedule, a target network (notebook 07), `gamma`, and what notebook 07's stable
preset uses: Double DQN, LayerNorm (`layer_norm`), learning-rate decay (`learning_rate_decay`). The
settings below, the 2013 preset `preset("cartpole-2013")` with a few values changed for Acrobot, are a
starting point, not a tuned answer. Training may take minutes on your
computer, so the cell below first runs **short** (2,000 steps) just to show the code works; raise the
budget to pass the goal. `check_capstone(agent)` evaluates it and reports the score.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
from dqn_teach.capstone import ACROBOT_GOAL, check_capstone
from dqn_teach.config import preset
from dqn_teach.agent import make_agent
from dqn_teach.training import train

config = preset("cartpole-2013", learning_rate=6.3e-4, capacity=50_000, hidden_sizes=(256, 256),  # «바꿔 보세요|change me»
                target_update_period=60, epsilon_linear_decay=(0, 12_000, 1.0, 0.1))
agent = make_agent(config, obs_shape=(6,), num_actions=3)
result = train(agent, "Acrobot-v1", total_steps=2_000, eval_every=0, progress=False)  # «예산을 늘리세요|raise the budget»
check_capstone(agent, lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 요약

- 듀얼링 신경망은 $Q = V + (A - \bar A)$로 나눠 모든 행동의 값을 함께 움직입니다. 몇 줄이면 되고 학습 루프는 그대로입니다.
- 우선순위 경험 리플레이은 TD 오차에 비례해($p^\alpha$) 뽑고 중요도 가중치로 편향을 되돌립니다. 2013년 논문이 이미 그 방향을 가리켰습니다.
- n-스텝 반환값은 진짜 보상 n개 뒤에 부트스트래핑합니다. 종료에서는 멈추고, 중단에서는 부트스트래핑합니다.
- 분포 강화학습은 반환값의 분포를, 노이지 신경망은 탐험을 배웁니다. Rainbow는 더블 DQN까지 여섯 가지를 모았습니다.
- 최종 과제: Acrobot-v1에서 새 시드 20개 평균 −100 이상.

**논문:** Mnih et al. 2013 [arXiv:1312.5602](https://arxiv.org/abs/1312.5602) (4절 끝: 우선순위 샘플링 제안) ·
Mnih et al. 2015, *Nature* 518 ([doi:10.1038/nature14236](https://doi.org/10.1038/nature14236)) ·
더블 DQN [arXiv:1509.06461](https://arxiv.org/abs/1509.06461) · 우선순위 경험 리플레이 [arXiv:1511.05952](https://arxiv.org/abs/1511.05952) ·
듀얼링 [arXiv:1511.06581](https://arxiv.org/abs/1511.06581) · C51 [arXiv:1707.06887](https://arxiv.org/abs/1707.06887) ·
노이지 신경망 [arXiv:1706.10295](https://arxiv.org/abs/1706.10295) · Rainbow [arXiv:1710.02298](https://arxiv.org/abs/1710.02298) ·
Machado et al. 2018 [arXiv:1709.06009](https://arxiv.org/abs/1709.06009).

## 연습 문제

1. (코딩) `DQN(preset("cartpole"), DuelingQNet(4, 2))`로 06과 같은 학습을 돌려 `MLPQNet`과 학습 곡선을 비교해 보세요. 행동이 둘뿐인 CartPole에서 차이가 클 것이라고 예상하나요? 먼저 적고 돌려 보세요. `DQN`은 받은 신경망을 그대로 쓰므로 `layer_norm=True`는 `make_agent`가 만드는 `MLPQNet`에만 층 정규화를 넣습니다. 같은 조건에서 비교하려면 `DuelingQNet`의 몸통에 `nn.LayerNorm`을 넣거나, 양쪽 모두 `preset("cartpole", layer_norm=False)`를 쓰세요.
2. (개념) 2절의 예에서 $\beta = 0$이면 가중치는 어떻게 되나요? $\beta = 1$이면? 중요도 가중치가 없으면 무엇이 치우치나요?
3. (코딩) 3절의 궤적에서 마지막 스텝이 종료가 아니라 **중단**이었다면 $n = 3$ 타깃은 어떻게 바뀌나요? `terminated`를 바꿔 확인하세요.
4. (개념) n-스텝 타깃이 리플레이 버퍼의 오래된 데이터에서 왜 치우치는지, 01b의 SARSA와 Q-러닝 이야기와 연결해 설명해 보세요.
5. (최종 과제) 6절의 목표를 넘기세요. 시드 3개로 학습해 모두 넘는지 확인하고, 무엇을 바꿨는지와 학습 곡선을 짧은 보고서로 정리하세요.
""",
    en=r"""
## Summary

- A dueling network splits $Q = V + (A - \bar A)$ so that all actions' values move together. A few lines,
  and the training loop stays the same.
- Prioritized replay draws in proportion to the TD error ($p^\alpha$) and corrects the bias with importance
  weights. The 2013 paper already pointed that way.
- n-step returns bootstrap after n real rewards: stop at a termination, bootstrap at a truncation.
- Distributional RL learns the return's distribution, noisy networks learn to explore. Rainbow combined
  six ideas, Double DQN included.
- Capstone: Acrobot-v1, mean of −100 or better over 20 fresh seeds.

**Papers:** Mnih et al. 2013 [arXiv:1312.5602](https://arxiv.org/abs/1312.5602) (end of section 4: the
prioritized sampling suggestion) · Mnih et al. 2015, *Nature* 518
([doi:10.1038/nature14236](https://doi.org/10.1038/nature14236)) · Double DQN
[arXiv:1509.06461](https://arxiv.org/abs/1509.06461) · prioritized replay
[arXiv:1511.05952](https://arxiv.org/abs/1511.05952) · dueling [arXiv:1511.06581](https://arxiv.org/abs/1511.06581) ·
C51 [arXiv:1707.06887](https://arxiv.org/abs/1707.06887) · noisy networks
[arXiv:1706.10295](https://arxiv.org/abs/1706.10295) · Rainbow [arXiv:1710.02298](https://arxiv.org/abs/1710.02298) ·
Machado et al. 2018 [arXiv:1709.06009](https://arxiv.org/abs/1709.06009).

## Exercises

1. (Code) Run notebook 06's training with `DQN(preset("cartpole"), DuelingQNet(4, 2))` and compare its learning curve with `MLPQNet`'s. Do you expect a big difference on CartPole, which has only two actions? Write it down first, then run it. `DQN` uses the network it is given as it is, so `layer_norm=True` puts LayerNorm only into the `MLPQNet` that `make_agent` builds; to compare like with like, add `nn.LayerNorm` to `DuelingQNet`'s body, or use `preset("cartpole", layer_norm=False)` for both.
2. (Concept) In section 2's example, what are the weights with $\beta = 0$? With $\beta = 1$? Without importance weights, what is biased?
3. (Code) If the last step of section 3's trajectory were a **truncation** instead of a termination, how would the $n = 3$ targets change? Change `terminated` to check.
4. (Concept) Explain why n-step targets from a replay buffer's old data are biased, connecting it to notebook 01b's SARSA vs Q-learning.
5. (Capstone) Pass the goal of section 6. Train with 3 seeds, check that all pass, and write a short report of what you changed, with learning curves.
""",
)
