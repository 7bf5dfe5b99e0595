"""Notebook 07: what came after the 2013 paper — target network, Double DQN, Huber loss, clipping."""

from tools.nbbuild import Course, bi

course = Course("07_beyond_2013")

course.md(
    ko=r"""
# 07. 2013년 이후: 타깃 신경망, 더블 DQN, 후버 손실

2013년 논문(Mnih et al., *Playing Atari with Deep Reinforcement Learning*)의 DQN은 06에서 CartPole을 풀었습니다.
하지만 학습 곡선이 들쭉날쭉했던 것처럼, 이 알고리즘은 불안정하고 Q 값을 실제보다 크게
추정하는 버릇이 있습니다. 이후 몇 년 동안 나온 개선 가운데 지금은 거의 표준이 된 네 가지를 살펴봅니다. 2015년
*Nature* 논문의 타깃 신경망과 오차 클리핑, 같은 해의 더블 DQN, 그리고 그래디언트
클리핑입니다. 모두 `DQNConfig`의 필드 하나로 켤 수 있습니다.

## 학습 목표

- 2013년 DQN의 TD 타깃이 왜 "움직이는 과녁"인지 설명하고, 타깃 신경망이 그것을 어떻게 고정하는지
  그림으로 확인합니다.
- 잡음이 섞인 추정값에 $\max$를 취하면 왜 과대추정이 생기는지 실험으로 보입니다.
- 더블 DQN의 타깃 `double_dqn_target`을 직접 구현합니다. "고르기는 온라인 신경망, 값 매기기는 타깃
  신경망"입니다.
- 후버 손실과 그래디언트 클리핑이 큰 TD 오차의 영향을 어떻게 줄이는지 설명합니다.
- 여러 시드로 작은 어블레이션(ablation)을 돌려 보고, 시드 사이의 차이를 감안해 결과를 신중하게 읽습니다.
""",
    en=r"""
# 07. Beyond 2013: target network, Double DQN, Huber loss

The DQN of the 2013 paper (Mnih et al., *Playing Atari with Deep Reinforcement Learning*) solved
CartPole in notebook 06. But as the jagged learning curve hinted, the algorithm is unstable and tends to
estimate Q-values higher than they are. This notebook looks at four improvements from the following
years that are close to standard today: the target network and error clipping of the 2015 *Nature*
paper, Double DQN from the same year, and gradient clipping. Each is one field of `DQNConfig`.

## Learning goals

- Explain why the TD target of 2013 DQN is a "moving target", and see in a figure how a target network
  holds it still.
- Show by experiment why taking a $\max$ over noisy estimates overestimates.
- Implement the Double DQN target `double_dqn_target` yourself: "the online network selects, the target
  network evaluates".
- Explain how the Huber loss and gradient clipping limit the effect of large TD errors.
- Run a small ablation over several seeds and read it honestly, keeping the variation between seeds in
  mind.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from dqn_teach.agent import make_agent
from dqn_teach.config import ConfigError, preset
from dqn_teach.i18n import tr
from dqn_teach.training import train

obs_shape, num_actions = (4,), 2  # CartPole-v1
''')

course.md(
    ko=r"""
## 1. 움직이는 과녁과 타깃 신경망 (2015)

04에서 만든 TD 손실을 다시 봅시다. 2013년 DQN은 타깃과 예측을 **같은** 파라미터 $\theta$로 계산합니다.

$$
\mathcal{L}(\theta) = \mathbb{E}\Big[\big(\underbrace{r + \gamma (1 - d) \max_{a'} Q(s', a'; \theta)}_{\text{TD 타깃 } y} - Q(s, a; \theta)\big)^2\Big]
$$

타깃 $y$에는 그래디언트를 흘리지 않지만, 경사 하강법으로 $\theta$를 한 번 고칠 때마다 $y$도 함께
바뀝니다. 과녁을 향해 한 걸음 다가가면 과녁도 한 걸음 옮겨 가는 셈입니다. 게다가 CartPole처럼 $s$와 $s'$이 거의
같은 상태라면, $Q(s, a)$를 올리는 업데이트가 $Q(s', \cdot)$도 함께 올려서 타깃을 더 밀어 올리는 되먹임이 생기고,
심하면 Q 값이 발산합니다.

2015년 *Nature* 논문(Mnih et al., *Human-level control through deep reinforcement learning*)은 타깃을 계산할
신경망을 따로 둡니다. 타깃 신경망의 파라미터 $\theta^-$는 $C$번의 경사 하강 스텝마다 온라인 신경망의 $\theta$를
그대로 복사해 오고, 그 사이에는 움직이지 않습니다.

$$
y = r + \gamma (1 - d) \max_{a'} Q(s', a'; \theta^-), \qquad \theta^- \leftarrow \theta \text{ (}C\text{ 스텝마다)}
$$

복사와 복사 사이에는 고정된 타깃에 맞추는 평범한 회귀 문제가 됩니다. 패키지에서는
`target_update_period=C`(경사 하강 스텝 단위)로 켜고, `None`이면 2013년 방식입니다.

실제로 확인해 봅시다. 무작위로 움직여 리플레이 버퍼를 채운 뒤, 고정된 미니배치 하나의 평균 TD 타깃이 경사 하강
스텝에 따라 어떻게 변하는지 두 방식으로 기록합니다.
""",
    en=r"""
## 1. A moving target, and the target network (2015)

Look again at the TD loss from notebook 04. 2013 DQN computes the target and the prediction with the
**same** parameters $\theta$:

$$
\mathcal{L}(\theta) = \mathbb{E}\Big[\big(\underbrace{r + \gamma (1 - d) \max_{a'} Q(s', a'; \theta)}_{\text{TD target } y} - Q(s, a; \theta)\big)^2\Big]
$$

No gradient flows through the target $y$, but every gradient-descent step on $\theta$ changes $y$ as
well: each step towards the target moves the target. Worse, when $s$ and $s'$ are nearly the same
state, as in CartPole, an update that raises $Q(s, a)$ also raises $Q(s', \cdot)$ and pushes the target
further up. That feedback loop can make the Q-values diverge.

The 2015 *Nature* paper (Mnih et al., *Human-level control through deep reinforcement learning*)
computes the target with a separate network. The target network's parameters $\theta^-$ are a copy of
the online network's $\theta$, refreshed every $C$ gradient steps and frozen in between:

$$
y = r + \gamma (1 - d) \max_{a'} Q(s', a'; \theta^-), \qquad \theta^- \leftarrow \theta \text{ (every } C \text{ steps)}
$$

Between two copies, learning is ordinary regression onto fixed targets. In the package you switch it on
with `target_update_period=C` (in gradient steps); `None` is the 2013 way.

Let us watch it happen. We fill a replay buffer by acting at random, then record, for both ways, how the
mean TD target of one fixed mini-batch changes over the gradient steps.
""",
)

course.code(**bi('''
def td_target_trace(target_update_period, gradient_steps=300):
    """«고정된 미니배치 하나의 평균 TD 타깃을 경사 하강 스텝마다 기록합니다|Mean TD target of one fixed mini-batch after every gradient step»: (gradient_steps,)."""
    config = preset(
        "cartpole",
        epoch=1,
        learning_starts=10**9,  # «train() 중에는 배우지 않고 모으기만|collect only: no learning inside train()»
        epsilon_linear_decay=(0, 1, 1.0, 1.0),  # «ε = 1: 무작위 행동|ε = 1: random actions»
        target_update_period=target_update_period,
        double_dqn=False,
    )
    agent = make_agent(config, obs_shape, num_actions)
    train(agent, "CartPole-v1", total_steps=1_000, eval_every=0, progress=False)
    obs, action, next_obs, reward, terminated = agent.replay_buffer.sample()  # «관찰할 고정 배치|the fixed probe batch»
    trace = []
    for _ in range(gradient_steps):
        agent.train()  # «경사 하강 1스텝 (epoch=1)|one gradient step (epoch=1)»
        trace.append(agent.compute_td_target(next_obs, reward, terminated).mean().item())
    return np.array(trace)


TARGET_PERIOD = 50
fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
ax.plot(td_target_trace(None), label=tr(LANG, "2013: 타깃 신경망 없음", "2013: no target network"))
ax.plot(td_target_trace(TARGET_PERIOD),
        label=tr(LANG, f"2015: 타깃 신경망 ({TARGET_PERIOD} 스텝마다 복사)",
                 f"2015: target network (copied every {TARGET_PERIOD} steps)"))
ax.set(xlabel=tr(LANG, "경사 하강 스텝", "gradient step"),
       ylabel=tr(LANG, "고정 배치의 평균 TD 타깃", "mean TD target of a fixed batch"),
       title=tr(LANG, "과녁이 움직이는 방식", "How the target moves"))
fig.legend(loc="outside lower center", ncols=2)
plt.show()
'''))

course.md(
    ko=r"""
2013년 방식의 타깃은 스텝마다 쉬지 않고 움직이고, 자기 자신을 쫓는 되먹임 때문에 크게 출렁이기도 합니다. 타깃
신경망을 쓰면 타깃이 50 스텝 동안 평평하게 멈춰 있다가 복사하는 순간에만 계단처럼 뜁니다. 두 곡선이 모두 위로
올라가는 것 자체는 정상입니다. 보상이 스텝마다 +1이므로 Q 값은 처음의 0 근처에서 점점 커져야 합니다. 차이는
**어떻게** 올라가느냐입니다.

대가도 있습니다. 타깃은 최대 $C$ 스텝 전의 신경망이 만든 것이라, 새로 배운 것이 타깃에 반영되기까지 그만큼 늦습니다.
$C$가 너무 크면 학습이 느려지고, 너무 작으면 2013년 방식과 다르지 않습니다.
""",
    en=r"""
The 2013 target moves with every single step, and the feedback of chasing itself can make it swing
widely. With a target network it stays flat for 50 steps and jumps like a staircase only when the copy
happens. That both curves rise is expected in itself: the reward is +1 per step, so the Q-values must
grow from around 0. The difference is **how** they rise.

There is a price. The target comes from a network up to $C$ steps old, so what was just learned reaches
the target that much later. Too large a $C$ slows learning; too small a $C$ is no different from 2013.
""",
)

course.md(
    ko=r"""
## 2. $\max$는 잡음을 좋아한다: 과대추정

TD 타깃의 $\max_{a'} Q(s', a')$에는 또 다른 함정이 있습니다. Q 값은 추정값이라 잡음 $\eta_{a'}$가 섞여 있습니다.
잡음의 평균이 0이어도, 가장 큰 값을 고르면 위쪽으로 튄 잡음을 골라내게 됩니다.

$$
\mathbb{E}\Big[\max_{a'} \big(Q(s', a') + \eta_{a'}\big)\Big] \;\ge\; \max_{a'} Q(s', a')
$$

부트스트래핑을 하면 이 편향(bias)이 타깃을 통해 앞 상태로 계속 전해져 쌓입니다.

실험해 봅시다. 모든 행동의 참 Q 값이 0이고, 추정값에는 표준편차 1인 잡음이 섞여 있다고 합시다. 행동 수를 늘려
가며 두 가지를 비교합니다.

- **단일 추정**: 잡음 섞인 추정값 하나로 고르고 그 값을 그대로 씁니다 ($\max$).
- **이중 추정**: 추정값 A로 행동을 고르고, 잡음이 독립인 추정값 B에서 그 행동의 값을 읽습니다.
""",
    en=r"""
## 2. $\max$ loves noise: overestimation

The $\max_{a'} Q(s', a')$ in the TD target hides another trap. Q-values are estimates with noise
$\eta_{a'}$ (not the exploration rate ε of notebook 03). Even when the noise has mean 0, picking the largest value picks the noise that happened
to point up:

$$
\mathbb{E}\Big[\max_{a'} \big(Q(s', a') + \eta_{a'}\big)\Big] \;\ge\; \max_{a'} Q(s', a')
$$

With bootstrapping this bias is passed back through the targets to earlier states, and it adds up.

An experiment: let every action's true Q-value be 0, and let the estimates carry noise with standard
deviation 1. As the number of actions grows we compare:

- **single estimator**: select with one noisy estimate and use its value (the $\max$);
- **double estimator**: select the action with estimate A, then read its value from estimate B, whose
  noise is independent.
""",
)

course.md(
    ko=r"""
**예측해 보세요.** 참 Q 값이 모두 0인 행동이 10개 있고, 추정값에는 표준편차 1인 잡음이 있습니다. 단일 추정(잡음 섞인 값의 $\max$)의 평균은 얼마쯤일까요? 0, 0.5, 1.5, 3 중에서 골라 보세요. 이중 추정의 평균은요?

아래 셀에 예측을 적어 실행한 다음, 그다음 셀을 실행해 확인하세요.
""",
    en=r"""
**Predict first.** Ten actions all have a true Q-value of 0, and the estimates carry noise with standard deviation 1. What is the mean of the single estimator (the $\max$ of the noisy values): about 0, 0.5, 1.5 or 3? And of the double estimator?

Write your prediction in the cell below and run it, then run the next cell to find out.
""",
)

course.code(**bi('''
my_prediction = None  # «여기에 예측을 적으세요|write your prediction here»
'''))

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
num_samples, max_actions = 100_000, 10
estimate_a = rng.normal(size=(num_samples, max_actions))  # «참 Q 값은 모두 0, 잡음만 있음|true Q-values are all 0: pure noise»
estimate_b = rng.normal(size=(num_samples, max_actions))  # «A와 독립인 두 번째 추정|a second estimate, independent of A»

action_counts = np.arange(1, max_actions + 1)
single, double = [], []
for n in action_counts:
    chosen = estimate_a[:, :n].argmax(axis=1)  # (num_samples,)
    single.append(estimate_a[np.arange(num_samples), chosen].mean())
    double.append(estimate_b[np.arange(num_samples), chosen].mean())

for n in (2, 4, 10):
    print(f"«행동|actions» {n:2d}: «단일 추정|single» {single[n - 1]:+.3f}   «이중 추정|double» {double[n - 1]:+.3f}")

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(action_counts, single, "o-", label=tr(LANG, "단일 추정: max (DQN)", "single estimator: max (DQN)"))
ax.plot(action_counts, double, "s-", label=tr(LANG, "이중 추정 (더블 DQN)", "double estimator (Double DQN)"))
ax.axhline(0, color="gray", linestyle="--", label=tr(LANG, "참값 0", "true value 0"))
ax.set(xlabel=tr(LANG, "행동 수", "number of actions"),
       ylabel=tr(LANG, "고른 행동의 추정값 평균", "mean estimate of the chosen action"),
       title=tr(LANG, "잡음 섞인 Q 값에 max를 취하면", "Taking the max of noisy Q-values"))
ax.legend()
plt.show()
'''))

course.md(
    ko=r"""
참값은 0인데도 단일 추정은 행동이 2개면 약 0.56, 10개면 약 1.5만큼 부풀려집니다. 행동이 많을수록 운 좋은 잡음이
하나쯤 있을 가능성이 커지기 때문입니다(Atari 게임은 행동이 최대 18개입니다). 이중 추정은 고르는 잡음과 값을 매기는
잡음이 독립이라 편향이 사라집니다.

## 3. 더블 DQN

van Hasselt, Guez, Silver (2015, *Deep Reinforcement Learning with Double Q-learning*)는 이 생각을 DQN에 그대로
옮겼습니다. 두 번째 추정값을 새로 만들 필요 없이, 이미 있는 두 신경망을 씁니다. 다음 행동은 **온라인 신경망**으로
고르고, 그 행동의 값은 **타깃 신경망**에서 읽습니다.

$$
a^* = \arg\max_{a'} Q(s', a'; \theta), \qquad
y^{\text{Double}} = r + \gamma (1 - d)\, Q(s', a^*; \theta^-)
$$

일반 DQN은 고르기와 값 매기기를 모두 $\theta^-$로 합니다($\max_{a'} Q(s', a'; \theta^-)$). 두 신경망은 완전히
독립은 아니므로(타깃 신경망은 온라인 신경망의 예전 복사본입니다) 편향을 줄일 뿐 없애지는 못하지만, 추가 계산은
순전파 한 번뿐입니다.

손으로 먼저 계산해 봅시다. 다음 상태에서 온라인 신경망의 Q 값이 $(1, 3)$, 타깃 신경망의 Q 값이 $(2, 0.5)$이고,
$r = 1$, $\gamma = 0.9$이며 에피소드가 종료되지 않았다고 합시다.

- 타깃 신경망을 쓰는 DQN: $y = 1 + 0.9 \cdot \max(2, 0.5) = 2.8$
- 더블 DQN: 온라인 신경망이 행동 1을 고르고($3 > 1$), 타깃 신경망의 행동 1의 값은 $0.5$이므로
  $y = 1 + 0.9 \cdot 0.5 = 1.45$

### 직접 만들기

`double_dqn_target`을 완성하세요. 입력과 출력의 모양은 다음과 같습니다.

- `reward`, `terminated`: `(B, 1)`. `terminated`는 에피소드가 정말 끝난 곳에서 1.0입니다.
- `next_obs`: `(B, *obs_shape)`
- `online_network`, `target_network`: `(B, *obs_shape)` → `(B, A)`
- 돌려주는 값: `(B, 1)`, 그래디언트 없이
""",
    en=r"""
The true value is 0, yet the single estimator is inflated by about 0.56 with 2 actions and about 1.5 with
10: the more actions, the likelier that one of them got lucky noise (Atari games have up to 18 actions).
The double estimator has no bias, because the noise that selects and the noise that evaluates are
independent.

## 3. Double DQN

van Hasselt, Guez and Silver (2015, *Deep Reinforcement Learning with Double Q-learning*) carried this
idea over to DQN. There is no need to build a second estimate: the two networks we already have will do.
The **online network** selects the next action, and the **target network** says what it is worth:

$$
a^* = \arg\max_{a'} Q(s', a'; \theta), \qquad
y^{\text{Double}} = r + \gamma (1 - d)\, Q(s', a^*; \theta^-)
$$

Plain DQN selects and evaluates with $\theta^-$ alone ($\max_{a'} Q(s', a'; \theta^-)$). The two networks
are not fully independent (the target network is an old copy of the online one), so the bias shrinks
rather than vanishes, but the extra cost is one forward pass.

First by hand. In the next state the online network's Q-values are $(1, 3)$ and the target network's
are $(2, 0.5)$; $r = 1$, $\gamma = 0.9$, not terminated.

- DQN with a target network: $y = 1 + 0.9 \cdot \max(2, 0.5) = 2.8$
- Double DQN: the online network selects action 1 ($3 > 1$), whose target-network value is $0.5$, so
  $y = 1 + 0.9 \cdot 0.5 = 1.45$

### Your turn

Complete `double_dqn_target`. Shapes in and out:

- `reward`, `terminated`: `(B, 1)`; `terminated` is 1.0 where the episode really ended.
- `next_obs`: `(B, *obs_shape)`
- `online_network`, `target_network`: `(B, *obs_shape)` → `(B, A)`
- returns `(B, 1)`, without gradient
""",
)

course.code(**bi('''
def double_dqn_target(reward, next_obs, terminated, gamma, online_network, target_network):
    """«더블 DQN의 TD 타깃|The Double DQN TD target» r + γ (1 − terminated) Q_target(s', argmax_a' Q_online(s', a')): (B, 1)."""
    with torch.no_grad():
        # NO HINT
        ### BEGIN SOLUTION
        next_action = online_network(next_obs).argmax(dim=1, keepdim=True)  # (B, 1): «온라인이 고름|online selects»
        next_q_value = target_network(next_obs).gather(1, next_action)  # (B, 1): «타깃이 값을 매김|target evaluates»
        return reward + gamma * (1.0 - terminated) * next_q_value
        ### END SOLUTION
'''))

course.md(
    ko=r"""
위의 손 계산으로 먼저 확인합니다. `FixedQ`는 어떤 관측이 들어와도 같은 Q 값을 내는 작은 "신경망"입니다.
""",
    en=r"""
First the example worked by hand above. `FixedQ` is a tiny "network" that returns the same Q-values for
any observation.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
class FixedQ(nn.Module):
    """«관측과 상관없이 같은 Q 값|The same Q-values for every observation»: (B, *obs_shape) → (B, A)."""

    def __init__(self, q_values):
        super().__init__()
        self.q_values = torch.tensor([q_values])  # (1, A)

    def forward(self, obs):
        return self.q_values.expand(obs.shape[0], -1)


online_network, target_network = FixedQ([1.0, 3.0]), FixedQ([2.0, 0.5])
reward, next_obs, terminated = torch.tensor([[1.0]]), torch.zeros(1, 4), torch.tensor([[0.0]])
dqn_target = reward + 0.9 * (1.0 - terminated) * target_network(next_obs).max(dim=1, keepdim=True).values
print("«타깃 신경망 DQN|DQN, target network»:", dqn_target)
print("«더블 DQN|Double DQN»:", double_dqn_target(reward, next_obs, terminated, 0.9, online_network, target_network))
'''))

course.code(**bi('''
from dqn_teach.checks import check_double_dqn_target

check_double_dqn_target(double_dqn_target, lang="«ko|en»");
'''))

course.md(
    ko=r"""
패키지에서는 `double_dqn=True`로 켭니다. 더블 DQN은 고르는 신경망과 값을 매기는 신경망이 달라야 의미가 있으므로,
타깃 신경망 없이 켜면 설정 단계에서 바로 오류가 납니다.
""",
    en=r"""
In the package you switch it on with `double_dqn=True`. Double DQN means something only when the network
that selects differs from the one that evaluates, so switching it on without a target network fails
right away, when the config is made.
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
try:
    preset("cartpole", double_dqn=True, target_update_period=None)
except ConfigError as error:
    print("ConfigError:", error)
''')

course.md(
    ko=r"""
## 4. 큰 오차 길들이기: 후버 손실과 그래디언트 클리핑

평균제곱오차는 TD 오차 $u = y - Q(s, a; \theta)$의 제곱이라(04에서 $\delta$로 쓴 TD 오차를 여기서는 $u$로 씁니다.
$\delta$는 아래 후버 손실의 문턱값입니다), 그래디언트가 오차에 비례해 커집니다. 보상 크기가
게임마다 다르고 타깃이 움직이는 DQN에서는 가끔 아주 큰 오차가 나오고, 그 한 번의 큰 그래디언트가 신경망을 멀리
밀어낼 수 있습니다. 2015년 논문은 오차 항을 $[-1, 1]$로 자르는 "오차 클리핑"을 썼는데, 이는 다음 후버 손실을 쓰는
것과 같습니다($\delta = 1$).

$$
\ell_\delta(u) =
\begin{cases}
\tfrac{1}{2} u^2 & |u| \le \delta \\
\delta \left(|u| - \tfrac{1}{2}\delta\right) & |u| > \delta
\end{cases}
\qquad
\frac{d\ell_\delta}{du} = \operatorname{clip}(u, -\delta, \delta)
$$

작은 오차에서는 제곱, 큰 오차에서는 절댓값처럼 선형으로 커지므로 그래디언트의 크기가 $\delta$를 넘지 않습니다. PyTorch의
`F.smooth_l1_loss`(기본 `beta=1`)가 $\delta = 1$인 후버 손실이고, 패키지에서는 `loss="huber"`로 켭니다.
""",
    en=r"""
## 4. Taming large errors: the Huber loss and gradient clipping

The mean squared error (MSE) squares the TD error $u = y - Q(s, a; \theta)$ (notebook 04 called it
$\delta$; here $\delta$ is the Huber threshold below), so its gradient grows in
proportion to the error. In DQN, where reward scales differ between games and the target moves, a very
large error shows up now and then, and that one large gradient can throw the network far off. The 2015
paper clipped the error term to $[-1, 1]$ ("error clipping"), which is the same as using the Huber loss
with $\delta = 1$:

$$
\ell_\delta(u) =
\begin{cases}
\tfrac{1}{2} u^2 & |u| \le \delta \\
\delta \left(|u| - \tfrac{1}{2}\delta\right) & |u| > \delta
\end{cases}
\qquad
\frac{d\ell_\delta}{du} = \operatorname{clip}(u, -\delta, \delta)
$$

It is quadratic for small errors and linear for large ones, so the gradient never exceeds $\delta$ in
size. PyTorch's `F.smooth_l1_loss` (default `beta=1`) is the Huber loss with $\delta = 1$; in the package
you switch it on with `loss="huber"`.
""",
)

course.code(**bi('''
td_error = torch.linspace(-3, 3, 301, requires_grad=True)
target = torch.zeros_like(td_error)
curves = {}
for name, loss_fn in (("MSE", F.mse_loss), ("«후버|Huber»", F.smooth_l1_loss)):
    loss = loss_fn(td_error, target, reduction="none")  # (301,)
    (gradient,) = torch.autograd.grad(loss.sum(), td_error)
    curves[name] = (loss.detach(), gradient)

fig, (loss_ax, grad_ax) = plt.subplots(1, 2, figsize=(10, 3.6))
for name, (loss, gradient) in curves.items():
    loss_ax.plot(td_error.detach(), loss, label=name)
    grad_ax.plot(td_error.detach(), gradient, label=name)
loss_ax.set(xlabel=tr(LANG, "TD 오차 u", "TD error u"), ylabel=tr(LANG, "손실", "loss"),
            title=tr(LANG, "손실", "Loss"))
grad_ax.set(xlabel=tr(LANG, "TD 오차 u", "TD error u"), ylabel=tr(LANG, "그래디언트 dℓ/du", "gradient dℓ/du"),
            title=tr(LANG, "그래디언트: 후버는 ±1에서 멈춘다", "Gradient: Huber stops at ±1"))
loss_ax.legend()
grad_ax.legend()
plt.show()
'''))

course.md(
    ko=r"""
그래디언트 클리핑은 같은 생각을 손실이 아니라 그래디언트 전체에 적용합니다. 모든 파라미터의 그래디언트를 하나의
벡터 $g$로 보고, 그 길이가 $c$를 넘으면 방향은 그대로 두고 길이만 $c$로 줄입니다.

$$
g \leftarrow g \cdot \min\!\left(1, \frac{c}{\lVert g \rVert_2}\right)
$$

PyTorch의 `torch.nn.utils.clip_grad_norm_`이 이 일을 하고, 패키지에서는 `max_grad_norm=c`로 켭니다(`None`이면 끔).
""",
    en=r"""
Gradient clipping applies the same idea to the whole gradient instead of the loss. It treats the
gradients of all parameters as one vector $g$ and, when its length exceeds $c$, keeps the direction and
shrinks the length to $c$:

$$
g \leftarrow g \cdot \min\!\left(1, \frac{c}{\lVert g \rVert_2}\right)
$$

PyTorch's `torch.nn.utils.clip_grad_norm_` does it; in the package you switch it on with
`max_grad_norm=c` (`None` switches it off).
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
weights = torch.zeros(3, requires_grad=True)
weights.grad = torch.tensor([30.0, 40.0, 0.0])  # «길이 50인 그래디언트|a gradient of length 50»
norm_before = torch.nn.utils.clip_grad_norm_([weights], max_norm=10.0)
print("«클리핑 전 길이|norm before»:", norm_before.item())
print("«클리핑 후 그래디언트|gradient after»:", [round(value, 4) for value in weights.grad.tolist()])
'''))

course.md(
    ko=r"""
## 5. 어블레이션: 정말 도움이 될까?

어블레이션은 부품을 하나씩 더하거나 빼면서 각 부품의 효과를 재는 실험입니다. 세 가지 변형을 CartPole에서
비교합니다. 나머지 설정은 모두 06의 `preset("cartpole")`과 같습니다.

1. **2013**: 타깃 신경망 없음, MSE
2. **+ 타깃 신경망**: `target_update_period=100` (경사 하강 100 스텝마다 복사)
3. **+ 더블 DQN + 후버 + 클리핑**: 2에 `double_dqn=True`, `loss="huber"`, `max_grad_norm=10.0`

변형마다 시드 3개, 각각 짧은 예산으로 학습하고, 정해진 간격으로 탐욕 평가를 합니다. 노트북 전체가 1분 안에 끝나도록
예산을 작게 잡았으므로 대부분의 실행은 아직 CartPole을 풀지 못한 상태에서 끝납니다. 이 실험이 보여 주는 것은
"학습 초반의 모습"입니다.
""",
    en=r"""
## 5. Ablation: does it really help?

An ablation measures what each part does by adding or removing parts one at a time. We compare three
variants on CartPole; every other setting is 06's `preset("cartpole")`:

1. **2013**: no target network, MSE
2. **+ target network**: `target_update_period=100` (copied every 100 gradient steps)
3. **+ Double DQN + Huber + clipping**: 2 plus `double_dqn=True`, `loss="huber"`, `max_grad_norm=10.0`

Each variant trains with 3 seeds on a short budget, with greedy evaluations at fixed intervals. The
budget is small so that the whole notebook runs in under a minute, which means most runs end before they
solve CartPole. What this experiment shows is the *early* part of learning.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
VARIANTS = {
    "2013": dict(target_update_period=None, double_dqn=False, loss="mse", max_grad_norm=None),
    tr(LANG, "+ 타깃 신경망", "+ target network"): dict(
        target_update_period=100, double_dqn=False, loss="mse", max_grad_norm=None),
    tr(LANG, "+ 더블 DQN + 후버 + 클리핑", "+ Double DQN + Huber + clipping"): dict(
        target_update_period=100, double_dqn=True, loss="huber", max_grad_norm=10.0),
}
SEEDS = (0, 1, 2)
ABLATION_STEPS, EVAL_EVERY = 3_000, 500  # «노트북 전체가 45초 안에 끝나도록 잰 예산|measured to keep the whole notebook under 45 s»

curves = {}  # «변형 이름 → (시드 수, 평가 횟수) 평가 평균|variant → (num_seeds, num_evaluations) evaluation means»
for name, changes in VARIANTS.items():
    started = time.perf_counter()
    runs = []
    for seed in SEEDS:
        agent = make_agent(preset("cartpole", seed=seed, **changes), obs_shape, num_actions)
        result = train(agent, "CartPole-v1", total_steps=ABLATION_STEPS, eval_every=EVAL_EVERY,
                       eval_episodes=5, progress=False)
        runs.append(result.eval_means)
    curves[name] = np.array(runs)
    print(f"{time.perf_counter() - started:5.1f} s  {name}")
eval_steps = np.array(result.eval_steps)
'''))

course.code(**bi('''
fig, axes = plt.subplots(1, len(curves), figsize=(13, 3.8), sharey=True)
for ax, (name, runs) in zip(axes, curves.items()):
    for seed, run in zip(SEEDS, runs):
        ax.plot(eval_steps, run, color="0.65", linewidth=1,
                label=tr(LANG, "시드별", "per seed") if seed == SEEDS[0] else None)
    ax.plot(eval_steps, runs.mean(axis=0), "o-", color="tab:blue", linewidth=2,
            label=tr(LANG, f"평균 ({len(SEEDS)} 시드)", f"mean ({len(SEEDS)} seeds)"))
    ax.axhline(475, color="tab:red", linestyle="--", linewidth=1)
    ax.set(title=name, xlabel=tr(LANG, "환경 스텝", "environment step"), ylim=(0, 520))
axes[0].set_ylabel(tr(LANG, "탐욕 평가 평균 (5 에피소드)", "greedy evaluation mean (5 episodes)"))
axes[0].legend(loc="upper left")
plt.show()
'''))

course.md(
    ko=r"""
그림 하나로는 비교하기 어려우니 숫자로 요약합니다. 실행마다 **평가 평균의 평균**(곡선 아래 넓이에 해당하므로
학습 속도와 안정성을 함께 봅니다)을 구하고, 변형별로 시드 사이의 평균과 표준편차를 냅니다.
""",
    en=r"""
One figure is hard to compare, so we summarise with numbers. For each run we take the **mean of its
evaluation means** (the area under its curve, which reflects both speed and stability), then the mean
and standard deviation across seeds for each variant.
""",
)

course.code(**bi('''
area = {name: runs.mean(axis=1) for name, runs in curves.items()}  # «변형별 (시드 수,)|per variant: (num_seeds,)»
for name, per_seed in area.items():
    seeds = ", ".join(f"{value:5.1f}" for value in per_seed)
    print(f"«평균|mean» {per_seed.mean():5.1f} ± {per_seed.std(ddof=1):4.1f}   «시드별|per seed» [{seeds}]   {name}")

means = [per_seed.mean() for per_seed in area.values()]
spread = np.mean([per_seed.std(ddof=1) for per_seed in area.values()])
print(f"\\n«변형 평균 사이의 가장 큰 차이|largest gap between variant means»: {max(means) - min(means):.1f}")
print(f"«시드 사이 표준편차 (변형 평균)|seed-to-seed standard deviation (averaged over variants)»: {spread:.1f}")
'''))

course.md(
    ko=r"""
결과를 읽을 때는 다음을 기억해야 합니다.

- **시드 사이의 차이가 큽니다.** 같은 변형 안에서도 시드에 따라 곡선이 크게 다릅니다. 변형 평균 사이의 차이가
  시드 사이의 표준편차와 비슷하거나 작다면, 시드 3개로는 어느 변형이 낫다고 말할 수 없습니다. 시드 3개의 평균은
  그 자체로 대략 표준편차 ÷ $\sqrt{3}$만큼 흔들리므로, 차이가 표준편차의 두 배쯤 되더라도 결론이라기보다는 더
  실험해 볼 단서입니다. 강화학습 논문이 보통 5–10개 이상의 시드를 쓰는 이유입니다.
- **짧은 예산은 초반만 봅니다.** 타깃 신경망은 새로 배운 것이 타깃에 늦게 반영되므로 학습 초반에는 오히려 조금
  느릴 수 있습니다. 그 대가로 얻는 안정성은 학습이 길어지고, 보상이 크고 Q 값이 커지는 Atari 같은 문제에서
  드러납니다. 2015년 논문에서도 타깃 신경망이 가장 큰 차이를 만든 것은 수천만 프레임의 Atari 학습이었습니다.
- **이 실험은 "효과가 없다"는 증거도 아닙니다.** 작은 실험은 작은 질문에만 답합니다. 더 확실히 알고 싶다면 아래
  연습 문제처럼 시드와 예산을 늘려 보세요. 몇 분이 걸리니 같은 코드를 파이썬 스크립트로 옮겨 돌리는 편이 좋습니다.
""",
    en=r"""
Keep these points in mind when you read the result:

- **Seeds differ a lot.** Within one variant the curves vary widely from seed to seed. If the gap between
  variant means is about as large as the seed-to-seed standard deviation, or smaller, three seeds cannot
  tell which variant is better. A mean over three seeds itself wobbles by roughly the standard deviation
  divided by $\sqrt{3}$, so even a gap of about twice the standard deviation is a lead to follow up, not
  a conclusion. That is why reinforcement-learning papers usually report 5–10 seeds or more.
- **A short budget shows only the start.** With a target network, what was just learned reaches the
  target later, so early learning can even be a little slower. The stability it buys shows on long runs
  with large rewards and Q-values, such as Atari; in the 2015 paper, too, the target network made its
  largest difference in Atari training over tens of millions of frames.
- **Nor is this evidence of "no effect".** A small experiment answers only a small question. To learn
  more, raise the seeds and the budget as in the exercises below. That takes minutes, so move the same
  code into a Python script and run it there.
""",
)

course.md(
    ko=r"""
**📄 논문에서** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): 타깃 신경망과 오차 클리핑은 2013년 논문이 아니라 Mnih et al. 2015, *Nature* 518 ([doi:10.1038/nature14236](https://doi.org/10.1038/nature14236))의 Methods 절에 있습니다. 더블 DQN은 van Hasselt, Guez, Silver (2016, [arXiv:1509.06461](https://arxiv.org/abs/1509.06461))입니다.

## 요약

- 2013년 DQN은 타깃을 학습 중인 신경망으로 계산하므로, 한 스텝 배울 때마다 타깃도 움직입니다. 2015년 타깃
  신경망은 $C$ 스텝마다 복사한 고정 신경망 $\theta^-$로 타깃을 계산합니다(`target_update_period`).
- 잡음 섞인 추정값에 $\max$를 취하면 평균적으로 위로 치우칩니다: $\mathbb{E}[\max_a \hat Q] \ge \max_a Q$.
  행동이 많을수록 심해집니다.
- 더블 DQN은 온라인 신경망으로 고르고 타깃 신경망으로 값을 매겨 이 편향을 줄입니다:
  $y = r + \gamma(1-d)\,Q(s', \arg\max_{a'} Q(s', a'; \theta); \theta^-)$ (`double_dqn=True`, 타깃 신경망 필요).
- 후버 손실(`loss="huber"`)은 TD 오차의 그래디언트를 $[-1, 1]$로 자르고, 그래디언트 클리핑(`max_grad_norm`)은
  전체 그래디언트의 길이를 제한합니다.
- 어블레이션은 여러 시드로 돌리고, 변형 사이의 차이를 시드 사이의 차이와 비교해 읽어야 합니다.

## 연습 문제

1. (코딩) 1절의 `TARGET_PERIOD`를 10과 200으로 바꿔 그림을 다시 그리세요. 계단의 모양은 어떻게 바뀌나요? 타깃이 가장 안정적인
   설정과 가장 빨리 따라오는 설정은 무엇인가요?
2. (코딩) 2절의 실험에서 잡음의 표준편차를 0.5와 2로 바꾸면 단일 추정의 편향은 어떻게 변하나요? 편향이 표준편차에
   비례한다는 것을 식으로 설명해 보세요.
3. (코딩) 더블 DQN에서 두 신경망의 역할을 바꾸면(타깃 신경망으로 고르고 온라인 신경망으로 값을 매김) 무엇이 문제일까요?
   `check_double_dqn_target`에 그렇게 구현한 함수를 넣어 보세요.
4. (코딩) 5절의 어블레이션을 시드 5개, `ABLATION_STEPS = 20_000`으로 늘려 돌려 보세요(몇 분 걸립니다). 결론이 바뀌나요?
   "해결한 스텝"이나 "마지막 평가 평균" 같은 다른 요약 지표를 쓰면 어떤가요?
5. (도전) 학습 중인 에이전트의 Q 값과 실제 반환값을 비교해 과대추정을 직접 재 보세요. 평가 에피소드의 첫 관측에서
   $\max_a Q(s_0, a)$와, 실제로 얻은 할인된 반환값 $\sum_t \gamma^t r_t$를 기록하고, 2013 변형과 더블 DQN 변형에서 둘의
   차이를 비교하세요.
""",
    en=r"""
**📄 In the paper** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): The target network and error clipping are not in the 2013 paper but in the Methods of Mnih et al. 2015, *Nature* 518 ([doi:10.1038/nature14236](https://doi.org/10.1038/nature14236)). Double DQN is van Hasselt, Guez and Silver (2016, [arXiv:1509.06461](https://arxiv.org/abs/1509.06461)).

## Summary

- 2013 DQN computes its target with the network being trained, so every step of learning moves the
  target. The 2015 target network computes targets with a frozen copy $\theta^-$, refreshed every $C$
  steps (`target_update_period`).
- Taking a $\max$ over noisy estimates is biased upwards on average, $\mathbb{E}[\max_a \hat Q] \ge
  \max_a Q$, and more so with more actions.
- Double DQN selects with the online network and evaluates with the target network, which shrinks that
  bias: $y = r + \gamma(1-d)\,Q(s', \arg\max_{a'} Q(s', a'; \theta); \theta^-)$ (`double_dqn=True`, needs a
  target network).
- The Huber loss (`loss="huber"`) clips the gradient of each TD error to $[-1, 1]$; gradient clipping
  (`max_grad_norm`) caps the length of the whole gradient.
- Run ablations over several seeds, and read the gaps between variants against the gaps between seeds.

## Exercises

1. (Code) Set `TARGET_PERIOD` in section 1 to 10 and to 200 and redraw. How does the staircase change? Which
   setting keeps the target steadiest, and which follows fastest?
2. (Code) In the experiment of section 2, change the noise's standard deviation to 0.5 and to 2. How does the
   single estimator's bias change? Explain with a formula why the bias is proportional to the standard
   deviation.
3. (Code) What goes wrong if Double DQN swaps the roles (select with the target network, evaluate with the
   online network)? Pass such a function to `check_double_dqn_target`.
4. (Code) Rerun the ablation of section 5 with 5 seeds and `ABLATION_STEPS = 20_000` (it takes a few minutes).
   Does the conclusion change? What about other summaries, such as the step at which a run solves, or
   the last evaluation mean?
5. (Challenge) Measure overestimation directly by comparing a training agent's Q-values with the returns
   it really gets. At the first observation of an evaluation episode, record $\max_a Q(s_0, a)$ and the
   discounted return actually obtained, $\sum_t \gamma^t r_t$; compare the gap for the 2013 variant and
   the Double DQN variant.
""",
)
