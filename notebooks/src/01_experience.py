"""Notebook 01: transitions, termination vs truncation, vector-env shapes and autoreset."""

from tools.nbbuild import Course, bi

course = Course("01_experience")

course.md(
    ko=r"""
# 01. 경험: 전이 하나를 담는 그릇

DQN은 환경(environment)과 주고받은 **경험(experience)**을 모아 두었다가 그것으로 배웁니다. 경험의 단위는
전이(transition) 하나, 곧 "이 상태(state)에서 이 행동(action)을 했더니 이런 보상(reward)과 다음 상태가
나왔다"는 기록입니다.
이 노트북에서는 전이를 담는 그릇 `Experience`를 직접 만듭니다.

그릇 자체는 간단하지만, 무엇을 담을지 정하는 데 함정이 두 개 있습니다. 시간 제한으로 잘린 에피소드(episode)를
진짜 끝으로 착각하는 것, 그리고 벡터 환경(vector environment)이 에피소드 사이에 끼워 넣는 "리셋 스텝"을
전이로 착각하는 것입니다. 이 코스가 출발한 원래 노트북에도 첫 번째 함정이 있었습니다. 두 함정이 각각 무엇을
망가뜨리는지 실제 CartPole 데이터로 확인하고 고칩니다.

## 학습 목표

- 전이 $(s_t, a_t, r_{t+1}, s_{t+1}, \text{terminated})$가 무엇이고 왜 DQN의 학습 단위인지 설명할 수 있습니다.
- 종료(termination, `terminated`)와 중단(truncation, `truncated`)을 구별하고, 중단을 종료로 다루면
  TD 타깃(TD target)과 가치(value) 추정이 어떻게 틀어지는지 보일 수 있습니다.
- 여러 환경을 함께 돌릴 때의 모양 규칙 `(num_envs, *obs_shape)`와 `(num_envs, 1)`을 지킬 수 있습니다.
- gymnasium 1.0 이상의 자동 리셋(autoreset) 스텝을 알아보고 저장하지 않을 수 있습니다.
- `Experience`와 `to_experience`를 직접 작성할 수 있습니다.
""",
    en=r"""
# 01. Experience: a container for one transition

DQN stores the **experience** it collects from the environment and learns from it later. The unit of
experience is one transition: "in this state I took this action, and got this reward and this next
state". In this notebook you build the container for it, `Experience`.

The container is simple, but deciding what goes into it has two traps: mistaking an episode cut off
by a time limit for a real ending, and mistaking the "reset step" that a vector environment inserts
between episodes for a transition. The notebook this course grew from fell into the first one. We
measure what each trap breaks on real CartPole data, and fix it.

## Learning goals

- Explain what a transition $(s_t, a_t, r_{t+1}, s_{t+1}, \text{terminated})$ is and why it is DQN's
  unit of learning.
- Tell termination (`terminated`) from truncation (`truncated`), and show how treating a truncation
  as a termination distorts the TD target and the value estimates.
- Keep the shape conventions for several environments at once: `(num_envs, *obs_shape)` and
  `(num_envs, 1)`.
- Recognise gymnasium ≥ 1.0's autoreset step and keep it out of your data.
- Write `Experience` and `to_experience` yourself.
""",
)

course.code(**bi(r'''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")
'''))

course.code(
    """
from typing import NamedTuple

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np

from dqn_teach.i18n import tr

np.set_printoptions(precision=3, suppress=True)
"""
)

course.md(
    ko=r"""
## 1. 전이란

에이전트(agent)가 시각 $t$에 관측(observation) $s_t$를 보고 행동 $a_t$를 하면, 환경은
보상 $r_{t+1}$과 다음 관측 $s_{t+1}$을 돌려줍니다. 이 다섯 가지가 전이 하나입니다.

$$
(s_t,\ a_t,\ r_{t+1},\ s_{t+1},\ d_{t+1}), \qquad d_{t+1} = \begin{cases} 1 & s_{t+1}\text{에서 에피소드가 종료됨} \\ 0 & \text{그 밖의 경우}\end{cases}
$$

DQN이 이 전이로 무엇을 하는지 미리 보면, $d$가 왜 필요한지 알 수 있습니다. 노트북 04에서 만들 TD 타깃은
"지금 받은 보상 + 다음 상태에서 기대되는 할인된 미래"입니다.

$$
y_t = r_{t+1} + \gamma\,(1 - d_{t+1}) \max_{a'} Q(s_{t+1}, a')
$$

에피소드가 정말 끝났다면($d_{t+1}=1$) 미래의 보상은 없으므로 두 번째 항을 지웁니다. 이처럼 다음 상태의
추정값 $Q(s_{t+1}, \cdot)$를 타깃에 빌려 쓰는 것을 부트스트래핑(bootstrapping)이라고 합니다. 그러니 $d$는
"여기서 부트스트래핑을 멈춰도 되는가"를 알려 주는 값이고, 틀리면 타깃이 틀립니다.

CartPole에서 한 스텝을 진행해 전이 하나를 직접 봅니다.
""",
    en=r"""
## 1. What is a transition?

When the agent sees the observation $s_t$ at time $t$ and takes action $a_t$, the environment returns
the reward $r_{t+1}$ and the next observation $s_{t+1}$. These five things are one transition:

$$
(s_t,\ a_t,\ r_{t+1},\ s_{t+1},\ d_{t+1}), \qquad d_{t+1} = \begin{cases} 1 & \text{the episode terminated at } s_{t+1} \\ 0 & \text{otherwise}\end{cases}
$$

A look ahead at what DQN does with a transition shows why $d$ is there. The TD target of notebook 04 is
"the reward now + the discounted future expected from the next state":

$$
y_t = r_{t+1} + \gamma\,(1 - d_{t+1}) \max_{a'} Q(s_{t+1}, a')
$$

If the episode really ended ($d_{t+1}=1$) there is no future reward, so the second term is dropped.
Borrowing the estimate $Q(s_{t+1}, \cdot)$ of the next state inside the target is called
bootstrapping; $d$ says "you may stop bootstrapping here", and if it is wrong, the target is wrong.

Let us take one step in CartPole and look at a transition.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
env = gym.make("CartPole-v1")
obs, info = env.reset(seed=0)
action = 1  # «오른쪽으로 밉니다.|push right»
next_obs, reward, terminated, truncated, info = env.step(action)

print("obs        s_t     :", obs)
print("action     a_t     :", action)
print("reward     r_{t+1} :", reward)
print("next_obs   s_{t+1} :", next_obs)
print("terminated         :", terminated)
print("truncated          :", truncated)
'''))

course.md(
    ko=r"""
## 2. 종료와 중단은 다릅니다

gymnasium의 `step`은 에피소드가 끝났다는 신호를 두 개로 나누어 줍니다.

- `terminated`: **문제 자체가 끝났습니다.** CartPole에서는 막대가 12°보다 많이 기울었거나 수레가 밖으로
  나갔습니다. 이 뒤로는 어떤 보상도 없습니다.
- `truncated`: **바깥 사정으로 에피소드를 잘랐습니다.** CartPole-v1은 500 스텝에서 자릅니다. 막대는 여전히
  잘 서 있고, 계속 진행했다면 보상은 계속 들어왔을 것입니다.

직접 확인해 봅니다. 아래의 `balance`는 학습한 것이 아니라 사람이 만든 간단한 제어 규칙인데, 막대를 500 스텝
내내 세워 둡니다. 이 "완벽한 에피소드"가 어떻게 끝나는지 봅니다.
""",
    en=r"""
## 2. Termination and truncation are different

gymnasium's `step` reports the end of an episode with two separate flags:

- `terminated`: **the problem itself ended.** In CartPole the pole tilted more than 12° or the cart
  left the track. No reward of any kind comes after this.
- `truncated`: **the episode was cut off for an outside reason.** CartPole-v1 cuts at 500 steps. The
  pole is still standing, and had the episode gone on, rewards would have kept coming.

Let us see it. `balance` below is not learned; it is a simple hand-written control rule that keeps the
pole up for all 500 steps. How does this "perfect episode" end?
""",
)

course.code(**bi(r'''
def balance(obs: np.ndarray) -> int:
    """«손으로 만든 제어 규칙: 막대가 기울어지는 쪽으로 수레를 밉니다(수레는 가운데로 보정|Hand-written control: push towards where the pole is falling (keeping the cart centred»)."""
    cart_position, cart_velocity, pole_angle, pole_velocity = obs
    push = pole_angle + 0.5 * pole_velocity + 0.05 * cart_position + 0.5 * cart_velocity
    return int(push > 0)


def play_episode(env: gym.Env, policy, seed: int) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """«policy로 에피소드 하나를 진행합니다|Play one episode with policy».

    Returns:
        «관측 (T + 1, 4), 보상 (T,), 마지막 스텝의 terminated, truncated|observations (T + 1, 4), rewards (T,), and terminated, truncated of the last step».
    """
    obs, info = env.reset(seed=seed)
    observations, rewards = [obs], []
    while True:
        obs, reward, terminated, truncated, info = env.step(policy(obs))
        observations.append(obs)
        rewards.append(reward)
        if terminated or truncated:
            return np.array(observations), np.array(rewards), terminated, truncated
'''))

course.code(
    ko="""
# NBVAL_CHECK_OUTPUT
perfect_obs, perfect_rewards, terminated, truncated = play_episode(env, balance, seed=0)
print(f"balance: {len(perfect_rewards)} 스텝, terminated={terminated}, truncated={truncated}")
print("마지막 관측:", perfect_obs[-1], "← 막대는 거의 똑바로 서 있습니다")

rng = np.random.default_rng(0)
random_obs, random_rewards, terminated, truncated = play_episode(
    env, lambda obs: int(rng.integers(2)), seed=0
)
print(f"무작위:  {len(random_rewards)} 스텝, terminated={terminated}, truncated={truncated}")
print("마지막 관측:", random_obs[-1], "← 막대 각도가 0.21 rad(12°)를 넘었습니다")
""",
    en="""
# NBVAL_CHECK_OUTPUT
perfect_obs, perfect_rewards, terminated, truncated = play_episode(env, balance, seed=0)
print(f"balance: {len(perfect_rewards)} steps, terminated={terminated}, truncated={truncated}")
print("last observation:", perfect_obs[-1], "<- the pole is almost upright")

rng = np.random.default_rng(0)
random_obs, random_rewards, terminated, truncated = play_episode(
    env, lambda obs: int(rng.integers(2)), seed=0
)
print(f"random:  {len(random_rewards)} steps, terminated={terminated}, truncated={truncated}")
print("last observation:", random_obs[-1], "<- the pole angle passed 0.21 rad (12°)")
""",
)

course.md(
    ko=r"""
### 시간 제한을 끝으로 착각하면 무엇이 틀어지나

`balance`가 하는 대로 막대를 계속 세워 두면 매 스텝 보상 1을 끝없이 받습니다. 그러니 이 정책(policy)을 따를 때
어느 상태의 가치는 $\sum_{k} \gamma^k \cdot 1 = \frac{1}{1-\gamma}$이고, $\gamma = 0.99$라면 100입니다.
에이전트가 이 값을 잘 배워서 $\max_{a'} Q(s', a') \approx 100$이 되었다고 해 봅시다.

완벽한 에피소드의 **마지막 전이**(499번째 스텝 → 500번째 스텝)의 TD 타깃을 두 가지 방식으로 계산합니다.

- **맞는 처리**: 잘렸을 뿐 끝나지 않았으므로 $d = 0$ → $y = 1 + 0.99 \times 100 = 100$.
- **틀린 처리** (`terminated = terminated | truncated`): $d = 1$ → $y = 1$.
""",
    en=r"""
### What goes wrong when a time limit is treated as an ending

If you keep the pole up the way `balance` does, you collect reward 1 forever, so under this policy the
value of a state is $\sum_{k} \gamma^k \cdot 1 = \frac{1}{1-\gamma}$, which is 100 for $\gamma = 0.99$.
Suppose the agent has learned this well: $\max_{a'} Q(s', a') \approx 100$.

Compute the TD target of the perfect episode's **last transition** (step 499 → step 500) both ways:

- **right**: the episode was cut, not ended, so $d = 0$ → $y = 1 + 0.99 \times 100 = 100$;
- **wrong** (`terminated = terminated | truncated`): $d = 1$ → $y = 1$.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
gamma = 0.99
next_q_max = 1 / (1 - gamma)  # «막대를 영원히 세워 둘 때의 가치|value of balancing forever»: 100


def td_target(reward: float, done: float) -> float:
    return reward + gamma * (1 - done) * next_q_max


print(f"«맞는 처리|right» (terminated=0): y = {td_target(1.0, done=0.0):6.2f}")
print(f"«틀린 처리|wrong» (done=1)      : y = {td_target(1.0, done=1.0):6.2f}")
'''))

course.md(
    ko=r"""
타깃 하나가 100에서 1로 바뀝니다. 이 오류는 마지막 스텝에서 끝나지 않습니다. 틀린 처리로 에피소드 전체를
보면, 시각 $t$의 가치는 "500까지 남은 스텝 수"를 할인해서 센 값이 됩니다.

$$
V_{\text{틀림}}(s_t) = \sum_{k=0}^{499-t} \gamma^k = \frac{1-\gamma^{500-t}}{1-\gamma},
\qquad
V_{\text{맞음}}(s_t) = \frac{1-\gamma^{500-t}}{1-\gamma} + \gamma^{500-t}\, V(s_{500}) = \frac{1}{1-\gamma}
$$

맞는 처리에서는 잘린 지점에서 $V(s_{500}) \approx 100$으로 부트스트래핑하므로 모든 스텝의 가치가 100입니다.
틀린 처리에서는 500에 가까워질수록 가치가 1까지 떨어집니다. 아래 그림의 빨간 선입니다.

더 큰 문제는 **관측에 시각이 들어 있지 않다**는 점입니다. 에피소드 앞부분에서 499번째 스텝의 관측과 거의
똑같은 관측을 찾아보면, 틀린 처리는 거의 같은 입력에 대해 전혀 다른 값을 배우라고 요구합니다. 신경망(neural network)은
두 상태를 구별할 방법이 없으니 둘 사이의 어중간한 값을 배우고, 그 잘못된 값이 부트스트래핑을 타고 다른
상태로 퍼집니다.
""",
    en=r"""
One target drops from 100 to 1. And the error is not limited to the last step. Under the wrong
treatment, the value at time $t$ becomes the discounted count of "steps left until 500":

$$
V_{\text{wrong}}(s_t) = \sum_{k=0}^{499-t} \gamma^k = \frac{1-\gamma^{500-t}}{1-\gamma},
\qquad
V_{\text{right}}(s_t) = \frac{1-\gamma^{500-t}}{1-\gamma} + \gamma^{500-t}\, V(s_{500}) = \frac{1}{1-\gamma}
$$

The right treatment bootstraps from $V(s_{500}) \approx 100$ where the episode was cut, so every step
is worth 100. The wrong treatment makes the value fall to 1 as step 500 approaches — the red line below.

Worse, **the observation does not contain the time**. Look for an early observation that is almost
identical to the one at step 499: the wrong treatment asks for very different values for nearly the
same input. The network cannot tell the two states apart, so it learns something in between, and
bootstrapping spreads that wrong value to other states.
""",
)

course.code(**bi(r'''
def value_targets(rewards: np.ndarray, gamma: float, value_after_end: float) -> np.ndarray:
    """«에피소드의 각 시각 t에서 기대되는 가치 (T,). 마지막 관측 뒤의 가치는 value_after_end|Expected value at every time t of an episode, (T,); value_after_end follows the last one»."""
    values = np.zeros(len(rewards))
    future = value_after_end
    for t in reversed(range(len(rewards))):
        future = rewards[t] + gamma * future
        values[t] = future
    return values


# «맞는 처리: 잘렸을 뿐이므로 부트스트래핑합니다.|right: the episode was only cut, so bootstrap»
values_right = value_targets(perfect_rewards, gamma, value_after_end=next_q_max)
# «틀린 처리: 끝난 것으로 착각합니다.|wrong: the cut is mistaken for an ending»
values_wrong = value_targets(perfect_rewards, gamma, value_after_end=0.0)

# «앞쪽 절반(0~249 스텝)에서 499번째 스텝의 관측과 가장 가까운 관측을 찾습니다|In the first half (steps 0-249), find the observation closest to the one at step 499».
last_step = len(perfect_rewards) - 1
distances = np.linalg.norm(perfect_obs[:250] - perfect_obs[last_step], axis=1)
twin_step = int(distances.argmin())
'''))

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
print(f"«스텝 {twin_step:3d} 관측|step {twin_step:3d} observation»: {perfect_obs[twin_step]}")
print(f"«스텝 {last_step:3d} 관측|step {last_step:3d} observation»: {perfect_obs[last_step]}",
      f"(«거리|distance» {distances[twin_step]:.3f})")
print(f"«맞는 처리의 가치|values, right treatment»: {values_right[twin_step]:6.2f} vs {values_right[last_step]:6.2f}")
print(f"«틀린 처리의 가치|values, wrong treatment»: {values_wrong[twin_step]:6.2f} vs {values_wrong[last_step]:6.2f}",
      "«← 같은 입력, 다른 정답|<- same input, different answers»")
'''))

course.code(
    r"""
steps = np.arange(len(perfect_rewards))
fig, ax = plt.subplots(figsize=(7.5, 3.6))
ax.plot(steps, values_right, color="tab:blue", lw=2,
        label=tr(LANG, "중단은 중단으로 (부트스트래핑)", "truncation kept apart (bootstrap)"))
ax.plot(steps, values_wrong, color="tab:red", lw=2,
        label=tr(LANG, "중단을 종료로 착각", "truncation treated as termination"))
for step in (twin_step, last_step):
    ax.plot([step, step], [values_wrong[step], values_right[step]], "k:", lw=1)
    ax.plot(step, values_wrong[step], "o", color="tab:red")
twin_target, last_target = values_wrong[twin_step], values_wrong[last_step]
ax.annotate(tr(LANG, f"스텝 {twin_step}, {last_step}:\n관측은 거의 같은데\n"
                     f"정답은 {twin_target:.0f} 대 {last_target:.0f}",
               f"steps {twin_step} and {last_step}:\nalmost the same observation,\n"
               f"targets {twin_target:.0f} vs {last_target:.0f}"),
            xy=(twin_step, values_wrong[twin_step]), xytext=(250, 12), fontsize=9, linespacing=1.6,
            arrowprops={"arrowstyle": "->"})
ax.set(xlabel=tr(LANG, "에피소드 안의 시각 $t$", "time step $t$ in the episode"),
       ylabel=tr(LANG, r"가치 $V(s_t)$ ($\gamma=0.99$)", r"value $V(s_t)$ ($\gamma=0.99$)"),
       title=tr(LANG, "완벽한 에피소드(500 스텝)의 가치",
                "Values along a perfect 500-step episode"),
       ylim=(0, 110))
ax.legend(loc="lower left")
plt.show()
"""
)

course.md(
    ko=r"""
### 원래 노트북의 버그와 고친 방법

이 코스가 출발한 노트북의 학습 루프에는 이런 줄이 있었습니다.

```python
next_obs, reward, terminated, truncated, _ = gym_env.step(action.item())
terminated = terminated | truncated   # ← 버그: 중단을 종료로 바꿔 버립니다
```

이 한 줄 때문에 500 스텝을 채운 에피소드의 마지막 전이는 늘 $d = 1$로 저장되었고, 위에서 본 대로 에이전트가
잘할수록 더 자주 틀린 타깃을 배웠습니다. 고치는 방법은 두 신호에 각자의 일을 맡기는 것입니다.

```python
next_obs, reward, terminated, truncated, _ = env.step(action)
experience = Experience(obs, action, next_obs, reward, terminated)   # 저장은 terminated만
episode_over = terminated or truncated                               # 리셋할지는 둘 다 보고 결정
```

- **저장하는 값**은 `terminated`뿐입니다. 부트스트래핑을 멈출지는 이것만으로 정합니다.
- **에피소드를 새로 시작할지**는 `terminated or truncated`로 정합니다. 잘린 에피소드도 이어서 진행할 수는
  없으니까요.

`next_obs`도 챙겨야 합니다. 잘린 스텝의 `next_obs`는 진짜 다음 관측이어야 부트스트래핑 값
$\max_{a'} Q(s_{500}, a')$이 의미가 있습니다. 다음 절의 벡터 환경에서 이 점이 중요해집니다.
""",
    en=r"""
### The bug in the original notebook, and the fix

The training loop of the notebook this course grew from had these lines:

```python
next_obs, reward, terminated, truncated, _ = gym_env.step(action.item())
terminated = terminated | truncated   # <- bug: turns a truncation into a termination
```

Because of that one line, the last transition of every 500-step episode was stored with $d = 1$, and —
as we just saw — the better the agent played, the more often it learned a wrong target. The fix gives
each flag its own job:

```python
next_obs, reward, terminated, truncated, _ = env.step(action)
experience = Experience(obs, action, next_obs, reward, terminated)   # store terminated only
episode_over = terminated or truncated                               # reset on either
```

- What you **store** is `terminated` only; it alone decides whether bootstrapping stops.
- Whether to **start a new episode** is decided by `terminated or truncated`; a cut episode cannot be
  continued either.

`next_obs` matters too: at a truncated step it must be the true next observation, otherwise the
bootstrap value $\max_{a'} Q(s_{500}, a')$ means nothing. With vector environments (next sections)
this becomes important.
""",
)

course.md(
    ko=r"""
## 3. 여러 환경을 한꺼번에: 모양 규칙

DQN은 보통 환경 여러 개를 나란히 돌려 경험을 더 빨리 모읍니다. gymnasium의 `make_vec`은 환경
`num_envs`개를 묶어 한 번의 `step`으로 모두 진행합니다. 이때 모든 값의 맨 앞 축이 환경 번호가 됩니다.
""",
    en=r"""
## 3. Several environments at once: shape conventions

DQN usually runs several environments side by side to collect experience faster. gymnasium's
`make_vec` bundles `num_envs` environments and advances all of them with one `step`. The first axis of
every value is then the environment index.
""",
)

course.code(
    """
# NBVAL_CHECK_OUTPUT
num_envs = 3
envs = gym.make_vec("CartPole-v1", num_envs=num_envs, vectorization_mode="sync")
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
action = envs.action_space.sample()
next_obs, reward, terminated, truncated, info = envs.step(action)
for name, value in [("obs", obs), ("action", action), ("next_obs", next_obs),
                    ("reward", reward), ("terminated", terminated), ("truncated", truncated)]:
    print(f"{name:10s} shape={str(value.shape):8s} dtype={value.dtype}")
envs.close()
"""
)

course.md(
    ko=r"""
관측은 `(num_envs, *obs_shape)` = `(3, 4)`로 이미 알맞은 모양입니다. 그런데 `action`, `reward`, `terminated`는
`(3,)`처럼 납작한 배열로 옵니다. 이 코스에서는 이 셋을 `(num_envs, 1)` 모양의 **열**로 바꿔 저장합니다.

왜 굳이 열로 바꿀까요? 나중에 신경망이 고른 행동의 Q 값(Q-value)은 `q_values.gather(1, action)`으로 꺼내는데, 그
결과가 `(batch, 1)`입니다. 여기에 `(batch,)` 모양의 보상을 더하면 NumPy와 torch의 브로드캐스팅 규칙 때문에
오류 없이 `(batch, batch)` 행렬이 나옵니다. 손실은 그래도 숫자 하나로 계산되니 아무도 눈치채지 못합니다.
""",
    en=r"""
Observations already come as `(num_envs, *obs_shape)` = `(3, 4)`. But `action`, `reward` and
`terminated` come flat, `(3,)`. The course stores these three as **columns** of shape `(num_envs, 1)`.

Why bother? Later, the Q-value of the chosen action is read with `q_values.gather(1, action)`, which
gives `(batch, 1)`. Adding a `(batch,)` reward to it silently broadcasts to a `(batch, batch)` matrix —
no error, and the loss is still a single number, so nobody notices.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
q_taken = np.zeros((num_envs, 1))  # «고른 행동의 Q 값: (num_envs, 1) 열|Q-values of the chosen actions: a (num_envs, 1) column»
print("reward (3,)   + q (3, 1) ->", (reward + q_taken).shape, "«← 조용히 틀립니다|<- silently wrong»")
print("reward (3, 1) + q (3, 1) ->", (reward.reshape(num_envs, 1) + q_taken).shape)
'''))

course.md(
    ko=r"""
정리하면 `Experience`의 다섯 필드는 다음 모양과 자료형을 가집니다.

| 필드 | 모양 | 자료형 | 뜻 |
|---|---|---|---|
| `obs` | `(num_envs, *obs_shape)` | 관측 그대로 (float64만 float32로) | $s_t$ |
| `action` | `(num_envs, 1)` | `int64` | $a_t$ |
| `next_obs` | `(num_envs, *obs_shape)` | `obs`와 같음 | $s_{t+1}$, 진짜 다음 관측 |
| `reward` | `(num_envs, 1)` | `float32` | $r_{t+1}$ |
| `terminated` | `(num_envs, 1)` | `float32` (0.0 또는 1.0) | $d_{t+1}$, 중단은 0.0 |

`terminated`를 bool이 아닌 `float32`로 두는 것은 TD 타깃에서 `(1 - terminated)`처럼 곧바로 곱하기 위해서입니다.
Atari 화면처럼 `uint8`인 관측을 float32로 바꾸지 않는 것은 메모리를 4배 아끼기 위해서입니다(노트북 02).

## 4. 자동 리셋: 에피소드가 끝난 다음 스텝

벡터 환경에서는 에피소드가 끝난 환경을 우리가 직접 리셋하지 않습니다. gymnasium 1.0 이상은 끝난 환경을
**그다음 `step` 호출에서** 스스로 리셋합니다(`autoreset_mode`가 `NEXT_STEP`). 그 스텝에서는 넘겨준 행동이
무시되고, 돌아오는 값은 이렇습니다.

- `next_obs`: 새 에피소드의 첫 관측
- `reward`: 0, `terminated`와 `truncated`: 둘 다 False

우리 쪽의 `obs`(직전 스텝의 `next_obs`)는 끝난 에피소드의 마지막 관측이므로, 이 스텝을 그대로 전이로
저장하면 "막대가 쓰러진 상태에서 행동했더니 보상 0을 받고 새 에피소드의 첫 상태로 갔다"는 **있지도 않은
전이**가 됩니다. 직접 확인해 봅니다.
""",
    en=r"""
To sum up, the five fields of `Experience` have these shapes and dtypes:

| field | shape | dtype | meaning |
|---|---|---|---|
| `obs` | `(num_envs, *obs_shape)` | as observed (float64 becomes float32) | $s_t$ |
| `action` | `(num_envs, 1)` | `int64` | $a_t$ |
| `next_obs` | `(num_envs, *obs_shape)` | same as `obs` | $s_{t+1}$, the true next observation |
| `reward` | `(num_envs, 1)` | `float32` | $r_{t+1}$ |
| `terminated` | `(num_envs, 1)` | `float32` (0.0 or 1.0) | $d_{t+1}$; a truncation is 0.0 |

`terminated` is `float32` rather than bool so that the TD target can multiply by `(1 - terminated)`
directly. `uint8` observations such as Atari frames are not turned into float32, which would take 4×
the memory (notebook 02).

## 4. Autoreset: the step after an episode ends

With a vector environment you do not reset finished environments yourself. gymnasium ≥ 1.0 resets a
finished environment **on the next call to `step`** (`autoreset_mode` is `NEXT_STEP`). In that step
the action you pass is ignored, and it returns:

- `next_obs`: the first observation of the new episode;
- `reward`: 0, `terminated` and `truncated`: both False.

Your `obs` (the previous step's `next_obs`) is the last observation of the finished episode, so storing
this step as a transition would record "in the fallen-pole state I acted, got reward 0 and moved to the
first state of a new episode" — **a transition that never happened**. Let us watch it happen.
""",
)

course.code(
    ko="""
# NBVAL_CHECK_OUTPUT
envs = gym.make_vec("CartPole-v1", num_envs=2, vectorization_mode="sync")
print("autoreset_mode:", envs.metadata["autoreset_mode"])
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(2, dtype=bool)  # 직전 스텝에서 에피소드가 끝났는가 (환경마다)
for step in range(100):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, info = envs.step(action)
    for i in np.flatnonzero(terminated | truncated | episode_over):
        kind = "자동 리셋 스텝 (전이 아님!)" if episode_over[i] else "에피소드가 끝난 스텝"
        print(f"[스텝 {step}] 환경 {i}: {kind}")
        print(f"    obs       = {obs[i]}")
        print(f"    next_obs  = {next_obs[i]}")
        print(f"    reward={reward[i]}, terminated={terminated[i]}, truncated={truncated[i]}")
    if episode_over.any():
        break
    episode_over = terminated | truncated
    obs = next_obs
envs.close()
""",
    en="""
# NBVAL_CHECK_OUTPUT
envs = gym.make_vec("CartPole-v1", num_envs=2, vectorization_mode="sync")
print("autoreset_mode:", envs.metadata["autoreset_mode"])
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(2, dtype=bool)  # did the previous step end an episode (per env)?
for step in range(100):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, info = envs.step(action)
    for i in np.flatnonzero(terminated | truncated | episode_over):
        kind = "autoreset step (not a transition!)" if episode_over[i] else "the episode ends"
        print(f"[step {step}] env {i}: {kind}")
        print(f"    obs       = {obs[i]}")
        print(f"    next_obs  = {next_obs[i]}")
        print(f"    reward={reward[i]}, terminated={terminated[i]}, truncated={truncated[i]}")
    if episode_over.any():
        break
    episode_over = terminated | truncated
    obs = next_obs
envs.close()
""",
)

course.md(
    ko=r"""
출력을 차례로 읽어 봅니다.

1. 에피소드가 끝난 스텝: `next_obs`의 막대 각도(세 번째 값)가 12°(0.21 rad)를 넘어 `terminated=True`입니다.
   이것은 진짜 전이이고, `terminated=1`로 저장해야 합니다.
2. 다음 스텝(자동 리셋): `obs`는 방금 끝난 에피소드의 마지막 관측인데 `next_obs`는 0 근처의 새 출발점입니다.
   보상은 0입니다. 이것은 전이가 아니므로 **저장하지 않습니다.** 같은 스텝의 다른 환경은 평소처럼
   진행 중이므로 그 행은 저장합니다.

규칙은 간단합니다. 직전 스텝의 `terminated | truncated`를 기억해 두었다가, 그 값이 True인 환경의 행은
이번 스텝에서 건너뜁니다. 환경 2개를 60 스텝 동안 돌리며 각 행이 무엇인지 그려 봅니다.
""",
    en=r"""
Read the output in order:

1. The ending step: the pole angle in `next_obs` (third value) passed 12° (0.21 rad), so
   `terminated=True`. This is a real transition and must be stored with `terminated=1`.
2. The next step (autoreset): `obs` is the last observation of the finished episode, but `next_obs` is
   a fresh start near 0, with reward 0. This is not a transition: **do not store it.** The other
   environment is in the middle of its episode in the same step, so its row is stored as usual.

The rule is simple: remember the previous step's `terminated | truncated`, and skip the rows of the
environments where it was True. Here are 2 environments over 60 steps, each row classified:
""",
)

course.code(
    r"""
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

TRANSITION, ENDING, AUTORESET = 0, 1, 2
envs = gym.make_vec("CartPole-v1", num_envs=2, vectorization_mode="sync")
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(2, dtype=bool)
row_kind = np.zeros((2, 60), dtype=int)
for step in range(60):
    next_obs, reward, terminated, truncated, info = envs.step(envs.action_space.sample())
    row_kind[:, step] = np.where(episode_over, AUTORESET, np.where(terminated, ENDING, TRANSITION))
    episode_over = terminated | truncated
    obs = next_obs
envs.close()

colors = ["#9fc5e8", "#e06666", "#bbbbbb"]
fig, ax = plt.subplots(figsize=(9, 1.9), layout="constrained")
ax.imshow(row_kind, cmap=ListedColormap(colors), vmin=0, vmax=2, aspect="auto")
ax.set(yticks=[0, 1], yticklabels=[tr(LANG, f"환경 {i}", f"env {i}") for i in (0, 1)],
       xlabel=tr(LANG, "벡터 환경의 step 호출", "vector env step"),
       title=tr(LANG, "자동 리셋 스텝(회색)은 저장하지 않습니다",
                "Autoreset steps (grey) are not stored"))
labels = [tr(LANG, "전이 (저장)", "transition (store)"),
          tr(LANG, "종료된 전이 (terminated=1로 저장)",
             "terminating transition (store, terminated=1)"),
          tr(LANG, "자동 리셋 (버림)", "autoreset (skip)")]
handles = [Patch(color=color, label=label) for color, label in zip(colors, labels, strict=True)]
ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=3, frameon=False)
plt.show()
"""
)

course.md(
    ko=r"""
회색 칸은 언제나 빨간 칸 바로 다음에 옵니다. 벡터 환경은 `step` 60번에 120행을 돌려주었지만, 그중 회색 행은
전이가 아닙니다. `dqn_teach`의 학습 루프는 이 행들을 `store_mask`로 걸러 냅니다.

> **gymnasium 버전에 따라 다릅니다.** gymnasium 0.29 이하에서는 끝난 환경을 **같은 스텝에서** 리셋하고 마지막
> 관측을 `info["final_observation"]`에 따로 담아 주었습니다. 예전 코드를 1.0 이상에서 그대로 돌리면
> `KeyError: 'final_observation'`이 나거나, 조용히 가짜 전이를 저장합니다.

## 5. 직접 만들기: `Experience`와 `to_experience`

이제 그릇을 만듭니다. `NamedTuple`을 쓰면 필드 이름으로 읽을 수 있고(`experience.reward`), 튜플처럼 풀어 쓸
수도 있습니다(`obs, action, next_obs, reward, terminated = experience`).

1. `Experience`: 필드 `obs`, `action`, `next_obs`, `reward`, `terminated`를 이 순서로 가진 `NamedTuple`.
2. `to_experience(obs, action, next_obs, reward, terminated, truncated)`: gymnasium이 돌려준 납작한 배열을
   위 표의 모양과 자료형으로 바꿔 `Experience`를 만듭니다. `truncated`는 **일부러** 인자로 받습니다.
   이것을 `terminated`에 섞지 않는 것이 이 함수의 요점입니다.
""",
    en=r"""
A grey cell always follows a red one. The vector environment returned 120 rows in 60 `step` calls,
but the grey ones are not transitions. `dqn_teach`'s training loop filters them out with a `store_mask`.

> **This depends on the gymnasium version.** gymnasium ≤ 0.29 reset a finished environment **in the
> same step** and put the last observation in `info["final_observation"]`. Old code run on ≥ 1.0 either
> fails with `KeyError: 'final_observation'` or silently stores fake transitions.

## 5. Your turn: `Experience` and `to_experience`

Now build the container. A `NamedTuple` can be read by field name (`experience.reward`) and unpacked
like a tuple (`obs, action, next_obs, reward, terminated = experience`).

1. `Experience`: a `NamedTuple` with the fields `obs`, `action`, `next_obs`, `reward`, `terminated`,
   in this order.
2. `to_experience(obs, action, next_obs, reward, terminated, truncated)`: turn the flat arrays
   gymnasium returns into an `Experience` with the shapes and dtypes of the table above. `truncated`
   is an argument **on purpose**: the point of this function is not to mix it into `terminated`.
""",
)

course.code(**bi(r'''
class Experience(NamedTuple):
    """«환경마다 전이 하나씩, 맨 앞 축이 환경 번호입니다|One transition per environment; the first axis is the environment index».

    obs (num_envs, *obs_shape), action (num_envs, 1) int64, next_obs (num_envs, *obs_shape),
    reward (num_envs, 1) float32, terminated (num_envs, 1) float32.
    """

    # HINT: «`obs`, `action`, `next_obs`, `reward`, `terminated`를 이 순서로 `이름: np.ndarray` 꼴로 쓰세요 (`=`가 아니라 `:`입니다).|Declare `obs`, `action`, `next_obs`, `reward`, `terminated` in this order as `name: np.ndarray` (a `:`, not `=`).»
    ### BEGIN SOLUTION
    obs: np.ndarray
    action: np.ndarray
    next_obs: np.ndarray
    reward: np.ndarray
    terminated: np.ndarray
    ### END SOLUTION
'''))

course.code(**bi(r'''
def to_experience(obs, action, next_obs, reward, terminated, truncated) -> Experience:
    """«gymnasium 벡터 환경이 돌려준 값으로 Experience를 만듭니다|Build an Experience from what a gymnasium vector env returned».

    Args:
        obs, next_obs: (num_envs, *obs_shape).
        action, reward, terminated, truncated: (num_envs,) «또는|or» (num_envs, 1).

    Returns:
        «action은 int64, reward와 terminated는 float32인 (num_envs, 1) 열로 바꾼 Experience|Experience with action int64 and reward, terminated float32, as (num_envs, 1) columns».
        «truncated는 terminated에 섞지 않습니다: 시간 제한은 종료가 아닙니다|truncated is not mixed into terminated: a time limit is not an ending».
    """
    # HINT: «환경 수는 입력에서 구합니다: `num_envs = obs.shape[0]` (노트북의 전역 변수 `num_envs`를 쓰면 안 됩니다). 열은 `np.asarray(x, dtype=...).reshape(num_envs, 1)`로 만들고, float64 관측만 `.astype(np.float32)`로 바꾸며(uint8 화면은 그대로), `truncated`는 버립니다.|Take the number of environments from the input: `num_envs = obs.shape[0]` (not the notebook's global `num_envs`). Make columns with `np.asarray(x, dtype=...).reshape(num_envs, 1)`, convert float64 observations only with `.astype(np.float32)` (uint8 frames stay), and leave `truncated` out.»
    ### BEGIN SOLUTION
    obs, next_obs = np.asarray(obs), np.asarray(next_obs)
    # «신경망은 float32를 씁니다. uint8 화면은 메모리를 아끼려고 그대로 둡니다|Networks use float32; uint8 frames stay uint8 to save memory».
    if obs.dtype == np.float64:
        obs, next_obs = obs.astype(np.float32), next_obs.astype(np.float32)
    num_envs = obs.shape[0]
    return Experience(
        obs=obs,
        action=np.asarray(action, dtype=np.int64).reshape(num_envs, 1),
        next_obs=next_obs,
        reward=np.asarray(reward, dtype=np.float32).reshape(num_envs, 1),
        terminated=np.asarray(terminated, dtype=np.float32).reshape(num_envs, 1),
    )
    ### END SOLUTION
'''))

course.md(
    ko="""
### 검사

`check_experience`는 여러분의 `Experience`와 `to_experience`에 여러 가지 입력을 넣어 보고 필드 순서, 모양,
자료형, 그리고 `truncated`를 `terminated`에 섞지 않았는지를 확인합니다. 틀린 곳이 있으면 무엇을 고쳐야 하는지
알려 줍니다.
""",
    en="""
### Check

`check_experience` feeds your `Experience` and `to_experience` various inputs and checks the field
order, the shapes, the dtypes, and that `truncated` is not mixed into `terminated`. If something is
off, it tells you what to fix.
""",
)

course.code(**bi(r'''
# NBVAL_CHECK_OUTPUT
from dqn_teach.checks import check_experience

result = check_experience(Experience, to_experience, lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 6. 패키지의 `Experience`로 실제 경험 모으기

여기서부터는 검증된 패키지 버전 `dqn_teach.experience.Experience`와 `make_experience`를 씁니다.
`make_experience(obs, action, next_obs, reward, terminated)`는 여러분의 `to_experience`와 같은 일을 하되
`truncated` 인자가 아예 없습니다. 실수로 섞을 길을 막아 둔 것입니다.

환경 4개를 250 스텝 동안 무작위로 돌리며 자동 리셋 행을 빼고 전이를 모아 봅니다. 이 목록이 노트북 02에서
만들 리플레이 버퍼(replay buffer)에 들어갈 재료입니다.
""",
    en=r"""
## 6. Collect real experience with the package's `Experience`

From here on we use the tested package versions `dqn_teach.experience.Experience` and
`make_experience`. `make_experience(obs, action, next_obs, reward, terminated)` does what your
`to_experience` does, but has no `truncated` argument at all, so there is no way to mix it in by accident.

Run 4 environments for 250 steps with random actions and collect the transitions, leaving out the
autoreset rows. This is what goes into the replay buffer of notebook 02.
""",
)

course.code(
    ko="""
# NBVAL_CHECK_OUTPUT
from dqn_teach.experience import Experience, make_experience

envs = gym.make_vec("CartPole-v1", num_envs=4, vectorization_mode="sync")
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(envs.num_envs, dtype=bool)
stored, skipped_autoreset, terminations = [], 0, 0
for _ in range(250):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, info = envs.step(action)
    # truncated는 넣지 않습니다.
    experience = make_experience(obs, action, next_obs, reward, terminated)
    is_transition = ~episode_over  # 자동 리셋 행은 전이가 아닙니다
    stored.append(Experience(*(field[is_transition] for field in experience)))
    skipped_autoreset += int(episode_over.sum())
    terminations += int((terminated & is_transition).sum())
    episode_over = terminated | truncated  # 리셋 여부는 둘 다 보고 판단합니다
    obs = next_obs
envs.close()

print("한 스텝의 Experience:", {name: value.shape for name, value in experience._asdict().items()})
print(f"step 호출 250번 × 환경 4개 = {250 * 4}행")
print(f"저장한 전이 {sum(len(e.obs) for e in stored)}개, 버린 자동 리셋 행 {skipped_autoreset}개, "
      f"그중 종료된 전이 {terminations}개")
""",
    en="""
# NBVAL_CHECK_OUTPUT
from dqn_teach.experience import Experience, make_experience

envs = gym.make_vec("CartPole-v1", num_envs=4, vectorization_mode="sync")
obs, info = envs.reset(seed=0)
envs.action_space.seed(0)
episode_over = np.zeros(envs.num_envs, dtype=bool)
stored, skipped_autoreset, terminations = [], 0, 0
for _ in range(250):
    action = envs.action_space.sample()
    next_obs, reward, terminated, truncated, info = envs.step(action)
    # truncated does not go in.
    experience = make_experience(obs, action, next_obs, reward, terminated)
    is_transition = ~episode_over  # autoreset rows are not transitions
    stored.append(Experience(*(field[is_transition] for field in experience)))
    skipped_autoreset += int(episode_over.sum())
    terminations += int((terminated & is_transition).sum())
    episode_over = terminated | truncated  # reset on either flag
    obs = next_obs
envs.close()

print("one step's Experience:", {name: value.shape for name, value in experience._asdict().items()})
print(f"250 step calls × 4 envs = {250 * 4} rows")
print(f"stored {sum(len(e.obs) for e in stored)} transitions, "
      f"skipped {skipped_autoreset} autoreset rows, of the stored {terminations} terminated")
""",
)

course.md(
    ko=r"""
## 요약

- 전이는 $(s_t, a_t, r_{t+1}, s_{t+1}, d_{t+1})$이고, $d$는 TD 타깃 $y = r + \gamma (1-d) \max_{a'} Q(s', a')$에서
  부트스트래핑을 멈출지 정합니다.
- `terminated`는 문제가 끝났다는 뜻이고, `truncated`는 시간 제한으로 잘렸다는 뜻입니다. **저장은
  `terminated`만, 리셋은 둘 중 하나라도 True일 때** 합니다. 원래 노트북의 `terminated = terminated | truncated`는
  완벽한 에피소드의 마지막 타깃을 100에서 1로 바꾸고, 시각이 없는 관측에 모순된 정답을 줍니다.
- 모양 규칙: 관측은 `(num_envs, *obs_shape)`, 행동·보상·종료는 `(num_envs, 1)` 열입니다. `(batch,)`와
  `(batch, 1)`을 섞으면 오류 없이 `(batch, batch)`가 됩니다.
- gymnasium 1.0 이상의 벡터 환경은 에피소드가 끝난 **다음** 스텝에 자동 리셋합니다. 그 행은 전이가 아니므로
  저장하지 않습니다.
- 이제부터는 `dqn_teach.experience.Experience`와 `make_experience`를 씁니다.

## 연습 문제

1. (개념) 시간 제한을 종료로 다뤄도 **맞는** 경우가 있습니다. 어떤 경우일까요? 힌트: 남은 시간이 관측에
   들어 있거나, 과제가 정말로 그 시각에 끝나는 경우를 생각해 보세요.
2. (코딩) 위의 완벽한 에피소드에서 관측에 남은 시간 `(500 - t) / 500`을 다섯 번째 성분으로 붙이고,
   `twin_step`을 다시 찾아 보세요. 이제 두 관측은 여전히 "거의 같은" 입력인가요? 이것이 1번의 답과 어떻게
   이어지나요?
3. (코딩) `terminated`와 `truncated`가 각각 `(steps, num_envs)` 모양의 bool 배열로 주어질 때, 각 행을
   저장할지 말지를 나타내는 같은 모양의 `store_mask`를 반복문 없이 계산하는 함수를 작성하고, 4절의 그림과
   비교해 확인해 보세요.
4. (코딩) `gym.make_vec(..., vector_kwargs={"autoreset_mode": gym.vector.AutoresetMode.SAME_STEP})`로
   만들면 무엇이 달라지나요? 에피소드가 끝난 스텝의 `next_obs`와 `info`를 출력해 보고, 이 모드에서 올바른
   `Experience`를 만들려면 `next_obs` 대신 무엇을 써야 하는지 찾아보세요.
5. (개념) `reward`와 `terminated`를 `(num_envs,)`가 아니라 `(num_envs, 1)`로 저장하기로 한 이유를,
   노트북 04에서 만들 TD 타깃의 모양 `(B, 1)`과 연결해 설명해 보세요.
""",
    en=r"""
## Summary

- A transition is $(s_t, a_t, r_{t+1}, s_{t+1}, d_{t+1})$; $d$ decides whether the TD target
  $y = r + \gamma (1-d) \max_{a'} Q(s', a')$ stops bootstrapping.
- `terminated` means the problem ended; `truncated` means a time limit cut the episode. **Store
  `terminated` only; reset when either is True.** The original notebook's
  `terminated = terminated | truncated` turns the last target of a perfect episode from 100 into 1 and
  gives contradictory answers for observations that carry no time.
- Shapes: observations are `(num_envs, *obs_shape)`; actions, rewards and terminations are
  `(num_envs, 1)` columns. Mixing `(batch,)` and `(batch, 1)` silently makes `(batch, batch)`.
- gymnasium ≥ 1.0 vector environments autoreset on the step **after** an episode ends. That row is not
  a transition; do not store it.
- From now on we use `dqn_teach.experience.Experience` and `make_experience`.

## Exercises

1. (Concept) Sometimes treating a time limit as a termination is **right**. When? Hint: think of the
   remaining time being part of the observation, or of a task that really ends at that moment.
2. (Code) Append the remaining time `(500 - t) / 500` to the perfect episode's observations as a fifth
   component and search for `twin_step` again. Are the two observations still "almost the same" input?
   How does that connect to exercise 1?
3. (Code) Given `terminated` and `truncated` as bool arrays of shape `(steps, num_envs)`, write a
   loop-free function that returns a `store_mask` of the same shape saying which rows to store, and
   check it against the figure of section 4.
4. (Code) What changes with
   `gym.make_vec(..., vector_kwargs={"autoreset_mode": gym.vector.AutoresetMode.SAME_STEP})`? Print
   `next_obs` and `info` at an ending step, and find what you must use instead of `next_obs` to build a
   correct `Experience` in this mode.
5. (Concept) Explain why `reward` and `terminated` are stored as `(num_envs, 1)` rather than
   `(num_envs,)`, in terms of the `(B, 1)` TD target of notebook 04.
""",
)
