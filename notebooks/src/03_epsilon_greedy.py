"""Notebook 03: the ε-greedy policy and its linear decay schedule."""

from tools.nbbuild import Course, bi

course = Course("03_epsilon_greedy")

course.md(
    ko=r"""
# 03. 입실론-탐욕 정책: 탐험과 활용 사이에서

지금까지 에이전트가 겪은 일을 경험으로 저장하고(01), 리플레이 버퍼에서
다시 꺼내 쓰는 방법(02)을 만들었습니다. 이번에는 에이전트가 **어떤 행동을 고를지** 정합니다.
DQN은 각 행동의 가치를 추정한 Q 값을 가지고 있지만, 늘 가장 좋아 보이는 행동만 고르면 더 좋은 행동을
끝내 발견하지 못할 수 있습니다. 이 노트북은 그 문제와 DQN의 해법인 입실론-탐욕 정책을 다룹니다.

## 학습 목표

- 탐험(exploration)과 활용(exploitation)이 왜 서로 부딪히는지 설명할 수 있습니다.
- 입실론-탐욕 정책의 행동 확률을 식으로 쓰고, 탐욕 행동의 확률이 왜
  $1-\varepsilon+\varepsilon/n$인지 설명할 수 있습니다.
- `EpsilonGreedyPolicy`를 직접 구현하고 `torch.multinomial`로 행동을 샘플링합니다.
- 학습이 진행될수록 ε을 줄이는 선형 감소 스케줄(linear decay schedule) `linear_schedule`을 구현합니다.
- 패키지의 `dqn_teach.policy.EpsilonGreedyPolicy`와 `LinearSchedule`을 사용합니다.
""",
    en=r"""
# 03. The ε-greedy policy: between exploration and exploitation

So far the agent can store what happened to it as experience (01) and replay it from a replay buffer (02).
Now we decide **which action the agent takes**. DQN has Q-values, its estimates of how good each
action is, but an agent that always takes the action that currently looks best may never discover a
better one. This notebook is about that problem and DQN's answer to it, the ε-greedy policy.

## Learning goals

- Explain why exploration and exploitation pull in opposite directions.
- Write down the action probabilities of the ε-greedy policy and explain why the greedy action gets
  $1-\varepsilon+\varepsilon/n$.
- Implement `EpsilonGreedyPolicy` yourself and sample actions with `torch.multinomial`.
- Implement `linear_schedule`, the linear decay schedule that lowers ε as training goes on.
- Use the package's `dqn_teach.policy.EpsilonGreedyPolicy` and `LinearSchedule`.
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
import torch.nn.functional as F

from dqn_teach.i18n import tr
''')

course.md(
    ko=r"""
## 1. 탐험과 활용

상태 $s$에서 에이전트가 고를 수 있는 행동이 $n$개라고 합시다. 에이전트는 행동마다 Q 값
$Q(s, a)$를 추정해 두었습니다. 가장 자연스러운 선택은 Q 값이 가장 큰 행동, 즉 **탐욕 행동**입니다.

$$
a^{\text{greedy}} = \arg\max_{a} Q(s, a)
$$

탐욕 행동만 고르는 것이 **활용**입니다. 지금까지 배운 것을 최대한 써먹는 셈입니다. 문제는 Q 값이 어디까지나
*추정값*이라는 점입니다. 학습 초기의 Q 값은 거의 무작위이고, 한 번도 해 보지 않은 행동의 Q 값은 틀린 채로
남습니다. 어떤 행동이 실제로는 더 좋아도 추정값이 낮으면 탐욕 정책은 그 행동을 다시는 고르지 않고,
그러니 추정값이 고쳐질 기회도 없습니다.

그래서 가끔은 일부러 다른 행동을 해 봐야 합니다. 이것이 **탐험**입니다. 탐험을 너무 적게 하면 더 좋은 행동을
놓치고, 너무 많이 하면 이미 아는 좋은 행동을 쓰지 못해 보상을 잃습니다. 이 줄다리기를
*탐험-활용 딜레마*라고 부릅니다.
""",
    en=r"""
## 1. Exploration and exploitation

Say the agent can choose among $n$ actions in state $s$, and it has an estimate $Q(s, a)$ for each.
The obvious choice is the action with the largest Q-value, the **greedy action**:

$$
a^{\text{greedy}} = \arg\max_{a} Q(s, a)
$$

Always taking the greedy action is **exploitation**: making the most of what has been learned so far.
The catch is that Q-values are *estimates*. Early in training they are close to random, and the
estimate of an action that is never tried is never corrected. If a better action happens to have a
low estimate, a greedy policy never takes it again, so the estimate never gets the chance to improve.

So the agent must sometimes try other actions on purpose: **exploration**. Too little exploration
misses better actions; too much wastes reward on actions already known to be poor. This tug of war
is the *exploration–exploitation dilemma*.
""",
)

course.md(
    ko=r"""
## 2. 입실론-탐욕 정책

입실론-탐욕 정책은 이 딜레마를 가장 단순하게 푸는 방법이고, DQN 논문(Mnih et al., 2013)도 이 방법을 씁니다.

- 확률 $\varepsilon$으로 **탐험**: $n$개 행동 중 하나를 균등하게 무작위로 고릅니다.
- 확률 $1-\varepsilon$으로 **활용**: 탐욕 행동을 고릅니다.

여기서 조심할 점이 있습니다. 무작위로 고른 행동이 *우연히 탐욕 행동일 수도* 있습니다. 그래서 탐욕 행동의
확률은 $1-\varepsilon$이 아니라 그보다 조금 큽니다.

$$
\pi(a \mid s) =
\begin{cases}
1 - \varepsilon + \dfrac{\varepsilon}{n} & a = \arg\max_{a'} Q(s, a') \\[2mm]
\dfrac{\varepsilon}{n} & \text{그 밖의 행동}
\end{cases}
\qquad\Longleftrightarrow\qquad
\pi(a \mid s) = \frac{\varepsilon}{n} + (1-\varepsilon)\,\mathbb{1}\!\left[a = \arg\max_{a'} Q(s, a')\right]
$$

확률을 모두 더하면 $1-\varepsilon+\varepsilon/n + (n-1)\,\varepsilon/n = 1$이 됩니다. $\varepsilon = 0$이면 순수한
탐욕 정책, $\varepsilon = 1$이면 완전한 무작위 정책입니다.

### 왜 확률 분포로 만들까요?

"`if random() < ε:` 무작위 행동, 아니면 argmax"라고 써도 같은 분포에서 뽑는 셈입니다. 이 코스는 먼저 확률
분포 전체를 `(num_envs, num_actions)` 텐서로 만들고 `torch.multinomial`로 뽑습니다. 그러면

1. 환경 여러 개의 행동을 `if` 없이 한 번에 처리할 수 있고,
2. 분포 자체를 그리거나 테스트할 수 있으며,
3. `torch.Generator`를 넘겨 샘플링을 따로 재현할 수 있습니다.

Q 값이 같은 행동이 여럿이면 `argmax`는 **가장 작은 인덱스**를 고릅니다. 패키지도 같은 규칙을 씁니다.
""",
    en=r"""
## 2. The ε-greedy policy

The ε-greedy policy is the simplest answer to the dilemma, and the one the DQN paper (Mnih et al., 2013)
uses:

- with probability $\varepsilon$, **explore**: pick one of the $n$ actions uniformly at random;
- with probability $1-\varepsilon$, **exploit**: pick the greedy action.

One detail matters: the random action *can itself be the greedy action*. So the greedy action's
probability is a little more than $1-\varepsilon$:

$$
\pi(a \mid s) =
\begin{cases}
1 - \varepsilon + \dfrac{\varepsilon}{n} & a = \arg\max_{a'} Q(s, a') \\[2mm]
\dfrac{\varepsilon}{n} & \text{every other action}
\end{cases}
\qquad\Longleftrightarrow\qquad
\pi(a \mid s) = \frac{\varepsilon}{n} + (1-\varepsilon)\,\mathbb{1}\!\left[a = \arg\max_{a'} Q(s, a')\right]
$$

The probabilities add up to $1-\varepsilon+\varepsilon/n + (n-1)\,\varepsilon/n = 1$. $\varepsilon = 0$ is the pure
greedy policy, $\varepsilon = 1$ the uniformly random one.

### Why build the whole distribution?

"`if random() < ε:` random action, else argmax" samples from the same distribution. This course first
builds the full distribution as a `(num_envs, num_actions)` tensor and then samples with
`torch.multinomial`, because

1. it handles many environments at once, with no `if`,
2. the distribution itself can be plotted and tested, and
3. a `torch.Generator` makes the sampling reproducible on its own.

When several actions tie for the largest Q-value, `argmax` picks the **lowest index**; the package
does the same.
""",
)

course.md(
    ko=r"""
### 직접 만들기: `EpsilonGreedyPolicy`

두 메서드를 채웁니다.

- `probabilities(q_values)`: `(num_envs, num_actions)` Q 값 → 같은 모양의 확률. 위 식의 오른쪽 형태,
  $\varepsilon/n + (1-\varepsilon)\cdot\text{one-hot}(\arg\max)$을 그대로 옮기면 됩니다.
  (`F.one_hot`을 쓰거나, `torch.full`로 채운 뒤 `scatter_`로 탐욕 행동 자리만 바꿔도 됩니다.)
- `sample(q_values)`: 환경마다 행동 하나씩, 모양 `(num_envs, 1)`의 정수 텐서.
  `torch.multinomial(probs, num_samples=1, generator=self.generator)`가 바로 그 모양을 돌려줍니다.

ε은 나중에 스케줄에 따라 바뀌므로 `self.epsilon`은 언제든 다시 대입할 수 있는 속성으로 둡니다.
""",
    en=r"""
### Build it: `EpsilonGreedyPolicy`

Fill in two methods:

- `probabilities(q_values)`: `(num_envs, num_actions)` Q-values → probabilities of the same shape.
  Translate the right-hand form above, $\varepsilon/n + (1-\varepsilon)\cdot\text{one-hot}(\arg\max)$.
  (`F.one_hot` works, and so does `torch.full` followed by `scatter_` at the greedy action.)
- `sample(q_values)`: one action per environment, an integer tensor of shape `(num_envs, 1)`.
  `torch.multinomial(probs, num_samples=1, generator=self.generator)` returns exactly that shape.

ε will change during training (section 4), so `self.epsilon` stays a plain attribute you can assign to.
""",
)

course.code(**bi('''
class EpsilonGreedyPolicy:
    """«Q 값에서 ε-탐욕 방식으로 행동을 뽑습니다.|Sample actions ε-greedily from Q-values.»

    Args:
        epsilon: «탐험 확률, [0, 1]|exploration probability in [0, 1]».
        generator: «샘플링을 재현하기 위한 torch.Generator (없으면 전역 생성기)|optional torch.Generator that makes sampling reproducible (global one if None)».
    """

    def __init__(self, epsilon: float, generator: torch.Generator | None = None) -> None:
        if not 0.0 <= epsilon <= 1.0:
            raise ValueError(f"«epsilon은 0과 1 사이여야 합니다. 받은 값: {epsilon}|epsilon must be between 0 and 1, got {epsilon}».")
        self.epsilon = float(epsilon)
        self.generator = generator

    def probabilities(self, q_values: torch.Tensor) -> torch.Tensor:
        """(num_envs, num_actions) Q-values -> (num_envs, num_actions) «확률, 각 행의 합은 1|probabilities; each row sums to 1»."""
        # HINT: «모든 행동이 `epsilon / num_actions`를 받고, 탐욕 행동은 `1 - epsilon`을 더 받습니다. `q_values.argmax(dim=1)`(keepdim 없이, 모양 `(num_envs,)`)과 `F.one_hot(..., num_actions).float()`을 써 보세요.|Every action gets `epsilon / num_actions` and the greedy one `1 - epsilon` more. Try `q_values.argmax(dim=1)` (no keepdim, shape `(num_envs,)`) and `F.one_hot(..., num_actions).float()`.»
        ### BEGIN SOLUTION
        num_actions = q_values.shape[1]
        greedy_action = q_values.argmax(dim=1)  # (num_envs,)«, 동점이면 가장 작은 인덱스|, ties -> lowest index»
        is_greedy = F.one_hot(greedy_action, num_actions).float()  # (num_envs, num_actions)
        return self.epsilon / num_actions + (1.0 - self.epsilon) * is_greedy
        ### END SOLUTION

    def sample(self, q_values: torch.Tensor) -> torch.Tensor:
        """(num_envs, num_actions) Q-values -> (num_envs, 1) «int64 행동|int64 actions»."""
        # HINT: «`self.probabilities(q_values)`로 분포를 만들고 `torch.multinomial(probs, num_samples=1, generator=self.generator)`로 뽑습니다.|Build the distribution with `self.probabilities(q_values)`, then draw with `torch.multinomial(probs, num_samples=1, generator=self.generator)`.»
        ### BEGIN SOLUTION
        probs = self.probabilities(q_values)
        return torch.multinomial(probs, num_samples=1, generator=self.generator)
        ### END SOLUTION
'''))

course.md(
    ko=r"""
먼저 손으로 확인해 봅니다. 행동이 4개이고 탐욕 행동이 1번이면, ε = 0.2일 때 1번의 확률은
$1 - 0.2 + 0.2/4 = 0.85$, 나머지는 $0.2/4 = 0.05$여야 합니다. 두 번째 행은 Q 값이 모두 같으므로 0번이 탐욕
행동입니다.
""",
    en=r"""
First a check by hand. With 4 actions and action 1 greedy, ε = 0.2 must give action 1 the probability
$1 - 0.2 + 0.2/4 = 0.85$ and the others $0.2/4 = 0.05$. In the second row all Q-values tie, so action 0
is the greedy one.
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
q_values = torch.tensor([[1.0, 2.5, 0.5, 1.8],
                         [0.0, 0.0, 0.0, 0.0]])
policy = EpsilonGreedyPolicy(epsilon=0.2, generator=torch.Generator().manual_seed(0))
print(policy.probabilities(q_values))
print(policy.sample(q_values).shape)
''')

course.md(
    ko=r"""
### 검사

`check_epsilon_greedy`는 ε = 0.3, 0, 1에서 확률이 식과 맞는지, `policy.epsilon`을 바꾸면 바로 반영되는지, 그리고
`sample`이 돌려주는 행동의 모양과 빈도를 검사합니다. 틀린 곳이 있으면 무엇이 틀렸고 어떻게 고치는지 알려 줍니다.
""",
    en=r"""
### Check it

`check_epsilon_greedy` checks the probabilities against the formula at ε = 0.3, 0 and 1, that a new value of
`policy.epsilon` takes effect at once, and the shape and frequencies of the actions `sample` returns. When
something is wrong it says what and how to fix it.
""",
)

course.code(**bi('''
from dqn_teach.checks import check_epsilon_greedy

check_epsilon_greedy(EpsilonGreedyPolicy, lang="«ko|en»")
'''))

course.md(
    ko=r"""
여기서부터는 패키지의 구현을 씁니다. 위 구현에 실수가 있더라도 뒤의 실험이 틀어지지 않게 하기 위해서입니다.
패키지의 `EpsilonGreedyPolicy`는 여러분의 것과 같은 식을 쓰고, 잘못된 입력에는 고치는 방법까지 알려 주는
오류를 냅니다.
""",
    en=r"""
From here on we use the package's implementation, so that a slip in the cell above cannot spoil the
experiments below. The package's `EpsilonGreedyPolicy` uses the same formula and answers bad input with
an error that says how to fix it.
""",
)

course.code('''
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
''')

course.md(
    ko=r"""
## 3. ε에 따라 확률이 어떻게 바뀌나

같은 Q 값 `[1.0, 2.5, 0.5, 1.8]`(탐욕 행동은 1번)에 ε만 바꿔 가며 확률을 그립니다. 막대는 식으로 계산한 확률,
점은 `sample`로 20,000번 뽑아 센 빈도입니다. 둘이 겹치면 샘플링이 분포를 제대로 따른다는 뜻입니다.
""",
    en=r"""
## 3. How the probabilities change with ε

Same Q-values `[1.0, 2.5, 0.5, 1.8]` (action 1 is greedy), different ε. Bars are the probabilities from the
formula; dots are the frequencies of 20,000 draws from `sample`. When they agree, the sampling follows
the distribution.
""",
)

course.code(**bi('''
epsilons = [0.0, 0.1, 0.5, 1.0]
q_values = torch.tensor([[1.0, 2.5, 0.5, 1.8]])
num_actions = q_values.shape[1]
num_draws = 20_000
generator = torch.Generator().manual_seed(0)

fig, ax = plt.subplots(figsize=(8, 3.8))
width = 0.2
for i, epsilon in enumerate(epsilons):
    policy = EpsilonGreedyPolicy(epsilon, generator=generator)
    probs = policy.probabilities(q_values)[0]
    # «같은 Q 값을 num_draws개 환경에 복제해 한 번에 뽑습니다.|Copy the Q-values to num_draws environments and sample them all at once.»
    actions = policy.sample(q_values.expand(num_draws, -1))[:, 0]
    frequency = torch.bincount(actions, minlength=num_actions) / num_draws
    x = np.arange(num_actions) + (i - 1.5) * width
    ax.bar(x, probs, width, label=f"ε = {epsilon}")
    ax.plot(x, frequency, "k.", markersize=6)
ax.plot([], [], "k.", label=tr(LANG, "샘플 빈도", "sampled frequency"))
ax.set_xticks(range(num_actions),
              [tr(LANG, f"행동 {a}", f"action {a}") + (tr(LANG, "\\n(탐욕)", "\\n(greedy)") if a == 1 else "")
               for a in range(num_actions)])
ax.set_ylabel(tr(LANG, "선택 확률 π(a|s)", "probability π(a|s)"))
ax.set_title(tr(LANG, "ε-탐욕 정책의 행동 확률 (Q = [1.0, 2.5, 0.5, 1.8])",
                "ε-greedy action probabilities (Q = [1.0, 2.5, 0.5, 1.8])"))
ax.legend(ncols=5, fontsize=8, loc="upper left")
ax.set_ylim(0, 1.12)
plt.show()
'''))

course.md(
    ko=r"""
ε = 1이면 모든 행동이 $1/4$로 같고, ε = 0이면 탐욕 행동만 나옵니다. 그 사이에서는 탐욕 행동의 막대가
$1-\varepsilon$보다 $\varepsilon/n$만큼 더 높습니다.

아래 위젯으로 Q 값, ε, 환경 스텝을 직접 바꿔 보세요. Q 값 칸을 고치면 탐욕 행동이 바뀌고, 스텝 슬라이더는
선형 감소 스케줄에서 지금의 ε이 어디쯤인지 보여 줍니다. (커널이 없는 화면에서는 기본값의
그림만 보입니다.)
""",
    en=r"""
At ε = 1 every action gets $1/4$; at ε = 0 only the greedy action appears. In between, the greedy bar is
$\varepsilon/n$ taller than $1-\varepsilon$.

Use the widget below to change the Q-values, ε and the environment step yourself. Editing a Q-value
changes the greedy action; the step slider shows where ε stands on the linear decay schedule. (Without
a running kernel you see a static figure of its default values.)
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
from dqn_teach.widgets import epsilon_explorer

epsilon_explorer(lang="«ko|en»")
'''))

course.md(
    ko=r"""
### 탐험이 정말 필요할까: 팔이 10개인 밴딧 실험

상태가 하나뿐인 가장 단순한 문제, *멀티 암드 밴딧*(multi-armed bandit)에서 확인해 봅니다. 슬롯머신 팔이 10개 있고, 팔 $a$의 보상은
평균 $\mu_a \sim \mathcal{N}(0, 1)$, 분산 1인 정규분포에서 나옵니다. 에이전트는 팔마다 지금까지 받은 보상의
평균을 Q 값으로 두고 ε-탐욕으로 팔을 고릅니다. 이 실험을 서로 다른 문제 1,000개에서 동시에 돌립니다. 각 문제를
"환경 하나"로 보면, Q 값 텐서의 모양이 `(num_envs, num_actions) = (1000, 10)`이므로 방금 만든 정책을 그대로 쓸 수
있습니다.
""",
    en=r"""
### Is exploration really needed? A 10-armed bandit

Take the simplest problem there is, with a single state: the *multi-armed bandit*. A slot machine has
10 arms; arm $a$ pays a reward drawn from a normal distribution with mean $\mu_a \sim \mathcal{N}(0, 1)$
and variance 1. The agent's Q-value for each arm is the average reward it has received from that arm,
and it picks arms ε-greedily. We run 1,000 different problems side by side. Treat each problem as one
"environment": the Q-values have shape `(num_envs, num_actions) = (1000, 10)`, so the policy we just
built works unchanged.
""",
)

course.md(
    ko=r"""
**예측해 보세요.** ε = 0, 0.01, 0.1, 0.5 중 1,000스텝 동안 평균 보상이 가장 높은 것은 무엇일까요? ε = 0(탐욕)은 최선의 팔을 몇 % 문제에서 찾을까요?

아래 셀에 예측을 적어 실행한 다음, 그다음 셀을 실행해 확인하세요.
""",
    en=r"""
**Predict first.** Of ε = 0, 0.01, 0.1 and 0.5, which earns the highest average reward over 1,000 steps? In what percentage of the problems does ε = 0 (greedy) find the best arm?

Write your prediction in the cell below and run it, then run the next cell to find out.
""",
)

course.code(**bi('''
my_prediction = None  # «여기에 예측을 적으세요|write your prediction here»
'''))

course.code(**bi('''
def run_bandits(epsilon: float, num_problems: int = 1000, num_arms: int = 10,
                num_steps: int = 1000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """«ε-탐욕 에이전트를 밴딧 문제 num_problems개에서 돌립니다.|Run an ε-greedy agent on num_problems bandit problems.»

    Returns:
        «스텝별 평균 보상 (num_steps,)과 최선의 팔을 고른 비율 (num_steps,)|mean reward per step (num_steps,) and fraction of optimal arms (num_steps,)».
    """
    rng = torch.Generator().manual_seed(seed)
    true_means = torch.randn(num_problems, num_arms, generator=rng)  # μ_a
    best_arm = true_means.argmax(dim=1)
    q_values = torch.zeros(num_problems, num_arms)  # «보상 평균 추정값|estimated mean rewards»
    counts = torch.zeros(num_problems, num_arms)
    policy = EpsilonGreedyPolicy(epsilon, generator=rng)
    rows = torch.arange(num_problems)
    mean_reward, optimal_fraction = np.zeros(num_steps), np.zeros(num_steps)
    for step in range(num_steps):
        arm = policy.sample(q_values)[:, 0]  # (num_problems,)
        reward = true_means[rows, arm] + torch.randn(num_problems, generator=rng)
        # «표본 평균을 한 번에 갱신: Q ← Q + (r − Q) / N|incremental sample mean: Q ← Q + (r − Q) / N»
        counts[rows, arm] += 1
        q_values[rows, arm] += (reward - q_values[rows, arm]) / counts[rows, arm]
        mean_reward[step] = reward.mean()
        optimal_fraction[step] = (arm == best_arm).float().mean()
    return mean_reward, optimal_fraction


fig, (ax_reward, ax_optimal) = plt.subplots(1, 2, figsize=(11, 3.8))
for epsilon in [0.0, 0.01, 0.1, 0.5]:
    mean_reward, optimal_fraction = run_bandits(epsilon)
    ax_reward.plot(mean_reward, label=f"ε = {epsilon}", linewidth=1)
    ax_optimal.plot(100 * optimal_fraction, label=f"ε = {epsilon}", linewidth=1)
ax_reward.set_xlabel(tr(LANG, "스텝", "step"))
ax_reward.set_ylabel(tr(LANG, "평균 보상", "average reward"))
ax_optimal.set_xlabel(tr(LANG, "스텝", "step"))
ax_optimal.set_ylabel(tr(LANG, "최선의 팔을 고른 비율 (%)", "optimal arm chosen (%)"))
ax_reward.set_title(tr(LANG, "팔이 10개인 밴딧, 문제 1,000개의 평균", "10-armed bandit, mean of 1,000 problems"))
ax_optimal.legend()
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
- **ε = 0 (탐욕)**: 처음에 좋아 보인 팔에 갇힙니다. 최선의 팔을 찾는 문제는 세 개 중 하나 남짓이고, 그 뒤로 전혀 나아지지 않습니다.
- **ε = 0.1**: 초반에 손해를 보지만 곧 최선의 팔을 찾아내 평균 보상이 가장 높아집니다.
- **ε = 0.5**: 최선의 팔을 잘 *알고* 있어도 절반은 무작위로 골라 보상을 잃습니다.
- **ε = 0.01**: 느리지만 꾸준히 좋아집니다. 스텝 수가 충분히 많으면 결국 ε = 0.1을 앞지릅니다.

초반에는 많이 탐험하고 나중에는 주로 활용하는 것이 좋아 보입니다. 그것이 다음 절의 ε 스케줄입니다.
""",
    en=r"""
- **ε = 0 (greedy)**: locks onto whichever arm looked good early. It finds the best arm in only about a third of the problems and never improves after that.
- **ε = 0.1**: pays at first but soon finds the best arm and earns the most.
- **ε = 0.5**: *knows* the best arm well but still picks at random half the time, and loses reward.
- **ε = 0.01**: improves slowly but steadily; given enough steps it overtakes ε = 0.1.

Exploring a lot early and mostly exploiting later looks best. That is the ε schedule of the next section.
""",
)

course.md(
    ko=r"""
## 4. 선형 감소 스케줄

DQN은 ε을 고정하지 않습니다. 처음에는 Q 값을 믿을 수 없으니 많이 탐험하고, 학습이 진행될수록 ε을 줄여
활용 쪽으로 옮겨 갑니다. DQN 논문은 ε을 처음 100만 프레임 동안 1에서 0.1로 **선형으로** 줄이고 그 뒤로는 0.1로
유지했습니다. 원래 노트북의 설정 `epsilon_linear_decay = (start_t, end_t, start_value, end_value)`가 같은 모양의
스케줄입니다.

$$
\text{fraction}(t) = \operatorname{clip}\!\left(\frac{t - t_{\text{start}}}{t_{\text{end}} - t_{\text{start}}},\; 0,\; 1\right),
\qquad
\varepsilon(t) = \varepsilon_{\text{start}} + \text{fraction}(t)\,\bigl(\varepsilon_{\text{end}} - \varepsilon_{\text{start}}\bigr)
$$

$t$는 환경 스텝(environment step) 수입니다. $t \le t_{\text{start}}$이면 시작값, $t \ge t_{\text{end}}$이면 끝값에 머물도록
**양쪽을 모두** 잘라 냅니다.

원래 노트북은 값을 `np.clip(value, end_value, start_value)`로 잘랐습니다. 이 방식은 값이 *줄어드는*
스케줄에서만 맞습니다. 값이 늘어나는 스케줄(예: 0.4 → 1.0)에서는 최솟값이 최댓값보다 커져 결과가 틀립니다.
위 식처럼 **진행 비율을 [0, 1]로 자르면** 방향과 상관없이 맞습니다.
""",
    en=r"""
## 4. The linear decay schedule

DQN does not keep ε fixed. Early on the Q-values cannot be trusted, so the agent explores a lot; as it
learns, ε goes down and the agent shifts toward exploitation. The DQN paper lowered ε **linearly** from 1
to 0.1 over the first million frames and kept it at 0.1 afterwards. The original notebook's setting
`epsilon_linear_decay = (start_t, end_t, start_value, end_value)` describes a schedule of this shape:

$$
\text{fraction}(t) = \operatorname{clip}\!\left(\frac{t - t_{\text{start}}}{t_{\text{end}} - t_{\text{start}}},\; 0,\; 1\right),
\qquad
\varepsilon(t) = \varepsilon_{\text{start}} + \text{fraction}(t)\,\bigl(\varepsilon_{\text{end}} - \varepsilon_{\text{start}}\bigr)
$$

$t$ counts environment steps. The schedule is clipped **on both sides**: the start value for
$t \le t_{\text{start}}$, the end value for $t \ge t_{\text{end}}$.

The original notebook clipped the value, `np.clip(value, end_value, start_value)`. That only works for
a *decreasing* schedule: for an increasing one (say 0.4 → 1.0) the lower bound exceeds the upper bound
and the result is wrong. Clipping the **fraction** to [0, 1], as above, works in both directions.
""",
)

course.code(**bi('''
def linear_schedule(t: float, start_t: int, end_t: int, start_value: float, end_value: float) -> float:
    """«start_t에서 start_value, end_t에서 end_value, 그 사이는 직선, 바깥은 끝값에 고정.|start_value at start_t, end_value at end_t, a straight line between, clipped outside.»"""
    # NO HINT
    ### BEGIN SOLUTION
    fraction = min(max((t - start_t) / (end_t - start_t), 0.0), 1.0)
    return float(start_value + fraction * (end_value - start_value))
    ### END SOLUTION
'''))

course.code('''
# NBVAL_CHECK_OUTPUT
for t in [0, 1_000, 5_000, 9_000, 20_000]:
    print(f"t = {t:>6}: ε = {linear_schedule(t, 1_000, 9_000, 1.0, 0.2):.3f}")
''')

course.code(**bi('''
from dqn_teach.checks import check_linear_schedule

check_linear_schedule(linear_schedule, lang="«ko|en»")
'''))

course.code(**bi('''
# «여기서부터는 패키지의 참고 구현을 씁니다 (dqn_teach.policy.LinearSchedule과 같은 값).|From here on, the package's reference implementation (same values as dqn_teach.policy.LinearSchedule).»
from dqn_teach.reference import linear_schedule
'''))

course.md(
    ko=r"""
왼쪽 그림은 $t_{\text{start}} > 0$인 스케줄로 양쪽 자르기를 보여 줍니다. 오른쪽 그림은 원래 노트북의 설정
`(0, 100000, 0.3, 0.01)`과 이 코스의 CartPole 설정 `cartpole_config()`의 스케줄을 비교합니다. CartPole은 수만 스텝 안에
풀리는데 원래 설정은 10만 스텝 동안 ε을 줄이므로, 에이전트가 이미 잘하게 된 뒤에도 오래 무작위 행동을 섞습니다.
`cartpole_config()`는 2013년 논문처럼 ε을 1.0에서 시작합니다. 처음 에피소드들은 거의 완전히 무작위라서, 리플레이 버퍼가
여러 가지 수레 위치와 속도의 경험으로 채워진 채 학습이 시작됩니다. 0.3에서 시작하면 처음부터 행동 대부분이 탐욕 행동이라
비슷비슷한 에피소드만 쌓입니다. ε은 8,000 스텝 만에 내려간 뒤 0.01이 아니라 0.05에 머뭅니다. 이것도 일부러 그렇게 한
것입니다. 스무 번에 한 번은 계속 무작위로 움직이게 해야, 잘하게 된 에이전트도 넘어지기 직전의 상태를 계속 겪고 그
경험이 리플레이 버퍼에 남습니다(두 가지 모두 06에서 자세히 봅니다).
""",
    en=r"""
The left plot shows both clips on a schedule with $t_{\text{start}} > 0$. The right plot compares the
original notebook's setting `(0, 100000, 0.3, 0.01)` with the schedule of this course's CartPole
setting, `cartpole_config()`. CartPole is solved within tens of thousands of steps, but the original setting
keeps lowering ε for 100,000 steps, so the agent keeps mixing in random actions long after it has become
good. `cartpole_config()` starts ε at 1.0, fully random, as the 2013 paper does: the first episodes, almost random, fill
the replay buffer with varied experience, carts at many positions and speeds. Starting at 0.3, most
actions are greedy from the start and the buffer fills with near-identical episodes. ε comes down
within 8,000 steps and then stays at 0.05, not 0.01, also on purpose: with one action in twenty still
random, even a good agent keeps running into states close to a fall, and that experience stays in its
replay buffer (notebook 06 says more about both).
""",
)

course.code(**bi('''
from dqn_teach.config import cartpole_config, seed_notebook_config

fig, (ax_clip, ax_compare) = plt.subplots(1, 2, figsize=(11, 3.6))

steps = np.arange(0, 14_001, 50)
ax_clip.plot(steps, [linear_schedule(t, 2_000, 10_000, 1.0, 0.05) for t in steps])
ax_clip.axvspan(0, 2_000, color="tab:gray", alpha=0.15)
ax_clip.axvspan(10_000, 14_000, color="tab:gray", alpha=0.15)
ax_clip.text(1_000, 0.5, tr(LANG, "시작값\\n유지", "held at\\nstart"), ha="center")
ax_clip.text(12_000, 0.5, tr(LANG, "끝값\\n유지", "held at\\nend"), ha="center")
ax_clip.set_title("linear_schedule(t, 2000, 10000, 1.0, 0.05)")
ax_clip.set_xlabel(tr(LANG, "환경 스텝 t", "environment step t"))
ax_clip.set_ylabel("ε")

steps = np.arange(0, 120_001, 500)
for name, decay in [(tr(LANG, "원래 노트북", "original notebook"), seed_notebook_config().epsilon_linear_decay),
                    ("cartpole_config()", cartpole_config().epsilon_linear_decay)]:
    ax_compare.plot(steps, [linear_schedule(t, *decay) for t in steps], label=f"{name} {decay}")
ax_compare.set_xlabel(tr(LANG, "환경 스텝 t", "environment step t"))
ax_compare.set_ylabel("ε")
ax_compare.set_title(tr(LANG, "CartPole의 ε 스케줄", "ε schedules for CartPole"))
ax_compare.legend(fontsize=8)
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
## 5. 패키지 버전: `LinearSchedule`과 함께 쓰기

패키지의 `LinearSchedule`은 같은 식을 객체로 감싼 것입니다. 만들 때 `end_t <= start_t` 같은 잘못된 설정을
거부하고, 호출하면 $\varepsilon(t)$를 돌려줍니다. 05에서 만들 DQN 에이전트는 환경 스텝마다

```python
agent.policy.epsilon = agent.epsilon_schedule(agent.global_time_step)
```

처럼 ε을 갱신합니다. 아래에서는 행동이 2개인 환경을 흉내 내, 매 스텝 ε을 갱신하며 행동을 뽑고 탐욕 행동이 나온
비율을 500스텝 이동 평균으로 그립니다. 이론값 $1-\varepsilon(t)+\varepsilon(t)/2$를 잘 따라가야 합니다.
""",
    en=r"""
## 5. The package version: using it with `LinearSchedule`

The package's `LinearSchedule` wraps the same formula in an object. It rejects impossible settings such as
`end_t <= start_t` when it is built, and calling it returns $\varepsilon(t)$. The DQN agent of notebook 05
updates ε at every environment step:

```python
agent.policy.epsilon = agent.epsilon_schedule(agent.global_time_step)
```

Below we mimic an environment with 2 actions: at every step we update ε, sample an action, and plot the
500-step moving average of how often the greedy action came out. It should follow the theoretical
$1-\varepsilon(t)+\varepsilon(t)/2$.
""",
)

course.code(**bi('''
schedule = LinearSchedule(start_t=0, end_t=8_000, start_value=1.0, end_value=0.05)
policy = EpsilonGreedyPolicy(schedule(0), generator=torch.Generator().manual_seed(0))
q_values = torch.tensor([[0.3, 1.2]])  # «행동 1이 탐욕 행동|action 1 is greedy»
num_steps = 12_000

greedy_chosen = np.zeros(num_steps)
for t in range(num_steps):
    policy.epsilon = schedule(t)
    greedy_chosen[t] = policy.sample(q_values).item() == 1

window = 500
moving_average = np.convolve(greedy_chosen, np.ones(window) / window, mode="valid")
steps = np.arange(num_steps)
fig, ax = plt.subplots(figsize=(8, 3.4))
centers = steps[window // 2: window // 2 + len(moving_average)]  # «창의 가운데에 찍습니다|plot at the window's centre»
ax.plot(centers, moving_average, label=tr(LANG, "탐욕 행동 비율 (500스텝 이동 평균)",
                                               "greedy action share (500-step moving average)"))
ax.plot(steps, [1 - schedule(t) + schedule(t) / 2 for t in steps], "k--",
        label=tr(LANG, "이론값 1 − ε + ε/2", "theory 1 − ε + ε/2"))
ax.plot(steps, [schedule(t) for t in steps], ":", color="tab:red", label="ε(t)")
ax.set_xlabel(tr(LANG, "환경 스텝 t", "environment step t"))
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8, loc="center right")
ax.set_title(repr(schedule), fontsize=9)
plt.show()
'''))

course.md(
    ko=r"""
잘못된 입력에는 무엇이 틀렸고 어떻게 고치는지 알려 주는 오류가 납니다. 예를 들어 관측 하나의
Q 값처럼 1차원 텐서를 넘기면 `unsqueeze(0)`을 쓰라고 안내합니다.
""",
    en=r"""
Bad input gets an error that says what is wrong and how to fix it. For example, a 1-D tensor (the
Q-values of a single observation) gets the advice to use `unsqueeze(0)`.
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
for make_mistake in [
    lambda: EpsilonGreedyPolicy(1.5),
    lambda: EpsilonGreedyPolicy(0.1).sample(torch.tensor([0.3, 1.2])),
    lambda: LinearSchedule(start_t=5_000, end_t=1_000, start_value=1.0, end_value=0.1),
]:
    try:
        make_mistake()
    except ValueError as error:
        print("ValueError:", error)
''')

course.md(
    ko=r"""
**📄 논문에서** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): 5절: ε을 처음 100만 프레임 동안 1에서 0.1로 선형으로 줄이고 그 뒤로는 0.1로 둡니다. Algorithm 1의 '확률 ε로 무작위 행동을 고른다'가 이 노트북의 정책입니다.

## 요약

- **활용**은 지금의 Q 값으로 가장 좋은 행동을 고르는 것이고, **탐험**은 Q 값을 고치기 위해 다른 행동도 해 보는
  것입니다. 탐욕 정책만으로는 초기 추정에 갇힐 수 있습니다.
- 입실론-탐욕 정책: $\pi(a \mid s) = \varepsilon/n + (1-\varepsilon)\,\mathbb{1}[a = \arg\max Q]$. 무작위 행동이 탐욕 행동일
  수도 있으므로 탐욕 행동의 확률은 $1-\varepsilon+\varepsilon/n$입니다.
- 분포를 `(num_envs, num_actions)` 텐서로 만들고 `torch.multinomial`로 `(num_envs, 1)` 행동을 뽑으면 여러 환경을
  한 번에 처리하고, `torch.Generator`로 재현할 수 있습니다.
- 선형 감소 스케줄은 **진행 비율을 [0, 1]로 잘라** 양쪽 끝에서 값을 유지합니다. DQN은 환경 스텝마다 ε을 갱신합니다.
- 이제부터는 `dqn_teach.policy.EpsilonGreedyPolicy`와 `LinearSchedule`을 씁니다.

다음 노트북(04)에서는 Q 값을 만들어 내는 신경망과, 그 신경망이 배울 목표인 TD 타깃을 만듭니다.

## 연습 문제

1. (개념) 행동이 $n$개일 때 탐욕 행동이 **아닌** 특정 행동 하나가 뽑힐 확률이 $\varepsilon/n$임을 보이고, 탐욕 행동이
   뽑힐 확률이 정확히 $1-\varepsilon$이 되게 하려면 탐험할 때 어떤 행동들 중에서 골라야 하는지 설명해 보세요.
2. (개념) Q 값 `[2.0, 2.0, 1.0]`처럼 최댓값이 둘이면 여러분의 `probabilities`는 무엇을 돌려주나요? 동점인 행동들이 탐욕
   확률을 똑같이 나눠 갖도록 바꾸려면 어떻게 해야 할까요? (힌트: `q_values == q_values.max(dim=1, keepdim=True).values`)
3. (코딩) 밴딧 실험의 스텝 수를 늘려 가며 ε = 0.01의 평균 보상이 ε = 0.1을 언제쯤 앞지르는지 찾아보세요. 그다음 ε을
   1에서 0.01로 줄이는 `LinearSchedule`을 밴딧 실험에 넣어 고정된 ε들과 비교해 보세요.
4. (코딩) DQN 논문의 설정(ε을 1에서 0.1로, 100만 프레임 동안. 프레임 건너뛰기(frame skip) 4를 쓰면 25만 에이전트 스텝)을
   `LinearSchedule`로 만들고, 10만, 25만, 50만 스텝에서의 ε을 계산해 보세요.
5. (코딩) ε이 늘어나는 스케줄(예: 0.4 → 1.0)에 원래 노트북의 `np.clip(value, end_value, start_value)` 방식을 쓰면 무엇이
   나오는지 계산해 보고, 여러분의 `linear_schedule`과 비교해 보세요.
""",
    en=r"""
**📄 In the paper** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): Section 5: ε is annealed linearly from 1 to 0.1 over the first million frames and fixed at 0.1 thereafter. Algorithm 1's "with probability ε select a random action" is this notebook's policy.

## Summary

- **Exploitation** takes the action that the current Q-values rate best; **exploration** tries other
  actions so the Q-values can be corrected. A purely greedy policy can stay stuck on its first estimates.
- The ε-greedy policy: $\pi(a \mid s) = \varepsilon/n + (1-\varepsilon)\,\mathbb{1}[a = \arg\max Q]$. Because the random
  action can be the greedy one, the greedy action's probability is $1-\varepsilon+\varepsilon/n$.
- Building the distribution as a `(num_envs, num_actions)` tensor and sampling `(num_envs, 1)` actions with
  `torch.multinomial` handles many environments at once and is reproducible with a `torch.Generator`.
- The linear decay schedule **clips the fraction to [0, 1]**, holding the value at both ends. DQN updates ε
  at every environment step.
- From now on we use `dqn_teach.policy.EpsilonGreedyPolicy` and `LinearSchedule`.

The next notebook (04) builds the network that produces Q-values and the TD target it learns from.

## Exercises

1. (Concept) Show that with $n$ actions, one particular **non**-greedy action is chosen with probability
   $\varepsilon/n$. Among which actions would exploration have to choose for the greedy action's
   probability to be exactly $1-\varepsilon$?
2. (Concept) With Q-values `[2.0, 2.0, 1.0]` two actions tie. What does your `probabilities` return? How would you
   change it so that tied actions share the greedy probability equally? (Hint:
   `q_values == q_values.max(dim=1, keepdim=True).values`)
3. (Code) Run the bandit experiment for more and more steps and find roughly when ε = 0.01 overtakes ε = 0.1 in average reward.
   Then put a `LinearSchedule` from 1 to 0.01 into the bandit experiment and compare it with the fixed ε values.
4. (Code) Build the DQN paper's schedule (ε from 1 to 0.1 over one million frames; with a frame skip of 4 that is
   250,000 agent steps) as a `LinearSchedule` and compute ε at 100,000, 250,000 and 500,000 steps.
5. (Code) For an increasing schedule (say 0.4 → 1.0), compute what the original notebook's
   `np.clip(value, end_value, start_value)` gives and compare it with your `linear_schedule`.
""",
)
