"""Notebook 04: the Q-network, the TD target and the TD loss."""

from tools.nbbuild import Course, bi

course = Course("04_q_network_td_target")

course.md(
    ko=r"""
# 04. Q 신경망과 TD 타깃

03에서는 Q 값(Q-value)이 주어졌다고 보고 행동(action)을 골랐습니다. 이번에는 그 Q 값을 만들어 내는 신경망(neural network)과,
그 신경망이 무엇을 향해 배우는지를 정합니다. DQN의 핵심은 한 줄짜리 식인 TD 타깃(TD target)입니다.

$$
y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q(s', a')
$$

이 식의 각 부분이 왜 거기 있는지, 빠뜨리거나 잘못 쓰면 무슨 일이 생기는지를 하나씩 확인합니다.

## 학습 목표

- 행동 가치 함수(action-value function, Q-function)와 벨만 방정식(Bellman equation)을 식으로 쓸 수 있습니다.
- 왜 표 대신 신경망으로 $Q$를 나타내는지 설명하고, CartPole용 Q 신경망의 입출력 모양 `(batch, 4) → (batch, 2)`를
  확인합니다.
- TD 타깃 함수 `td_target`을 구현하고, 종료(termination)와 중단(truncation)을 다르게 다뤄야 하는 이유를 설명할 수
  있습니다.
- 평균제곱오차(mean squared error, MSE)와 후버 손실(Huber loss)의 차이를 그래디언트로 설명할 수 있습니다.
- `(B, 1) − (B,)` 브로드캐스팅 버그와 타깃으로 흐르는 그래디언트를 찾아내고 막을 수 있습니다.
- TD 손실(TD loss) 함수 `td_loss`를 구현합니다.
""",
    en=r"""
# 04. The Q-network and the TD target

In 03 we picked actions from Q-values that were simply given. Now we build the neural network that
produces those Q-values and decide what it learns towards. The heart of DQN is a one-line formula, the
TD target:

$$
y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q(s', a')
$$

We go through why each part of it is there and what goes wrong when a part is missing or wrong.

## Learning goals

- Write down the action-value function (Q-function) and the Bellman equation.
- Explain why $Q$ is represented by a neural network instead of a table, and check the shapes of the
  CartPole Q-network, `(batch, 4) → (batch, 2)`.
- Implement `td_target` and explain why termination and truncation must be treated differently.
- Explain the difference between the mean squared error (MSE) and the Huber loss through their gradients.
- Recognise and prevent the `(B, 1) − (B,)` broadcasting bug and gradients flowing into the target.
- Implement the TD loss, `td_loss`.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import copy
import warnings

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dqn_teach.i18n import tr
''')

course.md(
    ko=r"""
## 1. 행동 가치 함수와 벨만 방정식

시각 $t$ 이후에 받을 보상(reward)을 할인해 더한 값을 반환값(return)이라고 합니다.

$$
G_t = r_{t+1} + \gamma\, r_{t+2} + \gamma^2\, r_{t+3} + \cdots = \sum_{k=0}^{\infty} \gamma^k\, r_{t+k+1}
$$

할인율(discount factor) $\gamma \in [0, 1)$는 먼 미래의 보상을 얼마나 덜 쳐줄지 정합니다. $k$스텝 뒤의 보상에는 가중치
$\gamma^k$가 붙고, 가중치의 합은 $\sum_k \gamma^k = 1/(1-\gamma)$입니다. 그래서 $1/(1-\gamma)$를 유효 지평선(effective
horizon)이라고 부릅니다. $\gamma = 0.99$이면 대략 100스텝 앞까지를 내다보는 셈입니다.

행동 가치 함수는 상태(state) $s$에서 행동(action) $a$를 하고 그 뒤로 정책(policy) $\pi$를 따를 때 기대되는 반환값입니다.

$$
Q^\pi(s, a) = \mathbb{E}_\pi\!\left[\,G_t \mid s_t = s,\ a_t = a\,\right]
$$

가장 좋은 정책의 Q 함수 $Q^*$는 **벨만 최적 방정식**을 만족합니다. "지금 받는 보상 + 다음 상태에서 가장 좋은
행동을 했을 때의 가치"입니다.

$$
Q^*(s, a) = \mathbb{E}\!\left[\, r + \gamma \max_{a'} Q^*(s', a') \;\middle|\; s, a \right]
$$

$Q^*$만 알면 최적 정책은 간단합니다. 매 상태에서 $\arg\max_a Q^*(s, a)$를 고르면 됩니다. DQN은 이 $Q^*$를 신경망으로
근사합니다.

아래 위젯에서 $\gamma$를 움직여 보세요. 할인 가중치 $\gamma^k$, 유효 지평선, 보상 1을 500번 받는
CartPole 최고 에피소드(episode)의 할인된 반환값, 그리고 3절에서 만들 TD 타깃이 어떻게 바뀌는지 보여 줍니다.
""",
    en=r"""
## 1. The action-value function and the Bellman equation

The return is the discounted sum of the rewards received after time $t$:

$$
G_t = r_{t+1} + \gamma\, r_{t+2} + \gamma^2\, r_{t+3} + \cdots = \sum_{k=0}^{\infty} \gamma^k\, r_{t+k+1}
$$

The discount factor $\gamma \in [0, 1)$ sets how much less a distant reward counts: the reward $k$ steps
ahead gets the weight $\gamma^k$, and the weights add up to $\sum_k \gamma^k = 1/(1-\gamma)$. That is why
$1/(1-\gamma)$ is called the effective horizon: with $\gamma = 0.99$ the agent looks roughly 100 steps ahead.

The action-value function is the expected return after taking action $a$ in state $s$ and following the
policy $\pi$ afterwards:

$$
Q^\pi(s, a) = \mathbb{E}_\pi\!\left[\,G_t \mid s_t = s,\ a_t = a\,\right]
$$

The Q-function of the best policy, $Q^*$, satisfies the **Bellman optimality equation**: "the reward now
plus the value of the best action in the next state".

$$
Q^*(s, a) = \mathbb{E}\!\left[\, r + \gamma \max_{a'} Q^*(s', a') \;\middle|\; s, a \right]
$$

Once $Q^*$ is known, the optimal policy is easy: take $\arg\max_a Q^*(s, a)$ in every state. DQN
approximates $Q^*$ with a neural network.

Move $\gamma$ in the widget below. It shows the discount weights $\gamma^k$, the effective horizon, the
discounted return of the best CartPole episode (reward 1, 500 times) and the TD target of section 3.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
from dqn_teach.widgets import gamma_explorer

gamma_explorer(lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 2. 왜 신경망인가

상태와 행동이 몇 개뿐이면 $Q$를 표로 저장할 수 있습니다. 하지만 CartPole의 관측(observation)은 실수 4개
(카트 위치, 카트 속도, 막대 각도, 막대 각속도)이고, 아타리 게임의 관측은 $84 \times 84$ 픽셀 4장입니다.

- **표는 만들 수 없습니다.** CartPole의 각 값을 10구간으로만 나눠도 $10^4$칸이고, 아타리는 셀 수조차 없습니다.
- **표는 일반화하지 못합니다.** 처음 보는 상태의 칸은 비어 있습니다. 신경망은 비슷한 상태에 비슷한 값을 주므로,
  한 번도 가 보지 않은 상태에서도 쓸 만한 Q 값을 냅니다.

DQN 논문은 신경망 구조도 하나 골랐습니다. $(s, a)$를 입력으로 받아 Q 값 하나를 내는 대신, **상태만 입력으로 받아
행동마다 Q 값을 하나씩** 냅니다. 그러면 한 번의 순전파(forward pass)로 $\max_{a'} Q(s', a')$와 $\arg\max_a Q(s, a)$를 모두 얻습니다.

CartPole에는 원래 노트북과 같은 다층 퍼셉트론(multilayer perceptron, MLP)을 씁니다. 입력 4 → 은닉층(hidden layer) 128 → 64 → 출력 2(행동마다
Q 값 하나)이고, 은닉층 사이에는 ReLU가 있습니다. 패키지의 `CartPoleQNet`(= `MLPQNet(4, 2, hidden_sizes=(128, 64))`)이
바로 이 신경망입니다. 실제 CartPole 관측으로 모양을 확인해 봅시다.
""",
    en=r"""
## 2. Why a neural network

With a handful of states and actions, $Q$ fits in a table. But a CartPole observation is 4 real numbers
(cart position, cart velocity, pole angle, pole angular velocity), and an Atari observation is four
$84 \times 84$ images.

- **The table cannot be built.** Cutting each CartPole number into only 10 bins already gives $10^4$
  cells; for Atari the count is astronomically large.
- **A table does not generalise.** The cell of a state never seen is empty. A network gives similar
  states similar values, so it has a usable Q-value even for states it has never visited.

The DQN paper also chose an architecture: instead of taking $(s, a)$ and returning one Q-value, the
network takes **only the state and returns one Q-value per action**. One forward pass then gives both
$\max_{a'} Q(s', a')$ and $\arg\max_a Q(s, a)$.

For CartPole we use the original notebook's multilayer perceptron: input 4 → hidden layers 128 → 64 →
output 2 (one Q-value per action), with ReLU between the layers. The package's `CartPoleQNet`
(= `MLPQNet(4, 2, hidden_sizes=(128, 64))`) is exactly this network. Let us check its shapes on real
CartPole observations.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
from dqn_teach.networks import CartPoleQNet, count_parameters

# «무작위 행동으로 CartPole 관측 8개를 모읍니다 (시드 고정).|Collect 8 CartPole observations with random actions (seeded).»
env = gym.make("CartPole-v1")
obs, _ = env.reset(seed=0)
env.action_space.seed(0)
observations = []
for _ in range(8):
    observations.append(obs)
    obs, *_ = env.step(env.action_space.sample())
env.close()
obs_batch = torch.as_tensor(np.stack(observations), dtype=torch.float32)  # (batch, 4)

torch.manual_seed(0)
q_network = CartPoleQNet(num_obs_features=4, num_actions=2)
print(q_network)
print("parameters:", count_parameters(q_network))

q_values = q_network(obs_batch)
print("obs     :", tuple(obs_batch.shape), "->  Q(s, ·):", tuple(q_values.shape))
print("greedy  :", tuple(q_values.argmax(dim=1, keepdim=True).shape))
'''))

course.md(
    ko=r"""
매개변수는 $4 \cdot 128 + 128 + 128 \cdot 64 + 64 + 64 \cdot 2 + 2 = 9{,}026$개입니다. 학습 전의 Q 값은 0 근처의
의미 없는 숫자입니다. 이제 이 신경망이 무엇을 목표로 배울지 정합니다.
""",
    en=r"""
The network has $4 \cdot 128 + 128 + 128 \cdot 64 + 64 + 64 \cdot 2 + 2 = 9{,}026$ parameters. Before
training its Q-values are meaningless numbers near 0. Next: what it should learn towards.
""",
)

course.md(
    ko=r"""
## 3. TD 타깃

벨만 방정식의 기댓값은 계산할 수 없지만, 리플레이 버퍼(replay buffer)에는 실제로 일어난 전이(transition)
$(s, a, r, s', \text{terminated})$가 있습니다. 그 **표본 하나**로 기댓값 자리를 채운 것이 TD 타깃입니다.

$$
y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q(s', a')
$$

$y$ 안에 신경망 자신의 추정값 $Q(s', \cdot)$가 들어 있습니다. 이처럼 추정값으로 추정값을 고치는 것을
부트스트래핑(bootstrapping)이라고 합니다. 타깃과 현재 추정의 차이 $\delta = y - Q(s, a)$가 TD 오차(TD error)입니다.

### 종료 마스크

`terminated = 1`이면 마르코프 결정 과정(Markov decision process, MDP)이 거기서 끝났다는 뜻입니다(막대가 쓰러짐). 그 뒤로 받을 보상이 없으므로 미래 항을 지우고
$y = r$로 둡니다. $(1 - \text{terminated})$가 그 스위치입니다.

### 중단은 종료가 아닙니다

CartPole-v1은 500스텝이 되면 에피소드를 **중단(`truncated`)** 합니다. 막대는 멀쩡히 서 있고, 시간 제한이 없었다면 계속
보상을 받았을 것입니다. 그러니 중단된 전이의 타깃은 평소처럼 $Q(s', \cdot)$에서 부트스트래핑해야 합니다. 01에서
`Experience`에 `terminated`만 저장하고 `truncated`는 버린 이유가 이것입니다.

중단을 종료처럼 다루면 어떻게 될까요? 완벽하게 균형을 잡는 에이전트(agent)가 시각 $t$의 상태에서 배우는 값은 남은 스텝의
할인 합 $\sum_{k=0}^{499-t} \gamma^k$가 되어, 에피소드 끝으로 갈수록 1까지 떨어집니다. 그런데 관측에는 시각이 들어 있지
않습니다. 똑같이 생긴 상태가 어떤 때는 100, 어떤 때는 1이라는 타깃을 받는 것입니다.
""",
    en=r"""
## 3. The TD target

The expectation in the Bellman equation cannot be computed, but the replay buffer holds transitions
$(s, a, r, s', \text{terminated})$ that really happened. Filling the expectation with **one sample** gives
the TD target:

$$
y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q(s', a')
$$

$y$ contains the network's own estimate $Q(s', \cdot)$. Correcting an estimate with an estimate is called
bootstrapping. The gap between the target and the current estimate, $\delta = y - Q(s, a)$, is the TD error.

### The terminal mask

`terminated = 1` means the MDP ended there (the pole fell). No reward follows, so the future term is
dropped and $y = r$. The factor $(1 - \text{terminated})$ is that switch.

### Truncation is not termination

CartPole-v1 **truncates** (`truncated`) an episode after 500 steps. The pole is still up, and without the
time limit the agent would keep earning reward. So the target of a truncated transition bootstraps from
$Q(s', \cdot)$ as usual. That is why `Experience` keeps `terminated` and drops `truncated` (notebook 01).

What if truncation were treated as termination? A perfectly balancing agent would learn, for its state at
time $t$, the discounted sum of the remaining steps, $\sum_{k=0}^{499-t} \gamma^k$, which falls to 1 at the
end of the episode. But the observation does not contain the time: the same-looking state gets a target
of 100 one time and 1 another time.
""",
)

course.code(**bi('''
gamma = 0.99
t = np.arange(500)
value_with_bootstrap = np.full(500, 1 / (1 - gamma))  # «중단 후에도 부트스트래핑|bootstrap after truncation»
value_if_terminal = (1 - gamma ** (500 - t)) / (1 - gamma)  # «남은 스텝의 할인 합|discounted sum of the steps left»

fig, ax = plt.subplots(figsize=(8, 3.4))
ax.plot(t, value_with_bootstrap, label=tr(LANG, "중단은 부트스트래핑 (올바름)", "truncation bootstraps (correct)"))
ax.plot(t, value_if_terminal, "--", color="tab:red",
        label=tr(LANG, "중단을 종료로 처리 (버그)", "truncation treated as termination (bug)"))
ax.set_xlabel(tr(LANG, "에피소드 안의 시각 t (관측에는 없음)", "time t in the episode (not in the observation)"))
ax.set_ylabel(tr(LANG, "배우게 되는 가치", "value being learned"))
ax.set_title(tr(LANG, "막대를 끝까지 세우는 상태의 가치, γ = 0.99", "Value of a state that keeps the pole up, γ = 0.99"))
ax.set_ylim(0, 110)
ax.legend()
plt.show()
'''))

course.md(
    ko=r"""
### 직접 만들기: `td_target`

`td_target(reward, next_q_values, terminated, gamma)`를 구현합니다.

| 인자 | 모양 | 뜻 |
|---|---|---|
| `reward` | `(B, 1)` | 보상 $r$ |
| `next_q_values` | `(B, A)` | 다음 관측의 모든 행동의 Q 값 $Q(s', \cdot)$ |
| `terminated` | `(B, 1)` | 1.0이면 종료, 0.0이면 종료 아님(중단 포함) |
| `gamma` | 실수 | 할인율 $\gamma$ |

결과는 `(B, 1)`이어야 합니다. `next_q_values.max(dim=1)`은 `(B,)`를 돌려주므로 `keepdim=True`로 열 모양을 지키세요.
왜 중요한지는 4절에서 봅니다.
""",
    en=r"""
### Build it: `td_target`

Implement `td_target(reward, next_q_values, terminated, gamma)`:

| argument | shape | meaning |
|---|---|---|
| `reward` | `(B, 1)` | reward $r$ |
| `next_q_values` | `(B, A)` | Q-values of every action at the next observation, $Q(s', \cdot)$ |
| `terminated` | `(B, 1)` | 1.0 where the episode ended, 0.0 otherwise (truncation included) |
| `gamma` | float | discount factor $\gamma$ |

The result must be `(B, 1)`. `next_q_values.max(dim=1)` returns `(B,)`, so keep the column shape with
`keepdim=True`. Section 4 shows why this matters.
""",
)

course.code(**bi('''
def td_target(reward: torch.Tensor, next_q_values: torch.Tensor, terminated: torch.Tensor,
              gamma: float) -> torch.Tensor:
    """y = r + γ (1 − terminated) max_a' Q(s', a').

    Args:
        reward: (B, 1).
        next_q_values: (B, A).
        terminated: (B, 1), «1.0이면 종료|1.0 where the episode ended».
        gamma: «할인율|discount factor».

    Returns:
        (B, 1) «TD 타깃|TD targets».
    """
    # HINT: «`next_q_values.max(dim=1, keepdim=True).values`로 `(B, 1)`인 최댓값을 구하고 `(1.0 - terminated)`를 곱해 끝난 에피소드의 미래 항을 지웁니다.|Get the `(B, 1)` maximum with `next_q_values.max(dim=1, keepdim=True).values` and multiply by `(1.0 - terminated)` to drop the future term of finished episodes.»
    ### BEGIN SOLUTION
    next_max_q = next_q_values.max(dim=1, keepdim=True).values  # (B, 1)
    return reward + gamma * (1.0 - terminated) * next_max_q
    ### END SOLUTION
'''))

course.md(
    ko=r"""
손으로 계산한 값과 비교합니다. $\gamma = 0.9$일 때

- 1행: $1 + 0.9 \cdot \max(2, 3) = 3.7$
- 2행: 종료이므로 $1$
- 3행: $0 + 0.9 \cdot \max(5, 4) = 4.5$
""",
    en=r"""
Compare with values computed by hand. With $\gamma = 0.9$:

- row 1: $1 + 0.9 \cdot \max(2, 3) = 3.7$
- row 2: terminated, so $1$
- row 3: $0 + 0.9 \cdot \max(5, 4) = 4.5$
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
reward = torch.tensor([[1.0], [1.0], [0.0]])
next_q_values = torch.tensor([[2.0, 3.0], [1.0, 0.0], [5.0, 4.0]])
terminated = torch.tensor([[0.0], [1.0], [0.0]])
print(td_target(reward, next_q_values, terminated, gamma=0.9))
''')

course.code(**bi('''
from dqn_teach.checks import check_td_target

check_td_target(td_target, lang="«ko|en»")
'''))

course.code(**bi('''
# «여기서부터는 패키지의 참고 구현을 씁니다. 위 구현에 실수가 있어도 뒤가 틀어지지 않게 하기 위해서입니다.|From here on, the package's reference implementation, so a slip above cannot spoil what follows.»
from dqn_teach.reference import td_target
'''))

course.md(
    ko=r"""
## 4. 조용한 버그: `(B, 1) − (B,)` 브로드캐스팅

리플레이 버퍼는 `reward`, `terminated`, `action`을 모두 `(B, 1)` 열로 줍니다. 그런데 `max(dim=1)`처럼 차원 하나를 없애는
연산을 쓰면 `(B,)`가 생기기 쉽습니다. `(B, 1)`과 `(B,)`를 빼면 PyTorch는 오류 대신 **브로드캐스팅**을 해서
`(B, B)` 행렬을 만듭니다. 모든 $Q(s_i, a_i)$가 모든 타깃 $y_j$와 비교되는 것이므로 손실 값은 그럴듯하지만 완전히
틀립니다. 학습은 돌아가는데 에이전트가 배우지 못하는, 찾기 어려운 버그입니다.
""",
    en=r"""
## 4. A silent bug: `(B, 1) − (B,)` broadcasting

The replay buffer returns `reward`, `terminated` and `action` as `(B, 1)` columns. An operation that drops
a dimension, such as `max(dim=1)`, easily produces `(B,)` instead. Subtract `(B,)` from `(B, 1)` and
PyTorch does not complain: it **broadcasts** to a `(B, B)` matrix. Every $Q(s_i, a_i)$ is compared with
every target $y_j$, so the loss looks plausible and is completely wrong. Training runs, the agent does
not learn, and the bug is hard to find.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
q_value = torch.tensor([[1.0], [2.0], [3.0], [4.0]])  # Q(s, a): (B, 1)
target_column = torch.tensor([[1.5], [2.0], [2.5], [4.0]])  # «올바른 모양|right shape»: (B, 1)
target_flat = target_column.squeeze(1)  # «흔한 실수|a common slip»: (B,)

print("(B, 1) - (B, 1) ->", tuple((q_value - target_column).shape))
print("(B, 1) - (B,)   ->", tuple((q_value - target_flat).shape))
print("right loss :", F.mse_loss(q_value, target_column).item())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wrong_loss = F.mse_loss(q_value, target_flat)
print("wrong loss :", wrong_loss.item())
print("warning    :", str(caught[0].message).split(". ")[0])
'''))

course.md(
    ko=r"""
`F.mse_loss`는 경고를 남기지만, 직접 `((q_value - target) ** 2).mean()`으로 쓰면 경고조차 없습니다. 그래서 이 코스의
코드는 모든 열을 `(B, 1)`로 맞추고, 패키지의 `DQN.compute_td_loss`는 두 모양이 다르면 바로 오류를 냅니다.
""",
    en=r"""
`F.mse_loss` at least warns; written by hand as `((q_value - target) ** 2).mean()` there is no warning at
all. That is why this course keeps every column `(B, 1)`, and the package's `DQN.compute_td_loss` raises
an error as soon as the two shapes differ.
""",
)

course.md(
    ko=r"""
## 5. 평균제곱오차와 후버 손실

TD 오차 $\delta = y - Q(s, a)$를 줄이는 손실은 두 가지를 씁니다.

$$
L_{\text{MSE}}(\delta) = \delta^2
\qquad\qquad
L_{\text{Huber}}(\delta) =
\begin{cases}
\tfrac12\,\delta^2 & |\delta| \le 1 \\
|\delta| - \tfrac12 & |\delta| > 1
\end{cases}
$$

(PyTorch의 `F.mse_loss`는 $\delta^2$의 평균, `F.smooth_l1_loss`는 $\beta = 1$인 후버 손실의 평균입니다.)

차이는 **그래디언트**에서 드러납니다. MSE의 그래디언트 $2\delta$는 오차에 비례해 끝없이 커지므로, 드물게 나오는 큰
TD 오차 하나가 신경망을 크게 흔듭니다. 후버 손실의 그래디언트는 $[-1, 1]$에서 잘립니다. 2015년 Nature 논문이 말한
"오차 항을 $[-1, 1]$로 자르기(error clipping)"가 바로 이것입니다. 2013년 논문은 제곱 오차를 썼고, 보상이 작은
CartPole에서는 MSE로도 잘 배웁니다. 아래 그림은 autograd로 실제 그래디언트를 계산해 그린 것입니다.
""",
    en=r"""
## 5. Mean squared error and the Huber loss

Two losses are used to shrink the TD error $\delta = y - Q(s, a)$:

$$
L_{\text{MSE}}(\delta) = \delta^2
\qquad\qquad
L_{\text{Huber}}(\delta) =
\begin{cases}
\tfrac12\,\delta^2 & |\delta| \le 1 \\
|\delta| - \tfrac12 & |\delta| > 1
\end{cases}
$$

(PyTorch's `F.mse_loss` averages $\delta^2$; `F.smooth_l1_loss` averages the Huber loss with $\beta = 1$.)

The difference shows in the **gradients**. The MSE gradient $2\delta$ grows with the error without bound,
so one rare, large TD error shakes the network hard. The Huber gradient is clipped to $[-1, 1]$. That is
the "error clipping to $[-1, 1]$" of the 2015 Nature paper. The 2013 paper used the squared error, and on
CartPole, with its small rewards, MSE learns fine. The plot below computes the real gradients with autograd.
""",
)

course.code(**bi('''
delta = torch.linspace(-3, 3, 301, requires_grad=True)  # «TD 오차 δ = y − Q(s, a)|TD error δ = y − Q(s, a)»
zeros = torch.zeros_like(delta)
losses = {
    "MSE": F.mse_loss(delta, zeros, reduction="none"),
    tr(LANG, "후버", "Huber"): F.smooth_l1_loss(delta, zeros, reduction="none"),
}

fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(10, 3.6))
for name, loss in losses.items():
    (gradient,) = torch.autograd.grad(loss.sum(), delta)  # «각 δ에서의 dL/dδ|dL/dδ at every δ»
    ax_loss.plot(delta.detach(), loss.detach(), label=name)
    ax_grad.plot(delta.detach(), gradient, label=name)
ax_loss.set_title(tr(LANG, "손실 L(δ)", "loss L(δ)"))
ax_grad.set_title(tr(LANG, "그래디언트 dL/dδ", "gradient dL/dδ"))
ax_grad.axhspan(-1, 1, color="tab:gray", alpha=0.12, label=tr(LANG, "[−1, 1]", "[−1, 1]"))
for ax in (ax_loss, ax_grad):
    ax.set_xlabel(tr(LANG, "TD 오차 δ", "TD error δ"))
    ax.axhline(0, color="black", linewidth=0.5)
    ax.legend()
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
## 6. 타깃으로는 그래디언트를 흘리지 않습니다

TD 타깃 $y$ 안에도 신경망이 들어 있습니다. 아무 생각 없이 `loss.backward()`를 부르면 그래디언트가 $Q(s, a)$뿐 아니라
$\max_{a'} Q(s', a')$로도 흘러, 신경망이 $Q(s, a)$를 타깃 쪽으로 옮기는 동시에 **타깃을 $Q(s, a)$ 쪽으로 끌어당깁니다**.
DQN은 타깃을 정답 레이블처럼 고정된 숫자로 취급하고 $Q(s, a)$ 쪽으로만 그래디언트를 보냅니다(세미 그래디언트, semi-gradient).
타깃은 `torch.no_grad()` 안에서 계산합니다.

아래에서는 같은 미니배치(mini-batch)에 대해 두 방식의 그래디언트를 비교합니다. 2013년 논문처럼 타깃도 같은 신경망으로
계산하는 경우입니다.
""",
    en=r"""
## 6. No gradient through the target

The TD target $y$ contains the network too. Call `loss.backward()` without thinking and the gradient flows
not only into $Q(s, a)$ but also into $\max_{a'} Q(s', a')$: the network moves $Q(s, a)$ towards the
target and at the same time **pulls the target towards $Q(s, a)$**. DQN treats the target as a fixed
label and sends the gradient only into $Q(s, a)$ (a semi-gradient). The target is computed inside
`torch.no_grad()`.

Below we compare the gradients of both ways on the same mini-batch, with the target computed by the
same network as in the 2013 paper.
""",
)

course.code(**bi('''
torch.manual_seed(0)
network = CartPoleQNet(4, 2)
obs, next_obs = torch.randn(32, 4), torch.randn(32, 4)
action = torch.randint(0, 2, (32, 1))
reward, terminated = torch.ones(32, 1), torch.zeros(32, 1)


def gradient_norm(target_has_gradient: bool) -> float:
    network.zero_grad()
    q_value = network(obs).gather(1, action)  # (32, 1)
    with torch.set_grad_enabled(target_has_gradient):
        target = td_target(reward, network(next_obs), terminated, gamma=0.99)
    F.mse_loss(q_value, target).backward()
    return torch.cat([p.grad.flatten() for p in network.parameters()]).norm().item()


print(f"«타깃 고정 (no_grad)        |target fixed (no_grad)   »: {gradient_norm(False):.4f}")
print(f"«타깃으로도 흐름 (버그)     |through the target (bug) »: {gradient_norm(True):.4f}")
'''))

course.md(
    ko=r"""
두 그래디언트는 다릅니다. 타깃으로 흐르는 쪽은 벨만 방정식을 푸는 방향이 아니라, $Q(s, a)$와 $Q(s', \cdot)$를
서로에게 맞추는 방향이 섞여 있습니다. 2015년 이후의 DQN은 한 걸음 더 나아가, 타깃을 아예 **다른 신경망**
(타깃 신경망(target network), 온라인 신경망(online network)을 주기적으로 복사한 것)으로 계산합니다. 그래서 `td_loss`는
신경망을 두 개 받습니다. 2013년 방식이라면 같은 신경망을 두 번 넘기면 됩니다.
""",
    en=r"""
The two gradients differ. The one through the target mixes in a direction that fits $Q(s, a)$ and
$Q(s', \cdot)$ to each other instead of solving the Bellman equation. DQN from 2015 on goes one step
further and computes the target with a **separate network** (the target network, a periodic copy of the
online network). That is why `td_loss` takes two networks. For the 2013 version, pass the same network
twice.
""",
)

course.md(
    ko=r"""
### 직접 만들기: `td_loss`

`td_loss(q_network, target_network, obs, action, next_obs, reward, terminated, gamma, loss="mse")`는 미니배치의 평균 TD
손실(스칼라)을 돌려줍니다.

1. $Q(s, a)$: `q_network(obs)`는 `(B, A)`입니다. `.gather(1, action)`으로 실제로 한 행동의 열만 골라 `(B, 1)`을 만듭니다.
2. $y$: `torch.no_grad()` 안에서 `target_network(next_obs)`를 구하고 `td_target`(검사를 통과한 뒤로는 패키지의 참고 구현)에
   넘깁니다.
3. 두 `(B, 1)` 텐서 사이의 손실: `loss="mse"`면 `F.mse_loss`, `"huber"`면 `F.smooth_l1_loss`. 그 밖의 값은 `ValueError`로
   알려 줍니다.
""",
    en=r"""
### Build it: `td_loss`

`td_loss(q_network, target_network, obs, action, next_obs, reward, terminated, gamma, loss="mse")` returns the
mean TD loss of a mini-batch (a scalar).

1. $Q(s, a)$: `q_network(obs)` is `(B, A)`; `.gather(1, action)` keeps the column of the action actually
   taken, giving `(B, 1)`.
2. $y$: inside `torch.no_grad()`, compute `target_network(next_obs)` and pass it to `td_target` (since its
   check, the package's reference implementation).
3. The loss between the two `(B, 1)` tensors: `F.mse_loss` for `loss="mse"`, `F.smooth_l1_loss` for
   `"huber"`; any other value is a `ValueError`.
""",
)

course.code(**bi('''
def td_loss(q_network: torch.nn.Module, target_network: torch.nn.Module,
            obs: torch.Tensor, action: torch.Tensor, next_obs: torch.Tensor,
            reward: torch.Tensor, terminated: torch.Tensor, gamma: float,
            loss: str = "mse") -> torch.Tensor:
    """«미니배치의 평균 TD 손실. 그래디언트는 q_network로만 흐릅니다.|Mean TD loss of a mini-batch; the gradient reaches q_network only.»

    Args:
        q_network, target_network: (B, *obs_shape) -> (B, A)«; 같은 신경망이어도 됩니다 (2013년 논문)|; may be the same network (2013 paper)».
        obs, next_obs: (B, *obs_shape).
        action: (B, 1) int64.
        reward, terminated: (B, 1).
        gamma: «할인율|discount factor».
        loss: "mse" «또는|or» "huber".

    Returns:
        «스칼라 텐서|a scalar tensor».
    """
    # HINT: «`q_value = q_network(obs).gather(1, action)`; 타깃은 `with torch.no_grad():` 안에서 `td_target(reward, target_network(next_obs), terminated, gamma)`로 구합니다. `loss`가 `"huber"`면 `F.smooth_l1_loss`, `"mse"`면 `F.mse_loss`, 그 밖의 이름이면 `ValueError`입니다.|`q_value = q_network(obs).gather(1, action)`; compute the target inside `with torch.no_grad():` as `td_target(reward, target_network(next_obs), terminated, gamma)`. `loss` `"huber"` means `F.smooth_l1_loss`, `"mse"` means `F.mse_loss`, any other name a `ValueError`.»
    ### BEGIN SOLUTION
    if loss not in ("mse", "huber"):
        raise ValueError(f"loss must be 'mse' or 'huber', got {loss!r}.")
    q_value = q_network(obs).gather(1, action)  # (B, 1)
    with torch.no_grad():
        target = td_target(reward, target_network(next_obs), terminated, gamma)  # (B, 1)
    if loss == "huber":
        return F.smooth_l1_loss(q_value, target)
    return F.mse_loss(q_value, target)
    ### END SOLUTION
'''))

course.code(**bi('''
from dqn_teach.checks import check_td_loss

check_td_loss(td_loss, lang="«ko|en»")
'''))

course.md(
    ko=r"""
여기서부터는 패키지의 참고 구현 `dqn_teach.reference.td_loss`를 씁니다. (05의 `DQN.compute_td_loss`도 같은 계산을
합니다.)

## 7. 실험: 타깃을 고정하면 회귀, 타깃을 옮기면 부트스트래핑

실제 CartPole에서 무작위 행동으로 전이 2,000개를 모읍니다. 그리고 타깃 신경망을 고정한 채 온라인 신경망을
150스텝 학습시키고, 타깃 신경망에 온라인 신경망을 복사하는 일을 8번 되풀이합니다.

- 타깃이 고정된 동안에는 보통의 **지도 학습 회귀**입니다. TD 손실이 줄어듭니다.
- 복사할 때마다 타깃이 바뀌므로 손실이 다시 뛰어오릅니다.
- 복사할 때마다 $Q(s, a)$의 평균이 대략 한 스텝만큼의 보상(할인된 1)씩 커집니다. 부트스트래핑이 한 번에 한 스텝씩 더
  먼 미래의 보상을 Q 값에 담아 가는 모습입니다.
""",
    en=r"""
From here on we use the package's reference implementation, `dqn_teach.reference.td_loss`. (The
`DQN.compute_td_loss` of notebook 05 computes the same thing.)

## 7. Experiment: a fixed target is regression, a moving target is bootstrapping

We collect 2,000 transitions of real CartPole with random actions. Then, 8 times over, we train the online
network for 150 steps with the target network frozen and copy the online network into the target network.

- While the target is frozen this is ordinary **supervised regression**: the TD loss goes down.
- Each copy changes the targets, so the loss jumps back up.
- Each copy raises the mean $Q(s, a)$ by about one more (discounted) reward: bootstrapping carries the
  reward one more step further into the future each time.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
from dqn_teach.experience import make_experience
from dqn_teach.reference import td_loss

# «무작위 행동으로 CartPole 전이를 모읍니다. 종료만 저장하고, 끝나면(종료 또는 중단) 리셋합니다.|Collect CartPole transitions with random actions. Store termination only; reset when the episode ends (terminated or truncated).»
env = gym.make("CartPole-v1")
env.action_space.seed(0)
obs, _ = env.reset(seed=0)
transitions = []
for _ in range(2_000):
    action = env.action_space.sample()
    next_obs, reward, terminated, truncated, _ = env.step(action)
    transitions.append(make_experience(obs[None], [action], next_obs[None], [reward], [terminated]))
    obs = env.reset()[0] if terminated or truncated else next_obs
env.close()
batch = [torch.as_tensor(np.concatenate(column)) for column in zip(*transitions)]
obs, action, next_obs, reward, terminated = batch
print("obs", tuple(obs.shape), "action", tuple(action.shape), "reward", tuple(reward.shape),
      "terminated", tuple(terminated.shape), "episodes ended:", int(terminated.sum()))
'''))

course.code(**bi('''
torch.manual_seed(0)
online_network = CartPoleQNet(4, 2)
target_network = copy.deepcopy(online_network).requires_grad_(False)
optimizer = torch.optim.Adam(online_network.parameters(), lr=1e-3)
generator = torch.Generator().manual_seed(0)

num_syncs, steps_per_sync, batch_size = 8, 150, 128
loss_history, mean_q_history = [], []
for sync in range(num_syncs):
    for _ in range(steps_per_sync):
        index = torch.randint(0, len(obs), (batch_size,), generator=generator)
        loss = td_loss(online_network, target_network, obs[index], action[index],
                       next_obs[index], reward[index], terminated[index], gamma=0.99)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_history.append(loss.item())
    with torch.no_grad():
        mean_q_history.append(online_network(obs).gather(1, action).mean().item())
    target_network.load_state_dict(online_network.state_dict())  # «타깃 갱신|update the target»

fig, (ax_loss, ax_q) = plt.subplots(1, 2, figsize=(11, 3.6))
ax_loss.plot(loss_history, linewidth=0.8)
for sync in range(1, num_syncs):
    ax_loss.axvline(sync * steps_per_sync, color="tab:gray", linewidth=0.5, linestyle=":")
ax_loss.set_yscale("log")
ax_loss.yaxis.set_major_formatter(lambda value, _: f"{value:g}")  # «0.001처럼 보통 숫자로|plain numbers such as 0.001»
ax_loss.set_xlabel(tr(LANG, "그래디언트 스텝 (점선: 타깃 복사)", "gradient step (dotted: target copy)"))
ax_loss.set_ylabel(tr(LANG, "TD 손실 (MSE)", "TD loss (MSE)"))
ax_q.plot(range(1, num_syncs + 1), mean_q_history, "o-")
ax_q.plot(range(1, num_syncs + 1), [sum(0.99 ** k for k in range(n)) for n in range(1, num_syncs + 1)],
          "k--", label=tr(LANG, "1 + γ + … + γ^(n−1)", "1 + γ + … + γ^(n−1)"))
ax_q.set_xlabel(tr(LANG, "타깃 복사 횟수 n", "target copies n"))
ax_q.set_ylabel(tr(LANG, "Q(s, a)의 평균", "mean Q(s, a)"))
ax_q.legend()
plt.tight_layout()
plt.show()
'''))

course.md(
    ko=r"""
$Q$의 평균은 $1 + \gamma + \cdots + \gamma^{n-1}$을 따라 올라가다가, 무작위 정책의 짧은 에피소드 때문에 점점 그보다
낮아집니다(막대가 곧 쓰러지는 상태가 섞여 있기 때문입니다). 충분히 되풀이하면 $Q$는 벨만 방정식의 해로 다가갑니다.
DQN은 이 과정을 **에이전트가 환경(environment)과 상호작용하면서** 되풀이합니다. 05에서 그 에이전트를 조립합니다.
""",
    en=r"""
The mean $Q$ climbs along $1 + \gamma + \cdots + \gamma^{n-1}$ and then falls behind it, because the random
policy's short episodes include states where the pole is about to fall. Repeated long enough, $Q$
approaches the solution of the Bellman equation. DQN repeats this process **while the agent interacts with
the environment**; notebook 05 assembles that agent.
""",
)

course.md(
    ko=r"""
## 요약

- 반환값 $G_t = \sum_k \gamma^k r_{t+k+1}$, 행동 가치 함수 $Q^\pi(s, a) = \mathbb{E}[G_t \mid s, a]$, 벨만 최적 방정식
  $Q^*(s, a) = \mathbb{E}[r + \gamma \max_{a'} Q^*(s', a')]$. 유효 지평선은 $1/(1-\gamma)$입니다.
- 연속적인 관측에는 표 대신 신경망을 씁니다. DQN의 신경망은 상태를 받아 행동마다 Q 값을 냅니다:
  `(batch, 4) → (batch, 2)`.
- TD 타깃 $y = r + \gamma(1 - \text{terminated})\max_{a'} Q(s', a')$. 종료면 미래 항을 지우고, **중단은 부트스트래핑합니다**.
- 모든 열을 `(B, 1)`로 유지합니다. `(B, 1) − (B,)`는 조용히 `(B, B)`가 됩니다.
- MSE의 그래디언트는 오차에 비례하고, 후버 손실의 그래디언트는 $[-1, 1]$로 잘립니다(2015년 논문의 오차 클리핑(error clipping)).
- 타깃은 `torch.no_grad()`로 고정합니다. 2013년 논문은 같은 신경망으로, 2015년 이후는 타깃 신경망으로 타깃을 계산합니다.

## 연습 문제

1. $\gamma = 0.9$, $0.99$, $0.999$의 유효 지평선을 구하고, CartPole의 500스텝 제한과 비교해 보세요. $\gamma = 1$을
   `DQNConfig`가 거부하는 이유는 무엇일까요?
2. 3절의 손 계산 예에서 2행의 `terminated`를 0으로 바꾸면(중단된 전이) 타깃은 얼마가 되나요? `td_target`으로 확인해
   보세요.
3. 4절의 버그를 여러분의 `td_target`에 일부러 넣어 보세요(`keepdim=True`를 지우기). `td_loss`의 값은 어떻게 바뀌고,
   `check_td_loss`는 무엇이라고 알려 주나요? 확인한 뒤에는 원래대로 되돌리세요.
4. 7절의 실험을 `loss="huber"`로 다시 돌려 보세요. 손실 곡선과 $Q$의 평균은 어떻게 달라지나요?
5. 7절에서 타깃 복사 간격을 150에서 1로 줄이면(2013년 논문처럼 매 스텝 같은 신경망으로 타깃 계산) 같은 그래디언트
   스텝 수 동안 $Q$의 평균은 어떻게 변하나요?
""",
    en=r"""
## Summary

- Return $G_t = \sum_k \gamma^k r_{t+k+1}$, action-value function $Q^\pi(s, a) = \mathbb{E}[G_t \mid s, a]$, Bellman
  optimality equation $Q^*(s, a) = \mathbb{E}[r + \gamma \max_{a'} Q^*(s', a')]$. The effective horizon is
  $1/(1-\gamma)$.
- Continuous observations need a network instead of a table. DQN's network takes a state and returns one
  Q-value per action: `(batch, 4) → (batch, 2)`.
- TD target $y = r + \gamma(1 - \text{terminated})\max_{a'} Q(s', a')$. Termination drops the future term;
  **truncation bootstraps**.
- Keep every column `(B, 1)`: `(B, 1) − (B,)` silently becomes `(B, B)`.
- The MSE gradient grows with the error; the Huber gradient is clipped to $[-1, 1]$ (2015's error clipping).
- The target is held fixed with `torch.no_grad()`. The 2013 paper computes it with the same network,
  later versions with a target network.

## Exercises

1. Compute the effective horizon for $\gamma = 0.9$, $0.99$ and $0.999$ and compare it with CartPole's
   500-step limit. Why does `DQNConfig` reject $\gamma = 1$?
2. In the hand-computed example of section 3, set row 2's `terminated` to 0 (a truncated transition). What
   is the target now? Check with `td_target`.
3. Put the bug of section 4 into your `td_target` on purpose (remove `keepdim=True`). How does the value of
   `td_loss` change, and what does `check_td_loss` report? Undo the change afterwards.
4. Rerun the experiment of section 7 with `loss="huber"`. How do the loss curve and the mean $Q$ change?
5. In section 7, shorten the target copy interval from 150 to 1 (the 2013 paper: the target comes from the
   same network at every step). How does the mean $Q$ evolve over the same number of gradient steps?
""",
)
