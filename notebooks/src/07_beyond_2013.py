"""Notebook 07: what came after the 2013 paper — target network, Double DQN, Huber loss, clipping,
and the stable preset's LayerNorm, learning-rate decay and n-step returns."""

from tools.nbbuild import Course, bi

course = Course("07_beyond_2013")

course.md(
    ko=r"""
# 07. 2013년 이후: 타깃 신경망, 더블 DQN, 후버 손실

2013년 논문(Mnih et al., *Playing Atari with Deep Reinforcement Learning*)의 DQN, 곧 `preset("cartpole-2013")`은
CartPole을 빨리 풉니다. 하지만 학습을 계속하면 Q 값이 어떤 반환값도 닿을 수 없는 천장 $1/(1-\gamma)$를 넘어
발산합니다(5절에서 시드 5개로 확인합니다). 이 알고리즘은 불안정하고 Q 값을 실제보다 크게 추정하는 버릇이 있습니다. 이후 몇 년 동안 나온 개선 가운데 지금은 거의 표준이 된 네 가지를 살펴봅니다. 2015년
*Nature* 논문의 타깃 신경망과 오차 클리핑, 같은 해의 더블 DQN, 그리고 그래디언트
클리핑입니다. 모두 `DQNConfig`의 필드 하나로 켤 수 있습니다. 마지막으로 세 가지를 더 봅니다. 더 최근의 층 정규화와
학습률 감소, 그리고 Rainbow(2017)가 DQN에 들여온 n-스텝 반환값입니다. 이 셋에 타깃 신경망과 더블 DQN을 합치고
설정값 몇 개(입실론을 1.0에서 시작, 16 스텝마다 1,024개짜리 미니배치로 한 번 학습)를 바꾸고, CartPole에만 통하는 거울상 학습(06의 2절)을 더한 것이 이 코스의
안정적인 기본 설정 `preset("cartpole")`입니다.

## 학습 목표

- 2013년 DQN의 TD 타깃이 왜 "움직이는 과녁"인지 설명하고, 타깃 신경망이 그것을 어떻게 고정하는지
  그림으로 확인합니다.
- 잡음이 섞인 추정값에 $\max$를 취하면 왜 과대추정이 생기는지 실험으로 보입니다.
- 더블 DQN의 타깃 `double_dqn_target`을 직접 구현합니다. "고르기는 온라인 신경망, 값 매기기는 타깃
  신경망"입니다.
- 후버 손실과 그래디언트 클리핑이 큰 TD 오차의 영향을 어떻게 줄이는지 설명합니다.
- 층 정규화와 학습률 감소가 무엇을 하는지, 안정적인 설정의 각 부품이 죽음의 삼각형의 어느 꼭짓점을 겨냥하는지 설명합니다.
- n-스텝 반환값으로 만든 TD 타깃을 식으로 쓰고, 에피소드가 종료되거나 중단될 때 패키지가 무엇을 저장하는지 출력으로 확인합니다.
- 죽음의 삼각형을 설명하고, 시드 5개 × 30,000 스텝의 어블레이션(ablation)에서 반환값, 천장과 비교한 Q 값,
  과대추정을 읽습니다.
""",
    en=r"""
# 07. Beyond 2013: target network, Double DQN, Huber loss

The DQN of the 2013 paper (Mnih et al., *Playing Atari with Deep Reinforcement Learning*),
`preset("cartpole-2013")`, solves CartPole fast. But when training goes on, its Q-values climb past the
ceiling $1/(1-\gamma)$ that no return can reach: they diverge (section 5 shows it on five seeds). The
algorithm is unstable and tends to estimate Q-values higher than they are. This notebook looks at four
improvements from the following years that are close to standard today: the target network and error
clipping of the 2015 *Nature* paper, Double DQN from the same year, and gradient clipping. Each is one
field of `DQNConfig`. Last come three more: the more recent layer normalization and learning-rate
decay, and the n-step returns that Rainbow (2017) brought to DQN; together with the target network,
Double DQN, a few plain settings (ε starting at 1.0, one gradient step on a mini-batch of 1,024 every
16 env steps) and a trick that works for
CartPole only (training on mirror images, notebook 06, section 2) they make up the course's stable
default, `preset("cartpole")`.

## Learning goals

- Explain why the TD target of 2013 DQN is a "moving target", and see in a figure how a target network
  holds it still.
- Show by experiment why taking a $\max$ over noisy estimates overestimates.
- Implement the Double DQN target `double_dqn_target` yourself: "the online network selects, the target
  network evaluates".
- Explain how the Huber loss and gradient clipping limit the effect of large TD errors.
- Say what layer normalization and learning-rate decay do, and which leg of the deadly triad each part
  of the stable preset addresses.
- Write the TD target built from an n-step return, and see in the package's output what it stores when
  an episode terminates or is truncated.
- Explain the deadly triad, and read an ablation over 5 seeds × 30,000 steps: returns, Q-values against
  the ceiling, and overestimation.
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
from dqn_teach.config import ConfigError, DQNConfig, preset
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
        "cartpole-2013",
        epoch=1,
        learning_starts=10**9,  # «train() 중에는 배우지 않고 모으기만|collect only: no learning inside train()»
        epsilon_linear_decay=(0, 1, 1.0, 1.0),  # «ε = 1: 무작위 행동|ε = 1: random actions»
        target_update_period=target_update_period,
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
### 죽음의 삼각형과 한 번 복사에 한 번의 백업

2013년 방식이 왜 위험한지에는 이름이 있습니다. Sutton과 Barto(*Reinforcement Learning: An Introduction*, 11.3절)는
**죽음의 삼각형**이라고 부릅니다. 세 가지가 함께 있으면 가치 추정이 발산할 수 있습니다.

1. **함수 근사**: 상태마다 값을 따로 저장하지 않고 신경망 하나가 모든 상태의 값을 냅니다.
   한 상태를 고치면 비슷한 다른 상태도 같이 움직입니다.
2. **부트스트래핑**: 타깃 $y$가 자기 자신의 추정 $Q(s', \cdot)$로 만들어집니다.
3. **오프폴리시 학습**: 리플레이 버퍼의 경험은 지금의 탐욕 정책이 아니라 예전의 입실론-탐욕 정책이 모은 것입니다.

DQN은 셋을 모두 가집니다. `preset("cartpole-2013")`의 Q 값이 천장 $1/(1-\gamma)$를 훌쩍 넘어가는 것(5절)이 바로 이
발산입니다. 타깃 신경망은 2번의 되먹임을 $C$ 스텝 동안 끊습니다.

대가도 정확히 계산할 수 있습니다. 04의 7절에서 본 것처럼, 타깃이 고정되어 있는 동안 배울 수 있는 것은 "타깃 한 단계"
뿐이라 **복사 한 번에 벨만 백업(Bellman backup) 한 번**입니다. 보상이 스텝마다 1이면 복사를 $k$번 한 뒤의 Q 값은
$1 + \gamma + \dots + \gamma^{k-1}$을 넘기 어렵습니다. 아래 셀은 이 한계를 두 설정에서 계산합니다. 5절의 변형 2–4(`preset("cartpole-2013")`처럼 환경 4스텝마다 경사 하강
1번, $C = 100$)와, 안정적인 설정 `preset("cartpole")`(환경 16스텝마다 경사 하강 1번, $C = 7$)입니다. 안정적인 설정은 4절에서 볼 n-스텝 반환값을 써서 백업 한 번에 보상을 하나가 아니라 $n$개(`multi_step`)
더하므로, 셀은 그것도 함께 셉니다. 복사 $k$번 뒤의 상한은 $1 + \gamma + \dots + \gamma^{nk-1}$입니다.
""",
    en=r"""
### The deadly triad, and one backup per copy

Why the 2013 way is risky has a name. Sutton and Barto (*Reinforcement Learning: An Introduction*,
section 11.3) call it the **deadly triad**: when three things come together, value estimates can diverge.

1. **Function approximation**: one network gives the values of all states instead of a table entry per
   state, so fixing one state moves similar states too.
2. **Bootstrapping**: the target $y$ is built from the estimate $Q(s', \cdot)$ itself.
3. **Off-policy learning**: the replay buffer holds experience collected by older ε-greedy policies, not
   by the current greedy policy.

DQN has all three. The Q-values of `preset("cartpole-2013")` climbing far past the ceiling
$1/(1-\gamma)$ (section 5) are exactly this divergence. A target network cuts the feedback of point 2
for $C$ steps.

Its price can be computed exactly. As notebook 04, section 7 showed, while the target is frozen the
network can only learn "one more step of target": **one Bellman backup per copy**. With a reward of 1
per step, after $k$ copies the Q-values can hardly exceed $1 + \gamma + \dots + \gamma^{k-1}$. The cell
below works out that limit for two settings: variants 2-4 of section 5 (one gradient step every 4 env
steps, as in `preset("cartpole-2013")`, and $C = 100$), and the stable preset `preset("cartpole")` (one
gradient step every 16 env steps, $C = 7$). The stable preset uses the n-step returns of section 4, so one
backup adds $n$ rewards (`multi_step`) instead of one, and the cell counts that too: after $k$ copies
the cap is $1 + \gamma + \dots + \gamma^{nk-1}$.
""",
)

course.code(**bi('''
# «C = target_update_period: 경사 하강 스텝 단위|C = target_update_period, in gradient steps»
for config in (preset("cartpole-2013", target_update_period=100), preset("cartpole")):
    env_steps_per_copy = config.training_freq * config.target_update_period // config.epoch
    print(f"C = {config.target_update_period}, n = {config.multi_step}: "
          f"«복사 한 번|one copy» = {env_steps_per_copy} «환경 스텝|env steps»")
    for env_steps in (3_000, 10_000, 30_000):
        copies = env_steps // env_steps_per_copy
        # «백업 한 번이 보상 n = multi_step개를 더합니다(4절)|one backup adds n = multi_step rewards (section 4)»
        cap = sum(config.gamma**k for k in range(copies * config.multi_step))
        print(f"  {env_steps:>6,} «환경 스텝|env steps»: {copies:>3} «번 복사|copies» → Q ≲ {cap:5.1f}  "
              f"(«천장|ceiling» {1 / (1 - config.gamma):.0f})")
'''))

course.md(
    ko=r"""
$C = 100$이면 30,000 스텝 내내 상한이 천장보다 한참 아래에 있습니다. 이런 타깃 신경망은 그것만으로 값을 눌러 두지만,
그만큼 학습도 늦춥니다. 안정적인 설정은 환경 스텝으로 세면 3.5배쯤 자주 복사하고($C = 7$, 환경 112 스텝마다) 백업 한 번에 보상을 세 개씩
더하므로($n = 3$) 상한이 훨씬 빨리 올라갑니다. 3,000 스텝에서 약 54, 10,000 스텝에서 약 93이고, 30,000 스텝에서는 천장과
구별되지 않습니다(100.0). 복사는 처음에는 값을 눌러 두지만 학습이 길어질수록 그 힘이 약해지므로, 그 뒤에도 값을 붙잡아
두는 일은 다른 부품이 맡아야 합니다(4절 끝).
""",
    en=r"""
With $C = 100$ the cap stays far below the ceiling for all 30,000 steps: such a target network holds the
values down by itself, and slows learning as much. The stable preset copies about 3.5 times as often
in env steps ($C = 7$, every 112 env steps) and adds three rewards per backup ($n = 3$), so its cap rises
much faster: about 54 at 3,000 steps, about 93 at 10,000, and at 30,000 it cannot be told from the ceiling
(100.0). The copies hold the values down early on, less and less as training goes on, so holding them
in check after that is left to other parts (end of section 4).
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

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
try:
    preset("cartpole-2013", double_dqn=True)  # «2013 설정에는 타깃 신경망이 없습니다|the 2013 preset has no target network»
except ConfigError as error:
    print("ConfigError:", error)
'''))

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
### 값 자체를 묶어 두기: 층 정규화와 학습률 감소

타깃 신경망, 더블 DQN, 후버 손실, 클리핑은 타깃을 바꾸거나 한 스텝의 크기를 줄입니다. 이 코스의 안정적인 설정
`preset("cartpole")`은 여기에 부품 세 개를 더합니다. 이 소절에서는 더 최근의 두 가지, 층 정규화와 학습률 감소를 보고,
다음 소절에서 n-스텝 반환값을 봅니다.

**층 정규화**(Ba, Kiros, Hinton 2016, [arXiv:1607.06450](https://arxiv.org/abs/1607.06450))는
은닉층의 출력 $h \in \mathbb{R}^n$을 샘플마다 따로 평균 0, 표준편차 1로 맞춘 다음, 학습되는 배율 $g$와 이동 $b$를
적용합니다.

$$
\mathrm{LN}(h) = g \odot \frac{h - \mu(h)}{\sigma(h)} + b, \qquad
\mu(h) = \frac{1}{n}\sum_i h_i, \quad \sigma(h)^2 = \frac{1}{n}\sum_i \big(h_i - \mu(h)\big)^2
$$

`layer_norm=True`이면 패키지는 은닉층의 `Linear`마다 ReLU 앞에 하나씩 넣습니다. 정규화된 벡터의 길이는 입력이 무엇이든
$\sqrt{n}$이므로, 마지막 층에 들어가는 값의 크기에 상한이 생기고 Q 값도 입력이 아니라 가중치($g$, $b$와 마지막 층)로
정해지는 상한을 넘지 못합니다. 층 정규화가 없는 ReLU 신경망은 데이터에서 먼 상태일수록 값을 입력 크기에 비례해 키울 수
있고, 부트스트래핑은 그렇게 부푼 값을 다시 타깃으로 씁니다. Ball et al. (2023, RLPD,
[arXiv:2302.02948](https://arxiv.org/abs/2302.02948))은 가치 신경망에 층 정규화를 넣어, 데이터에 없는 행동의 값이 끝없이
부풀지 않게 했습니다. Gallici et al. (2024, PQN, [arXiv:2407.04811](https://arxiv.org/abs/2407.04811))은 층 정규화에
ℓ2 정규화를 더하면 타깃 신경망 없이도 TD 학습이 수렴할 수 있음을 보였습니다. 다만 발산을 불가능하게 만들지는 않습니다.
상한은 가중치에 달려 있고, 가중치는 학습하면서 여전히 커질 수 있습니다.

아직 아무것도 배우지 않은 신경망으로 확인해 봅시다. 같은 상태들에 1, 10, 100, 1000을 곱해 데이터에서 점점 멀어지게 하고
$|Q|$의 최댓값을 봅니다.
""",
    en=r"""
### Bounding the values themselves: layer normalization and learning-rate decay

The target network, Double DQN, the Huber loss and clipping change the target or shrink a step. The
course's stable preset `preset("cartpole")` adds three parts: this subsection looks at the two more
recent ones, layer normalization and learning-rate decay, and the next one at n-step returns.

**Layer normalization** (LayerNorm; Ba, Kiros and Hinton 2016,
[arXiv:1607.06450](https://arxiv.org/abs/1607.06450)) takes a hidden layer's output $h \in \mathbb{R}^n$
and, for each sample on its own, shifts and scales it to mean 0 and standard deviation 1, then applies
a learned scale $g$ and shift $b$:

$$
\mathrm{LN}(h) = g \odot \frac{h - \mu(h)}{\sigma(h)} + b, \qquad
\mu(h) = \frac{1}{n}\sum_i h_i, \quad \sigma(h)^2 = \frac{1}{n}\sum_i \big(h_i - \mu(h)\big)^2
$$

With `layer_norm=True` the package puts one after every hidden `Linear`, before its ReLU. Whatever the
input, the normalized vector has length $\sqrt{n}$, so what reaches the last layer is bounded, and so is
every Q-value: by the weights ($g$, $b$ and the last layer), not by the input. A ReLU network without it
can make its values grow in proportion to the input on states far from the data, and bootstrapping
feeds such inflated values back into the targets. Ball et al. (2023, RLPD,
[arXiv:2302.02948](https://arxiv.org/abs/2302.02948)) put LayerNorm into the value network to keep the
values of actions absent from the data from growing without bound; Gallici et al. (2024, PQN,
[arXiv:2407.04811](https://arxiv.org/abs/2407.04811)) showed that LayerNorm with ℓ2 regularization can
make TD learning converge even without a target network. It does not make divergence impossible: the
bound depends on the weights, and training can still grow them.

A network that has learned nothing yet shows it. We multiply the same states by 1, 10, 100 and 1000, so
that they move further and further from any data, and look at the largest $|Q|$.
""",
)

course.code(**bi('''
from dqn_teach.networks import MLPQNet

torch.manual_seed(0)
states = torch.randn(256, 4)  # (256, 4): «CartPole 관측 크기의 상태|states of CartPole's observation size»
for layer_norm in (False, True):
    network = MLPQNet(4, num_actions, hidden_sizes=(128, 64), layer_norm=layer_norm)
    with torch.no_grad():
        largest = [network(scale * states).abs().max().item() for scale in (1, 10, 100, 1000)]
    print(f"layer_norm={layer_norm!s:<5}  max |Q|: " + "  ".join(
        f"×{scale:<4} {value:7.2f}" for scale, value in zip((1, 10, 100, 1000), largest)))
'''))

course.md(
    ko=r"""
층 정규화가 없으면 $|Q|$가 입력의 배율에 비례해 커집니다. 층 정규화가 있으면 입력을 1000배 해도 거의 그대로입니다.

**학습률 감소**: `learning_rate_decay=(end_t, end_value)`는 학습률을 환경 스텝 0의
`learning_rate`에서 스텝 `end_t`의 `end_value`까지 선형으로 낮추고, 그 뒤로는 그대로 둡니다. 처음의 큰 스텝은 빨리
배우게 하고, 나중의 작은 스텝은 이미 해결한 에이전트가 배운 것을 잃지 않게 합니다. 부트스트래핑한 오프폴리시 타깃으로
밟는 스텝은 하나하나가 값을 엉뚱한 쪽으로 밀 수도 있는데, 스텝이 작으면 그만큼 덜 밉니다.
""",
    en=r"""
Without LayerNorm, $|Q|$ grows in proportion to the scale of the input; with it, a thousand times the
input hardly changes it.

**Learning-rate decay**: `learning_rate_decay=(end_t, end_value)` lowers the learning rate linearly from
`learning_rate` at env step 0 to `end_value` at step `end_t`, and keeps it there. Large steps early learn
fast; small steps later keep an agent that has solved the task from losing what it learned. Every step
taken towards bootstrapped, off-policy targets can also push the values the wrong way, and a small step
pushes less.
""",
)

course.md(
    ko=r"""
### 보상을 n 스텝씩: n-스텝 반환값

1절의 TD 타깃은 진짜 보상 하나에 나머지를 모두 추정값 $\max_a Q(s_{t+1}, a)$에 맡깁니다. 그래서 막대가 쓰러졌다는
소식, 곧 그 뒤로는 보상이 없다는 사실은 업데이트 한 번에 한 상태씩만 뒤로 전해집니다(04의 계단 그림). `multi_step=n`이면
패키지는 연속한 $n$ 스텝의 구간을 전이 하나로 묶어, 진짜 보상 $n$개를 먼저 더한 다음에 부트스트래핑합니다(Sutton 1988,
*Learning to predict by the methods of temporal differences*; Sutton & Barto 2018, 7장).

$$
y_t = R_t^{(n)} + \gamma^n (1 - d) \max_{a} Q(s_{t+n}, a; \theta^-), \qquad
R_t^{(n)} = \sum_{k=0}^{n-1} \gamma^k r_{t+k}
$$

여기서 $r_t$는 상태 $s_t$에서 행동 $a_t$를 하고 받은 보상입니다(09에서는 같은 보상을 $r_{t+1}$로 씁니다). 더블 DQN이면
$\max$ 자리가 3절처럼 "온라인 신경망이 고르고 타깃 신경망이 값을 매기는" 식으로 바뀔 뿐, $R_t^{(n)}$과 $\gamma^n$은 그대로입니다.
좋아지는 점은 두 가지입니다.

- 실패 소식이 업데이트 한 번에 $n$ 상태 앞까지 전해집니다. 막대가 쓰러지기 $n$ 스텝 전 상태의 타깃에 이미 "거기서
  끝난다"가 들어 있습니다.
- 타깃이 신경망 자신의 추측에 덜 기댑니다. 타깃에서 앞의 $n$개 항은 진짜 보상이고, 추측은 $\gamma^n$으로 할인된 마지막 항
  하나뿐입니다.

에피소드가 끝나는 곳에는 규칙이 두 가지 있습니다.

- **종료**(막대가 쓰러짐): 아직 열려 있는 구간이 모두 거기서 끝나 `terminated = 1`인 전이가 됩니다. 미래가 없으니
  부트스트래핑하지 않고, $n$ 스텝보다 짧은 구간의 반환값도 정확합니다.
- **중단**(시간 제한): $n$ 스텝을 다 채운 구간은 평소처럼 $s_{t+n}$에서 부트스트래핑하고, 그보다 짧은 구간은 버립니다.
  리플레이 버퍼가 모든 전이를 같은 $\gamma^n$으로 부트스트래핑하는데, $m < n$ 스텝짜리 구간에는 $\gamma^m$이 필요하기
  때문입니다. 09의 3절에서 직접 만드는 `n_step_targets`는 이런 구간을 버리지 않고 $\gamma^m$으로 부트스트래핑합니다. 둘 다
  맞습니다. 버리는 쪽은 중단된 에피소드마다 전이를 최대 $n - 1$개 잃을 뿐이고, $\gamma^m$을 쓰는 쪽은 전이마다 자기
  할인을 함께 기억해야 합니다.

주의할 점도 하나 있습니다. 구간 안의 보상은 입실론-탐욕 행동 정책이 고른 행동에서 나왔지만, 타깃은 탐욕 정책의 값을 배우려
합니다. 오프폴리시 학습으로는 엄밀히 맞지 않는 타깃인데, 패키지는 이를 보정하지 않습니다. Rainbow(Hessel et al. 2018,
[arXiv:1710.02298](https://arxiv.org/abs/1710.02298))도 보정 없이 $n = 3$을 썼습니다. $n$과 ε이 작으면 이 편향도 작고, 그
논문의 어블레이션에서 n-스텝 반환값은 빼면 성능이 가장 크게 떨어지는 두 부품 가운데 하나였습니다.

패키지에서는 `NStepCollector`가 이 일을 합니다. 환경이 준 한 스텝짜리 경험을 받아, 다 채운 구간을 n-스텝 전이로
리플레이 버퍼에 넘깁니다. 손으로 만든 에피소드 두 개를 $n = 3$으로 넣어 봅시다. 왼쪽은 넣은 한 스텝, 오른쪽은 그때
나온 n-스텝 전이와 에이전트가 그 전이로 만드는 타깃입니다.
""",
    en=r"""
### Rewards n steps at a time: n-step returns

The TD target of section 1 takes one real reward and leaves everything else to the estimate
$\max_a Q(s_{t+1}, a)$. So the news that the pole fell, that no reward comes after it, travels back one
state per update (notebook 04's staircase). With `multi_step=n` the package bundles a window of $n$
consecutive steps into one transition: it adds $n$ real rewards first and bootstraps after them (Sutton 1988,
*Learning to predict by the methods of temporal differences*; Sutton & Barto 2018, chapter 7):

$$
y_t = R_t^{(n)} + \gamma^n (1 - d) \max_{a} Q(s_{t+n}, a; \theta^-), \qquad
R_t^{(n)} = \sum_{k=0}^{n-1} \gamma^k r_{t+k}
$$

Here $r_t$ is the reward for taking action $a_t$ in state $s_t$ (notebook 09 writes the same reward
$r_{t+1}$). With Double DQN the $\max$ becomes section 3's "the online network selects, the target
network evaluates"; $R_t^{(n)}$ and $\gamma^n$ stay as they are. It helps in two ways:

- the news of a failure reaches the states $n$ steps earlier in one update: the target of the state
  $n$ steps before the pole falls already contains "it ends there";
- the target leans less on the network's own guesses: its first $n$ terms are real rewards, and the
  guess is one last term, discounted by $\gamma^n$.

Where an episode ends, two rules apply:

- **termination** (the pole falls): every window still open ends there, as a transition with
  `terminated = 1`. There is no future, so nothing is bootstrapped, and a window shorter than $n$ steps
  has an exact return;
- **truncation** (a time limit): the window that has its full $n$ steps bootstraps from $s_{t+n}$ as
  usual; the shorter ones are dropped. The replay buffer bootstraps every transition with the same
  $\gamma^n$, and a window of $m < n$ steps would need $\gamma^m$. The `n_step_targets` you build in
  notebook 09, section 3, keeps such windows and bootstraps them with $\gamma^m$. Both are right:
  dropping loses at most $n - 1$ transitions per truncated episode; $\gamma^m$ needs every transition to
  remember its own discount.

One caveat. The rewards inside a window come from actions of the ε-greedy behavior policy, while the
target is meant to learn the greedy policy's values. For off-policy learning that target is not exactly
right, and the package does not correct it. Rainbow (Hessel et al. 2018,
[arXiv:1710.02298](https://arxiv.org/abs/1710.02298)) used $n = 3$ without a correction too. With small
$n$ and small ε the bias is small, and in that paper's ablation n-step returns were one of the two parts
whose removal hurt the most.

In the package `NStepCollector` does this: it takes the one-step experience the environment gives and
hands each window that is complete to the replay buffer as an n-step transition. Let us feed it two
hand-made episodes with $n = 3$. On the left is the one step that goes in, on the right the n-step
transition that comes out, with the target the agent builds from it.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
from dqn_teach.experience import make_experience
from dqn_teach.multistep import NStepCollector

N_STEPS, gamma = 3, preset("cartpole").gamma
collector = NStepCollector(N_STEPS, gamma, num_envs=1)
# «손으로 만든 두 에피소드. 상태는 번호뿐이고 보상은 CartPole처럼 스텝마다 1입니다.|Two hand-made episodes: states are just numbers, the reward is 1 per step as in CartPole.»
# «s0–s4는 s4에서 종료(막대가 쓰러짐), s10–s13은 s13에서 중단(시간 제한)|s0-s4 terminate at s4 (the pole falls); s10-s13 are truncated at s13 (time limit)»
episode_steps = [(s, s == 4, False) for s in range(5)] + [(s, False, s == 13) for s in range(10, 14)]
print(f"{'«넣은 한 스텝|one step in»':<20}| «나온 n-스텝 전이|n-step transition out» (n = {N_STEPS}, γ = {gamma})")
for state, terminated, truncated in episode_steps:
    one_step = make_experience(obs=[[state]], action=[0], next_obs=[[state + 1]], reward=[1.0],
                               terminated=[terminated])  # «환경 1개의 한 스텝|one step of one env»
    n_step, stored = collector.push(one_step, None, np.array([truncated]))  # stored: (1,) bool
    event = "«종료|terminated»" if terminated else "«중단|truncated»" if truncated else ""
    line = f"s{state:<2}→ s{state + 1:<2} {event:<10} | "
    if not stored[0]:
        print(line + "—")
        continue
    first, last = n_step.obs[0, 0], n_step.next_obs[0, 0]
    n_step_return, ended = n_step.reward[0, 0], n_step.terminated[0, 0]
    target = (f"{n_step_return:.4f}" if ended
              else f"{n_step_return:.4f} + {gamma**N_STEPS:.4f} · max Q(s{last})")
    print(line + f"s{first:<2}→ s{last:<2} R = {n_step_return:.4f}  terminated = {ended:.0f}  "
          f"«타깃|target» = {target}")
print("«중단 뒤에 남은 열린 구간|windows left open after the truncation»:", len(collector.windows[0]))
'''))

course.md(
    ko=r"""
위에서부터 읽어 봅시다($\gamma = 0.99$).

- s0, s1을 넣을 때는 아무것도 나오지 않습니다. 구간이 아직 3 스텝이 안 됩니다.
- s2를 넣으면 첫 구간 s0–s2가 차서 전이 s0 → s3이 나옵니다. $R^{(3)} = 1 + 0.99 + 0.99^2 = 2.9701$이고, 타깃은
  $2.9701 + 0.99^3 \max_a Q(s_3, a)$, 곧 $0.9703$을 곱한 추측 하나입니다.
- s4에서 에피소드가 종료되면 열린 구간 세 개(s2, s3, s4에서 시작)가 모두 s5에서 끝나 `terminated = 1`이 되고, 타깃은
  반환값 그대로 2.9701, 1.99, 1입니다. 세 전이가 한꺼번에 끝나지만 한 스텝에 환경마다 전이가 하나씩만 나가므로, 뒤의 둘은
  다음 에피소드의 첫 두 스텝(s10, s11)에서 나갑니다. 새 에피소드는 그때 아직 구간을 채우지 못해 자리가 비어 있습니다.
- s13에서 중단되면 다 찬 구간 s11–s13은 s14에서 부트스트래핑하고, s12와 s13에서 시작한 짧은 구간은 버려집니다. 그래서
  열린 구간이 0개 남습니다.

### 죽음의 삼각형과 안정적인 설정

1절의 세 꼭짓점에 비추어 보면 안정적인 설정의 각 부품이 겨냥하는 곳은 이렇습니다.

- **부트스트래핑**: 타깃 신경망이 자기 자신을 쫓는 되먹임을 복사 주기 동안 끊고, 더블 DQN은 부트스트래핑을 타고 앞
  상태로 전해지는 $\max$의 위쪽 편향을 줄입니다. n-스텝 반환값은 부트스트래핑을 조금 약하게 합니다. 타깃마다 진짜
  보상이 $n$개 들어가고 신경망의 추측은 $\gamma^n$으로 할인된 한 항뿐이지만, $\gamma = 0.99$이면 그 할인이 0.99 대신
  0.9703이라, 값이 천장 가까이 커진 뒤에는 타깃 값의 대부분이 여전히 추측에서 옵니다. 부트스트래핑을 없애지는 않습니다.
- **함수 근사**: 층 정규화가 신경망이 어떤 상태에 줄 수 있는 값의 크기에 상한을 둡니다. 한 상태를 고칠 때 데이터에서 먼
  상태의 값까지 끝없이 끌려 올라가지는 않습니다.
- **오프폴리시 학습**: 어느 부품도 없애지 않습니다. 리플레이 버퍼는 여전히 예전 정책들이 모은 경험입니다. n-스텝
  반환값은 오히려 이 꼭짓점을 조금 더 강하게 하는 쪽입니다. 구간 안의 보상이 옛 입실론-탐욕 정책의 행동에서 나왔는데
  보정 없이 쓰기 때문입니다. 학습률 감소도 꼭짓점 하나를 없애는 것이 아니라, 해결한 뒤의 스텝을 작게 만들 뿐입니다.

안정적인 설정의 나머지 세 가지는 어느 꼭짓점도 겨냥하지 않습니다. 입실론을 1.0에서 시작하는 것은 탐험입니다. 첫
에피소드들을 거의 무작위로 움직여(2013년 논문도 입실론을 1에서 시작했습니다) 리플레이 버퍼가 처음부터 여러 가지
경험으로 채워지게 합니다. 16 스텝마다 1,024개짜리 미니배치로 한 번 학습하는 것은 계산을 아끼는 방법입니다. 경사 하강 한 번에는 미니배치
크기와 상관없이 드는 고정 비용이 있어서, 환경 스텝마다 같은 수의 전이를 복습하더라도 큰 미니배치로 가끔 하는 편이
훨씬 쌉니다. 큰 미니배치는 스텝마다의 잡음도 줄여 줍니다. 거울상 학습은 데이터를 늘립니다. 겪은 전이마다 그 거울상을 함께 배우므로, 한쪽에서 배운 것이 반대쪽에도
통합니다(06의 2절).
""",
    en=r"""
Read it from the top ($\gamma = 0.99$):

- s0 and s1 give nothing: the window does not have 3 steps yet.
- s2 completes the first window, s0-s2, and out comes the transition s0 → s3, with
  $R^{(3)} = 1 + 0.99 + 0.99^2 = 2.9701$ and the target $2.9701 + 0.99^3 \max_a Q(s_3, a)$: one guess,
  multiplied by $0.9703$.
- When the episode terminates at s4, the three open windows (starting at s2, s3 and s4) all end at s5
  with `terminated = 1`, and their targets are their returns, 2.9701, 1.99 and 1. All three end at
  once, but at most one transition per environment leaves per step, so the last two leave during the
  first two steps of the next episode (s10, s11), which has not filled a window yet.
- At the truncation at s13 the complete window s11-s13 bootstraps from s14, and the short windows
  starting at s12 and s13 are dropped: no window is left open.

### The deadly triad and the stable preset

Against the three legs of section 1, each part of the stable preset aims at:

- **bootstrapping**: the target network cuts the feedback of chasing itself for one copy period, and
  Double DQN shrinks the upward bias of the $\max$ that bootstrapping passes back to earlier states.
  n-step returns weaken bootstrapping a little: each target holds $n$ real rewards and one guess of the
  network, discounted by $\gamma^n$, but with $\gamma = 0.99$ that discount is 0.9703 instead of 0.99, so
  once the values are near the ceiling most of the target's value still comes from the guess. They do
  not remove bootstrapping;
- **function approximation**: LayerNorm bounds how large a value the network can give any state, so
  fixing one state cannot drag the values of states far from the data up without limit;
- **off-policy learning**: none of the parts removes it; the replay buffer still holds what older
  policies collected. n-step returns, if anything, make this leg slightly stronger: the rewards inside a
  window come from the actions of old ε-greedy policies and are used without correction. Learning-rate
  decay removes no leg either; it only makes the steps small once the task is solved.

The preset's three other settings aim at no leg. ε starting at 1.0 is exploration: the first episodes
are almost entirely random (the 2013 paper started ε at 1 too), so the replay buffer starts with varied
experience. One gradient step on a mini-batch of 1,024 every 16 env steps saves computation: a gradient step
has a fixed cost whatever its mini-batch size, so replaying the same number of transitions per env
step in a few large mini-batches costs much less, and the large mini-batches make each step less
noisy too. Mirror images add data: every transition is also learned as its mirror
image, so what the agent learns on one side holds on the other (notebook 06, section 2).
""",
)

course.md(
    ko=r"""
## 5. 어블레이션: 정말 도움이 될까?

어블레이션은 부품을 하나씩 더하거나 빼면서 각 부품의 효과를 재는 실험입니다. 2013년 알고리즘에서 출발해
2015년 이후의 부품을 하나씩 켭니다. 나머지 설정은 모두 `preset("cartpole-2013")`과 같습니다.

1. **2013**: `preset("cartpole-2013")` 그대로. 타깃 신경망 없음, 평균제곱오차, 클리핑 없음
2. **+ 타깃 신경망**: 경사 하강 100 스텝(환경 400 스텝)마다 복사 (`target_update_period=100`)
3. **+ 더블 DQN**: 2에 `double_dqn=True`
4. **+ 후버, 클리핑**: 3에 `loss="huber"`, `max_grad_norm=10`
5. **preset('cartpole')**: 안정적인 설정 `preset("cartpole")` 그대로. 1에서 열 가지가 바뀝니다. 3과 같은 타깃
   신경망과 더블 DQN이지만 환경 스텝으로 3.5배쯤 자주 복사하고(경사 하강 7 스텝, 환경 112 스텝마다), 4절의 층 정규화,
   학습률 감소(환경 30,000 스텝에 걸쳐 0.012 → 0.0012), 3-스텝 반환값(`multi_step=3`)을 더했습니다. 입실론은 0.3이 아니라 1.0에서 시작해, 첫 에피소드들이
   거의 무작위로 움직이며 여러 가지 경험을 모읍니다. 마지막 값은 0.01이 아니라 0.05라서, 해결한 뒤에도 스무 번에 한
   번은 무작위로 움직여 막대가 쓰러지기 직전의 상태가 리플레이 버퍼에 계속 남습니다. 학습은 4 스텝마다 128개짜리 미니배치로
   한 번이 아니라 16 스텝마다 1,024개짜리로 한 번이고(학습률은 그만큼 0.003이 아니라 0.012에서 시작합니다),
   미니배치마다 절반을 좌우로 뒤집은 거울상으로 바꿉니다(`mirror_augmentation=True`, 06의 2절).
   손실은 평균제곱오차, 클리핑은 없습니다(아래 셀이 저장된 결과에서 바뀐 값을 그대로 출력합니다).

공정하게 밝혀 둘 점이 있습니다. `preset("cartpole-2013")`의 학습률, 학습 빈도, 버퍼 크기는 **1번 변형**이 빨리
해결하도록 튜닝했습니다. 변형 2–4는 자기에게 맞춘 설정이 아니므로, 이들에 대해서는 "이 설정에 부품을 더하면 어떻게
되는가"를 묻습니다. 변형 5는 다릅니다. 해결하고, 해결한 상태를 유지하고, Q 값이 천장 근처에 머물도록 전체를 함께 튜닝한
설정이고(`benchmarks/README.md`), 3에서 한 번에 여러 가지(복사 주기, 새 부품 세 개, 입실론, 학습 빈도와 미니배치 크기와 학습률, 거울상)가
바뀝니다.
그래서 5는 부품 하나의 효과가 아니라 조합의 효과를 보여 줍니다.

제대로 비교하려면 시드가 여럿이고 학습이 충분히 길어야 합니다. 변형마다 시드 5개 × 30,000 환경 스텝은 이 노트북
안에서 돌리기엔 너무 오래 걸리므로, 같은 실험을 스크립트 `benchmarks/ablation.py`로 돌려 결과를
`benchmarks/results/ablation.jsonl`에 저장해 두었습니다. 스크립트는 06과 같은 `train`을 쓰고, 2,000 스텝마다 탐욕
평가 10 에피소드와 06의 Q 통계를 기록합니다. 시드가 같으면 CPU에서 결과도 같으므로 누구나 다시 만들 수
있습니다(테스트가 한 실행의 숫자를 다시 만들어 확인합니다). 먼저 저장된 결과를 읽습니다.
""",
    en=r"""
## 5. Ablation: does it really help?

An ablation measures what each part does by adding or removing parts one at a time. We start from the
2013 algorithm and switch on the parts of 2015 and later one at a time; every other setting is
`preset("cartpole-2013")`'s:

1. **2013**: `preset("cartpole-2013")` itself: no target network, mean squared error (MSE), no clipping
2. **+ target network**: copied every 100 gradient steps, i.e. 400 env steps (`target_update_period=100`)
3. **+ Double DQN**: 2 plus `double_dqn=True`
4. **+ Huber, clipping**: 3 plus `loss="huber"` and `max_grad_norm=10`
5. **preset('cartpole')**: the stable preset `preset("cartpole")` itself, ten changes from 1: the
   target network and Double DQN of 3, but copied about 3.5 times as often in env steps (every 7
   gradient steps, 112 env steps); the LayerNorm, learning-rate decay (0.012 → 0.0012 over 30,000 env
   steps) and 3-step returns
   (`multi_step=3`) of section 4; ε starting at 1.0 instead of 0.3, so that the first episodes are almost
   entirely random and collect varied experience; ε ending at 0.05 instead of 0.01, so that a solved agent still
   acts at random one step in twenty and the states just before a fall stay in its replay buffer; one
   gradient step on a mini-batch of 1,024 every 16 env steps instead of one on 128 every 4 (hence a
   learning rate starting at 0.012 instead of 0.003), half of each mini-batch replaced by its left-right
   mirror image
   (`mirror_augmentation=True`, notebook 06, section 2). MSE, no clipping (the cell below prints the
   changed values from the saved results)

To be fair about it: the learning rate, training frequency and buffer size of `preset("cartpole-2013")`
were tuned for **variant 1** to solve fast. Variants 2-4 run with settings not tuned for them, so for
them the question is "what happens when a part is added to these settings". Variant 5 is different: it
is a preset tuned as a whole to solve *and stay solved* with Q-values near the ceiling
(`benchmarks/README.md`), and it changes several things at once compared with 3 (the copy period, three
new parts, ε, the training frequency with the batch size and learning rate, and the mirror images). So 5 shows what the combination does, not what any one part does.

A real comparison needs several seeds and long enough training. 5 seeds × 30,000 environment steps per
variant take too long for a notebook, so the same experiment was run by the script
`benchmarks/ablation.py`, which saved its results in `benchmarks/results/ablation.jsonl`. The script uses
the `train` of notebook 06 and records, every 2,000 steps, a greedy evaluation of 10 episodes and the Q
statistics of 06. With the same seed a CPU gives the same numbers, so anyone can reproduce them (a test
re-runs part of one run and compares). First we load the saved results.
""",
)

course.code(**bi('''
import json
from pathlib import Path

# «노트북 폴더에서 위로 올라가며 저장소의 결과 파일을 찾습니다|look for the repository's results file from the notebook folder upwards»
RESULTS = Path("benchmarks") / "results" / "ablation.jsonl"
results_file = next((folder / RESULTS for folder in (Path.cwd(), *Path.cwd().parents)
                     if (folder / RESULTS).is_file()), None)
if results_file is None:
    raise FileNotFoundError(f"{RESULTS} «가 없습니다. 저장소 전체를 clone한 곳에서 실행하세요.|not found: run this in a full clone of the repository.»")
records = [json.loads(line) for line in results_file.read_text().splitlines()]
VARIANT_NAMES = list(dict.fromkeys(record["variant"] for record in records))  # «순서 유지|in order»
SEEDS = sorted({record["seed"] for record in records})
CEILING = 1 / (1 - records[0]["config"]["gamma"])


def stacked(variant, key):
    """«한 변형의 시드별 곡선|One variant's curves, one row per seed»: (num_seeds, num_evaluations)."""
    return np.array([r[key] for r in records if r["variant"] == variant])


eval_steps = np.array(records[0]["eval_steps"])
print(f"«변형|variants» {VARIANT_NAMES}, «시드|seeds» {SEEDS}, "
      f"{records[0]['steps']:,} «환경 스텝|env steps», «평가|evaluations» {len(eval_steps)}")


def config_of(variant):
    """«한 변형의 설정 (시드 0)|One variant's config (seed 0)»: «저장 뒤에 생긴 필드는 기본값으로|fields added since it was saved get their defaults»."""
    saved = next(r["config"] for r in records if r["variant"] == variant and r["seed"] == 0)
    return DQNConfig.from_dict(saved).to_dict()


base_config = config_of(VARIANT_NAMES[0])
for name in VARIANT_NAMES:
    changes = {key: value for key, value in config_of(name).items() if value != base_config[key]}
    print(f"{name:>20}: " + (", ".join(f"{key}={value!r}" for key, value in changes.items())
                             or tr(LANG, "(기준)", "(the base)")))
'''))

course.code(**bi('''
COLORS = dict(zip(VARIANT_NAMES, ("tab:red", "tab:orange", "tab:green", "tab:blue", "tab:purple")))
plt.rcParams["axes.unicode_minus"] = False  # «음수 눈금에 한글 글꼴에도 있는 '-'를 씁니다|negative ticks use '-', which every font has»
fig, axes = plt.subplots(1, 3, figsize=(16, 4.8), layout="constrained")
panels = (
    ("eval_means", tr(LANG, "탐욕 평가 평균 (10 에피소드)", "greedy evaluation mean (10 episodes)"), "linear"),
    ("probe_q_max", tr(LANG, "고정 상태의 최대 max Q", "largest max Q on the probe set"), "log"),
    ("overestimation", tr(LANG, "과대추정: 예측 Q(s₀) − 실제 할인 반환값", "overestimation: predicted Q(s₀) − obtained"), "linear"),
)
for ax, (key, label, scale) in zip(axes, panels):
    for name in VARIANT_NAMES:
        if key == "overestimation":
            runs = stacked(name, "start_q") - stacked(name, "start_return")
        else:
            runs = stacked(name, key)
        ax.plot(eval_steps, runs.T, color=COLORS[name], linewidth=0.6, alpha=0.35)
        ax.plot(eval_steps, np.median(runs, axis=0), color=COLORS[name], linewidth=2.2, label=name)
    if key == "eval_means":
        ax.axhline(475, color="black", linestyle="--", linewidth=1)
    if key == "probe_q_max":
        ax.axhline(CEILING, color="black", linestyle=":", label=tr(LANG, "천장 1/(1 − γ)", "ceiling 1/(1 − γ)"))
    if key == "overestimation":
        ax.axhline(0, color="black", linewidth=1)
    ax.set(xlabel=tr(LANG, "환경 스텝", "environment step"), title=label, yscale=scale)
axes[1].legend(loc="upper left", fontsize=9)
fig.suptitle(tr(LANG, f"변형마다 시드 {len(SEEDS)}개: 굵은 선은 중앙값, 옅은 선은 시드별",
                f"{len(SEEDS)} seeds per variant: thick line = median, thin lines = single seeds"))
plt.show()
'''))

course.md(
    ko=r"""
그림의 인상을 숫자로 확인합니다. 실행마다 처음 해결한(평가 평균 ≥ 475) 스텝, 그 뒤의 평가 가운데 475 이상인 비율,
마지막 평가, 고정 상태의 최대 max Q, 마지막 5번 평가의 평균 과대추정을 구하고 변형별로 모읍니다.
""",
    en=r"""
Let us check the impression with numbers. For each run: the step at which it first solved (evaluation mean
≥ 475), the fraction of later evaluations still ≥ 475, the last evaluation, the largest max Q on the probe
set, and the mean overestimation over the last 5 evaluations; then per variant.
""",
)

course.code(**bi('''
def summarize_run(record):
    means = np.array(record["eval_means"])
    solved = np.flatnonzero(means >= 475)
    first = int(solved[0]) if len(solved) else None
    later = means[first + 1:] if first is not None else np.array([])
    over = np.array(record["start_q"]) - np.array(record["start_return"])
    return {
        "first_solve": eval_steps[first] if first is not None else None,
        "stays": float(np.mean(later >= 475)) if len(later) else None,
        "last": means[-1],
        "peak_q": max(record["probe_q_max"]),
        "over": over[-5:].mean(),
    }


summary = {name: [summarize_run(r) for r in records if r["variant"] == name] for name in VARIANT_NAMES}
print(f"{'':>20} {'«해결|solved»':>8} {'«첫 해결 (중앙값)|first solve (median)»':>22} {'«유지 (중앙값)|stays (median)»':>16} "
      f"{'«마지막 평가 (중앙값)|last eval (median)»':>20} {'«최대 Q (최대)|peak Q (max)»':>14} {'«과대추정 (중앙값)|overest. (median)»':>18}")
for name, runs in summary.items():
    solved = [r["first_solve"] for r in runs if r["first_solve"] is not None]
    stays = [r["stays"] for r in runs if r["stays"] is not None]
    print(f"{name:>20} {len(solved):>5}/{len(runs)} "
          f"{(f'{np.median(solved):,.0f}' if solved else '—'):>22} "
          f"{(f'{np.median(stays):.0%}' if stays else '—'):>16} "
          f"{np.median([r['last'] for r in runs]):>20.0f} "
          f"{max(r['peak_q'] for r in runs):>14,.1f} "
          f"{np.median([r['over'] for r in runs]):>18.1f}")
'''))

course.md(
    ko=r"""
표를 문장으로 읽어 봅시다. 아래 셀은 위의 숫자에서 바로 문장을 만듭니다. 그래서 결과 파일을 다시 만들면 문장도 함께
바뀝니다. 확인할 질문은 네 가지입니다. Q 값이 천장을 넘었는가(발산), 해결했는가, 해결한 뒤에도 유지했는가, 더블 DQN이
과대추정을 줄였는가.
""",
    en=r"""
Let us read the table as sentences. The cell below builds them straight from the numbers above, so they
change with the results file. Four questions: did the Q-values pass the ceiling (divergence), did the
runs solve, did they stay solved, and did Double DQN reduce the overestimation?
""",
)

course.code(**bi('''
def describe(name):
    runs = summary[name]
    diverged = sum(r["peak_q"] > 1.2 * CEILING for r in runs)
    solved = [r["first_solve"] for r in runs if r["first_solve"] is not None]
    stays = [r["stays"] for r in runs if r["stays"] is not None]
    text = tr(LANG,
              f"{name}: 시드 {len(runs)}개 중 {diverged}개에서 최대 max Q가 천장의 1.2배({1.2 * CEILING:.0f})를 넘었고 "
              f"(가장 큰 값 {max(r['peak_q'] for r in runs):,.0f}), {len(solved)}개가 해결했습니다",
              f"{name}: the largest max Q passed 1.2 × the ceiling ({1.2 * CEILING:.0f}) in {diverged} of "
              f"{len(runs)} seeds (highest {max(r['peak_q'] for r in runs):,.0f}); {len(solved)} solved")
    if solved:
        text += tr(LANG, f" (처음 해결한 스텝의 중앙값 {np.median(solved):,.0f}",
                   f" (median first solve at {np.median(solved):,.0f} steps")
        text += tr(LANG, f", 그 뒤 평가의 {np.median(stays):.0%}가 475 이상)" if stays else ")",
                   f", then {np.median(stays):.0%} of later evaluations ≥ 475)" if stays else ")")
    return text + "."


for name in VARIANT_NAMES:
    print(describe(name))
over = {name: np.median([r["over"] for r in summary[name]]) for name in VARIANT_NAMES}
plain, double = VARIANT_NAMES[1], VARIANT_NAMES[2]
print(tr(LANG, f"2013 변형의 과대추정(마지막 평가들, 중앙값): {over[VARIANT_NAMES[0]]:,.1f}",
         f"Overestimation of the 2013 variant (last evaluations, median): {over[VARIANT_NAMES[0]]:,.1f}"))
if over[plain] <= 0:
    print(tr(LANG, f"타깃 신경망을 쓰면 예측한 Q(s₀)가 실제 할인 반환값보다 작습니다(중앙값 {over[plain]:.1f}, 더블 DQN {over[double]:.1f}). "
                   "복사 횟수가 값을 묶어 두므로(1절) 여기에는 더블 DQN이 줄일 과대추정이 없습니다.",
             f"With a target network the predicted Q(s₀) is below the discounted return obtained (median {over[plain]:.1f}; "
             f"with Double DQN {over[double]:.1f}): the copies cap the values (section 1), so here there is no "
             "overestimation for Double DQN to remove."))
else:
    change = tr(LANG, "줄었습니다" if over[double] < over[plain] else "줄지 않았습니다",
                "reduced" if over[double] < over[plain] else "did not reduce")
    print(tr(LANG, f"더블 DQN을 더하자 과대추정 중앙값이 {change}: {over[plain]:.1f} → {over[double]:.1f}.",
             f"Double DQN {change} the median overestimation: {over[plain]:.1f} → {over[double]:.1f}."))
stable = VARIANT_NAMES[-1]
for name in (VARIANT_NAMES[0], stable):
    first_solves = ", ".join(f"{r['first_solve']:,}" if r["first_solve"] is not None else "—" for r in summary[name])
    last_dip = max(step for r in records if r["variant"] == name
                   for step, mean in zip(r["eval_steps"], r["eval_means"]) if mean < 475)
    print(tr(LANG, f"{name}: 시드별로 처음 해결한 스텝 {first_solves}; 어느 시드든 평가가 475 아래였던 마지막 스텝 {last_dip:,}",
             f"{name}: first solve per seed at {first_solves} steps; last evaluation below 475 on any seed at {last_dip:,}"))
last_q = np.median(stacked(stable, "probe_q_max")[:, -1])
print(tr(LANG, f"{stable}: 과대추정(마지막 평가들, 중앙값) {over[stable]:.1f}, "
               f"마지막 평가 때의 최대 max Q(중앙값) {last_q:.0f}, 천장 {CEILING:.0f}.",
         f"{stable}: overestimation (last evaluations, median) {over[stable]:.1f}; "
         f"largest max Q at the last evaluation (median) {last_q:.0f}, ceiling {CEILING:.0f}."))
'''))

course.md(
    ko=r"""
이 결과를 1절의 두 가지 생각과 함께 읽으면 다음과 같습니다.

- **2013 변형**은 죽음의 삼각형을 그대로 가집니다. Q 값이 천장을 넘는다면 그것이 발산이고, 평가 반환값이 좋아 보이는
  구간이 있어도 그 값은 믿을 수 없습니다. "잘하다가 무너지는" 곡선이 여러 시드에서 나타나는지, 해결한 뒤에도 그 상태를
  유지하는지 위 문장에서 확인하세요.
- **타깃 신경망**($C = 100$)은 되먹임을 끊어 Q 값을 천장 아래에 붙잡아 둡니다. 그 대가로 복사 한 번에 백업 한 번만 일어나므로,
  수백 스텝 뒤의 결과(수레가 트랙 밖으로 천천히 밀려나는 것)가 가치에 늦게 반영됩니다. 그래서 해결이 느리거나, 이
  예산 안에서는 해결하지 못할 수 있습니다. 빠른 것과 믿을 수 있는 것 사이의 이 교환이 이 절의 핵심입니다.
- **더블 DQN**은 2절의 $\max$ 편향을 겨냥합니다. 효과는 예측한 $Q(s_0)$와 실제 할인 반환값의 차이(과대추정)에서
  보아야 합니다. 값이 복사 횟수에 묶여 실제보다 작다면 줄일 과대추정 자체가 없습니다.
- **후버 손실과 클리핑**은 큰 TD 오차 하나가 신경망을 크게 흔드는 것을 막습니다. 후버 손실은 작은 오차에서도 MSE의
  절반 크기 그래디언트를 주므로(4절), 같은 학습률에서는 배우는 속도도 달라집니다.
- **preset('cartpole')은** 믿을 수 있는 값과 빠른 해결이 함께 갈 수 있다는 것을 보여 줍니다. 변형 2–4보다 환경 스텝으로
  3.5배쯤 자주 복사하고 백업 한 번에 보상을 세 개씩 더하므로 1절의 상한이 훨씬 빨리 올라가고, 층 정규화, 학습률 감소,
  1.0에서 0.05로 내려가는 입실론, 16 스텝마다 1,024개짜리 미니배치, 거울상까지 더해 모든 시드에서 해결합니다. 다만 처음
  해결하는 것은 중앙값으로 보면 조금 늦습니다(8,000 스텝, 2013 변형은 6,000). 위의 시드별 스텝을 보면 두 시드에서는
  안정적인 설정이 8,000–14,000 스텝 먼저, 세 시드에서는 2013 변형이 2,000–6,000 스텝 먼저 해결했습니다. 대신 처음 해결한
  뒤 475 아래로 떨어진 평가는 세 시드에서 한 번씩, 모두 세 번뿐이고(그 뒤 평가의 475 이상 비율, 중앙값 92%), 어느 시드든
  평가가 475 아래였던 마지막 스텝이 14,000입니다. 2013 변형은 30,000 스텝에서도 475 아래로 떨어집니다.
  Q 값은 천장까지 올라간 뒤 천장 바로 위에 머물고(가운데 그림), 과대추정은 1.8(마지막 평가들의 중앙값)입니다. 어떤 반환값도 천장을 넘지
  못하니 이것도 작은 과대추정이지만, 2013 변형의 과대추정이 수백, 최대 Q 값이 수천에 이르는 것과 비교해 보세요. 다만 이
  실험은 조합의 효과만 보여 줍니다. 층 정규화, 학습률 감소, n-스텝 반환값이 각각 무엇을 했는지는 부품을 하나씩 빼 봐야
  압니다(연습 문제 6).

변형 2–4는 자기에게 맞춘 설정으로 돌린 것이 아니라는 점을 기억하세요. 여기서 어떤 부품이 "도움이 안 됐다"는 말은 "이
설정에서는"이라는 뜻입니다. 변형 5는 부품들을 함께 튜닝하면 CartPole에서 값을 믿을 수 있으면서 모든 시드에서 해결하고
(시드마다 많아야 한 번 흔들릴 뿐) 그 상태를 유지하는 에이전트를 얻을 수 있음을 보여 줍니다. 처음 해결하는 것이
중앙값으로 2,000 스텝 늦은 것이 그 값입니다. 2013 변형은 빨리 해결하기도 하지만,
그 뒤 평가의 절반 넘게(중앙값) 475 아래로 떨어지고 값이 발산합니다.
""",
    en=r"""
Read together with the two ideas of section 1:

- The **2013 variant** has the whole deadly triad. Q-values above the ceiling are divergence, and even
  when the evaluation returns look good for a while, those values cannot be trusted. Check in the
  sentences above whether the "good, then collapse" curve shows up across seeds, and whether the runs
  stay solved once they have solved.
- A **target network** ($C = 100$) cuts the feedback and holds the Q-values below the ceiling. The price is one
  backup per copy: what happens hundreds of steps later (the cart slowly pushed off the track) reaches
  the values late, so solving can be slower, or not happen within this budget. That trade between fast
  and trustworthy is the heart of this section.
- **Double DQN** targets the $\max$ bias of section 2. Look for its effect in the gap between the
  predicted $Q(s_0)$ and the discounted return obtained (the overestimation). When the copies hold the
  values below the real ones, there is no overestimation left for it to remove.
- **The Huber loss and clipping** stop one large TD error from shaking the network. The Huber loss also
  gives half the MSE gradient for small errors (section 4), so at the same learning rate it learns at
  a different speed.
- **preset('cartpole')** shows that values you can trust and solving fast can go together. It copies
  about 3.5 times as often in env steps as variants 2-4 and adds three rewards per backup, so the cap
  of section 1 rises much faster; with LayerNorm, the learning-rate decay, ε going from 1.0 to 0.05,
  one mini-batch of 1,024 every 16 steps and mirror images added, it solves on every seed. Its median
  first solve is a little later, though: 8,000 steps against the 2013 variant's 6,000. The per-seed
  steps above show it solving 8,000–14,000 steps earlier on two seeds and 2,000–6,000 steps later on
  three. In exchange, after its first solve only three evaluations fall below 475, one on each of
  three seeds (share of later evaluations ≥ 475: median 92%), and its last evaluation below 475, on any
  seed, is at 14,000 steps; the 2013 variant still falls below 475 at 30,000. Its Q-values climb to the
  ceiling and then stay just above it (middle panel), and its overestimation is 1.8 (median over the last
  evaluations). No return can pass the
  ceiling, so that too is a small overestimation, but compare it with the 2013 variant's, in the
  hundreds, and its largest Q-values, in the thousands. This experiment shows only what the combination does, though: what LayerNorm, the
  learning-rate decay and n-step returns each do takes removing them one at a time (exercise 6).

Keep in mind that variants 2-4 did not run with settings tuned for them: a part that "did not help"
here did not help *with these settings*. Variant 5 shows that with the parts tuned together, CartPole
gets an agent whose values can be trusted and that solves, and (with at most one dip per seed) stays
solved, on every seed; the price is a median first solve 2,000 steps later. The 2013 variant can solve fast, but more than half of its later evaluations (median)
fall below 475, and its values diverge.
""",
)

course.md(
    ko=r"""
### 직접 돌려 보기: 짧은 실험

저장된 결과를 믿기만 할 필요는 없습니다. 아래 셀은 2013 변형, 타깃 신경망·더블 DQN 변형, 안정적인 설정을 시드 하나로
짧게 학습시켜 비슷한 그림을 그립니다. 예산이 작으니 위의 결과와 숫자는 다르지만, Q 값이 어느 쪽으로 움직이는지는 볼 수 있습니다.
10,000 스텝은 위 표에서 안정적인 설정이 처음 해결한 스텝의 중앙값보다 길지만, 해결한 뒤에도 평가 곡선이 흔들리므로
마지막 평가 하나가 475를 넘느냐는 그때그때 다릅니다. 해결 여부보다 세 변형의 Q 값이 어디로 가는지를 보세요.
""",
    en=r"""
### Run it yourself: a short experiment

You need not take the saved results on trust. The cell below trains the 2013 variant, the target
network + Double DQN variant and the stable preset briefly on one seed and draws similar figures. The budget is small, so the numbers
differ from the saved ones, but you can see which way the Q-values go. 10,000 steps is longer than the
stable preset's median first solve in the table above, but the evaluation curves wobble after a first
solve, so whether one run's last evaluation is ≥ 475 is partly luck. Watch where the three variants'
Q-values go rather than whether they solve.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
LIVE_STEPS = 10_000
live = {}
for name, config in (("2013", preset("cartpole-2013", seed=0)),
                     (tr(LANG, "+ 타깃 신경망, 더블 DQN", "+ target network, Double DQN"),
                      preset("cartpole-2013", seed=0, target_update_period=100, double_dqn=True)),
                     (tr(LANG, "안정적인 설정: preset('cartpole')", "preset('cartpole')"), preset("cartpole", seed=0))):
    agent = make_agent(config, obs_shape, num_actions)
    live[name] = train(agent, "CartPole-v1", total_steps=LIVE_STEPS, eval_every=2_000, progress=False)

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
for name, run in live.items():
    axes[0].plot(run.eval_steps, run.eval_means, "o-", label=name)
    axes[1].plot(run.eval_steps, run.probe_q_max, "^-", label=name)
    print(f"{name:>20}: «마지막 평가|last evaluation» {run.eval_means[-1]:.0f}, "
          f"«최대 max Q|largest max Q» {max(run.probe_q_max):.1f}")
axes[1].axhline(CEILING, color="black", linestyle=":", label=tr(LANG, "천장", "ceiling"))
axes[0].set(xlabel=tr(LANG, "환경 스텝", "environment step"), ylabel=tr(LANG, "평가 평균", "evaluation mean"))
axes[1].set(xlabel=tr(LANG, "환경 스텝", "environment step"), ylabel=tr(LANG, "최대 max Q", "largest max Q"), yscale="log")
axes[1].legend()
plt.show()
'''), heavy=True)

course.md(
    ko=r"""
여기 저장된 실행(시드 0)에서 2013 변형의 최대 max Q는 10,000 스텝 만에 천장을 넘었습니다(368.3). 타깃 신경망·더블
DQN 변형은 26.1로 천장보다 한참 아래이고, 1절에서 10,000 스텝에 대해 계산한 상한 22.2보다 조금 높을 뿐입니다. 안정적인
설정은 76.6으로 천장을 향해 올라가는 중이고 넘지 않았습니다. 마지막 평가(351, 127, 287)만 보면 셋 다 풀지 못한 것
같지만, 왼쪽 그림을 보면 2013 변형은 그 전에 475를 넘었습니다. 안정적인 설정은 이 짧은 예산 안에서는 475에 닿지
못했습니다(저장된 실행에서 시드 0은 12,000 스텝에 처음 해결했습니다). 실행 하나의 마지막 평가 하나로는 알 수
있는 것이 많지 않습니다.
""",
    en=r"""
In the run stored here (seed 0) the 2013 variant's largest max Q passed the ceiling within 10,000 steps
(368.3). The target network + Double DQN variant's, 26.1, is far below it, a little above the cap of
22.2 that section 1 computed for 10,000 steps. The stable preset's, 76.6, is still climbing towards the
ceiling without passing it. The last evaluations alone (351, 127, 287) would say that none of the three
solved, but the left panel shows the 2013 variant above 475 before; the stable preset did not reach 475
within this short budget (in the saved runs seed 0 first solved at 12,000 steps): one last
evaluation of one run says little.
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
- 함수 근사, 부트스트래핑, 오프폴리시 학습이 함께 있으면(죽음의 삼각형) Q 값이 발산할 수 있습니다. 드물게($C = 100$)
  복사하는 타깃 신경망은 값을 천장 아래에 붙잡아 두지만, 복사 한 번에 백업 한 번이라 멀리 있는 결과가 늦게 반영됩니다.
- 층 정규화(`layer_norm=True`)는 은닉층의 출력을 샘플마다 정규화해, Q 값의 크기를 입력이 아니라 가중치가 정하는 상한
  아래에 둡니다. 학습률 감소(`learning_rate_decay`)는 처음에는 큰 스텝으로, 해결한 뒤에는 작은 스텝으로 배웁니다.
- n-스텝 반환값(`multi_step=n`)은 진짜 보상 $n$개를 더한 뒤에 $\gamma^n$으로 부트스트래핑합니다:
  $y_t = R_t^{(n)} + \gamma^n (1-d) \max_a Q(s_{t+n}, a; \theta^-)$. 실패 소식이 업데이트 한 번에 $n$ 상태 앞까지 전해지고,
  타깃이 신경망의 추측에 덜 기댑니다. 종료되면 열린 구간이 모두 부트스트래핑 없이 끝나고, 중단되면 $n$ 스텝이 안 되는
  구간은 버립니다(09의 `n_step_targets`는 $\gamma^m$으로 부트스트래핑합니다. 둘 다 맞습니다). 구간 안의 보상은 입실론-탐욕
  행동 정책의 것이고, 보정하지 않습니다.
- 층 정규화, 학습률 감소, n-스텝 반환값에 자주 복사하는 타깃 신경망, 더블 DQN, 1.0에서 0.05로 내려가는 입실론,
  16 스텝마다 1,024개짜리 미니배치, 거울상을 합친 것이 `preset("cartpole")`입니다. 이 어블레이션에서는 모든 시드에서
  해결했고(처음 해결한 스텝의 중앙값은 8,000으로 2013 변형의 6,000보다 조금 늦습니다), 시드마다 많아야 한 번 흔들렸을 뿐 그
  상태를 유지했으며, Q 값이 천장
  바로 위에 머물렀습니다.
- 어블레이션은 여러 시드로 돌리고, 반환값뿐 아니라 천장과 비교한 Q 값과 과대추정까지 함께 읽어야 합니다.

## 연습 문제

1. (코딩) 1절의 `TARGET_PERIOD`를 10과 200으로 바꿔 그림을 다시 그리세요. 계단의 모양은 어떻게 바뀌나요? 타깃이 가장 안정적인
   설정과 가장 빨리 따라오는 설정은 무엇인가요?
2. (코딩) 2절의 실험에서 잡음의 표준편차를 0.5와 2로 바꾸면 단일 추정의 편향은 어떻게 변하나요? 편향이 표준편차에
   비례한다는 것을 식으로 설명해 보세요.
3. (코딩) 더블 DQN에서 두 신경망의 역할을 바꾸면(타깃 신경망으로 고르고 온라인 신경망으로 값을 매김) 무엇이 문제일까요?
   `check_double_dqn_target`에 그렇게 구현한 함수를 넣어 보세요.
4. (코딩) 5절의 짧은 실험에서 `LIVE_STEPS`를 20,000으로 늘리고 시드를 1, 2로 바꿔 보세요. 저장된 결과의 시드별 곡선과 비슷한가요?
   시드 하나로 결론을 내리면 어떤 위험이 있을까요?
5. (도전) `python benchmarks/ablation.py --variants "+ target network" --seeds 0 1 --steps 30000 --out /tmp/c.jsonl`처럼
   타깃 신경망의 복사 주기(`TARGET_UPDATE_PERIOD`)를 25와 400으로 바꿔 돌려 보세요. 1절의 "복사 한 번에 백업 한 번" 계산과
   Q 값의 최댓값, 해결 속도가 어떻게 맞아떨어지나요?
6. (도전) 안정적인 설정에서 부품을 하나씩 빼 보세요. `benchmarks/ablation.py`의 `VARIANTS`에
   `"- LayerNorm": {**fields_changed("cartpole"), "layer_norm": False}`,
   `"- lr decay": {**fields_changed("cartpole"), "learning_rate_decay": None}`,
   `"- n-step": {**fields_changed("cartpole"), "multi_step": 1}`을 더하고
   `python benchmarks/ablation.py --variants "- LayerNorm" "- lr decay" "- n-step" --seeds 0 1 --out /tmp/d.jsonl`로
   돌립니다. 처음 해결한 스텝, 최대 max Q, 해결한 뒤 475 이상을 유지하는 비율이 변형 5와 어떻게 다른가요? 4절에서 각
   부품이 하는 일이라고 한 것과 맞아떨어지나요?
7. (손 계산, 코딩) $n = 3$, $\gamma = 0.5$이고, 한 에피소드의 보상이 $r_0, r_1, r_2, r_3 = 1, 0, 2, 0$입니다.
   (가) 마지막 스텝(s3 → s4)에서 시간 제한으로 중단되면 `NStepCollector`는 어떤 전이를 저장하나요? 전이마다
   $R^{(3)}$, 부트스트래핑하는 상태, 타깃을 손으로 적고, 버려지는 구간도 적으세요. 09의 `n_step_targets`라면 버려진
   구간의 타깃은 무엇일까요? (나) 같은 스텝에서 중단이 아니라 종료되면 무엇이 달라지나요? 4절의 `NStepCollector` 셀에서
   `gamma`, `episode_steps`와 스텝마다의 보상을 바꿔 답을 확인하세요.
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
- Function approximation, bootstrapping and off-policy learning together (the deadly triad) can make
  Q-values diverge. A target network copied rarely ($C = 100$) holds them below the ceiling, but with
  one backup per copy, distant consequences arrive late.
- LayerNorm (`layer_norm=True`) normalizes each hidden layer's output per sample, which bounds the
  Q-values by the weights instead of the input. Learning-rate decay (`learning_rate_decay`) learns with
  large steps first and small ones once solved.
- n-step returns (`multi_step=n`) add $n$ real rewards and then bootstrap with $\gamma^n$:
  $y_t = R_t^{(n)} + \gamma^n (1-d) \max_a Q(s_{t+n}, a; \theta^-)$. The news of a failure reaches the
  states $n$ steps earlier in one update, and the target leans less on the network's guesses. At a
  termination every open window ends without a bootstrap; at a truncation the windows shorter than $n$
  are dropped (notebook 09's `n_step_targets` bootstraps them with $\gamma^m$; both are right). The
  rewards inside a window come from the ε-greedy behavior policy, without correction.
- LayerNorm, learning-rate decay and n-step returns, with a target network copied often, Double DQN,
  ε going from 1.0 to 0.05, one mini-batch of 1,024 every 16 steps and mirror images, make
  `preset("cartpole")`. In this ablation it solved on every seed (median first solve 8,000 steps, a
  little later than the 2013 variant's 6,000), stayed solved with at most one dip per seed, and kept its Q-values just above the ceiling.
- Run ablations over several seeds, and read not only the returns but also the Q-values against the
  ceiling and the overestimation.

## Exercises

1. (Code) Set `TARGET_PERIOD` in section 1 to 10 and to 200 and redraw. How does the staircase change? Which
   setting keeps the target steadiest, and which follows fastest?
2. (Code) In the experiment of section 2, change the noise's standard deviation to 0.5 and to 2. How does the
   single estimator's bias change? Explain with a formula why the bias is proportional to the standard
   deviation.
3. (Code) What goes wrong if Double DQN swaps the roles (select with the target network, evaluate with the
   online network)? Pass such a function to `check_double_dqn_target`.
4. (Code) In the short experiment of section 5, raise `LIVE_STEPS` to 20,000 and try seeds 1 and 2. Do the
   curves look like the saved per-seed curves? What is the risk of concluding from one seed?
5. (Challenge) Change the target network's copy period (`TARGET_UPDATE_PERIOD` in
   `benchmarks/ablation.py`) to 25 and to 400 and run, e.g.,
   `python benchmarks/ablation.py --variants "+ target network" --seeds 0 1 --steps 30000 --out /tmp/c.jsonl`.
   How do the largest Q-value and the speed of solving fit the "one backup per copy" count of section 1?
6. (Challenge) Take the stable preset apart one piece at a time. Add to `VARIANTS` in
   `benchmarks/ablation.py` `"- LayerNorm": {**fields_changed("cartpole"), "layer_norm": False}`,
   `"- lr decay": {**fields_changed("cartpole"), "learning_rate_decay": None}` and
   `"- n-step": {**fields_changed("cartpole"), "multi_step": 1}`, then run
   `python benchmarks/ablation.py --variants "- LayerNorm" "- lr decay" "- n-step" --seeds 0 1 --out /tmp/d.jsonl`.
   How do the first solve, the largest max Q and the share of evaluations that stay ≥ 475 after the
   first solve differ from variant 5's? Does that fit what section 4 says each part does?
7. (By hand, code) Let $n = 3$, $\gamma = 0.5$, and the rewards of an episode $r_0, r_1, r_2, r_3 = 1, 0, 2, 0$.
   (a) If a time limit truncates the episode at the last step (s3 → s4), which transitions does
   `NStepCollector` store? Write down for each its $R^{(3)}$, the state it bootstraps from and its target,
   and which windows are dropped. What targets would notebook 09's `n_step_targets` give the dropped
   windows? (b) What changes if the episode terminates at that step instead? Check your answers in the
   `NStepCollector` cell of section 4 by changing `gamma`, `episode_steps` and the reward of each step.
""",
)
