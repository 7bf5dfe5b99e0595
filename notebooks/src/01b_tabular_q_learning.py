"""Notebook 01b: tabular Q-learning, the algorithm DQN approximates (CliffWalking, SARSA vs
Q-learning, off-policy learning from stored data, why a table is not enough)."""

from tools.nbbuild import Course, bi

course = Course("01b_tabular_q_learning")

course.md(
    ko=r"""
# 01b. 표로 배우는 Q-러닝: DQN이 흉내 내는 알고리즘

DQN의 이름은 *Deep Q-Network*입니다. "Deep"은 신경망(neural network)이고, "Q"는 1989년 Watkins가 만든
Q-러닝(Q-learning) 알고리즘입니다. 신경망을 붙이기 전에, 이 노트북에서는 Q 값(Q-value)을 그냥 **표**에 적어 두는
가장 단순한 Q-러닝을 직접 만들어 봅니다. 상태(state)가 48개뿐인 작은 환경(environment)에서는 표 하나로 충분하고,
모든 것을 눈으로 볼 수 있습니다.

여기서 배우는 세 가지가 DQN 전체를 떠받칩니다. 벨만 최적 방정식(Bellman optimality equation)에서 나온 **갱신 규칙**,
여러분이 직접 쓰는 **환경 루프**, 그리고 Q-러닝이 오프폴리시(off-policy) 알고리즘이라는 사실입니다. 마지막 것이 있어야
02의 리플레이 버퍼(replay buffer)처럼 *예전 정책(policy)이 모은 데이터*로 학습하는 것이 정당해집니다.

## 학습 목표

- 벨만 최적 방정식과 Q-러닝 갱신 규칙 $Q(s,a) \leftarrow Q(s,a) + \alpha\,[\,r + \gamma \max_{a'} Q(s',a') - Q(s,a)\,]$을
  설명할 수 있습니다.
- 갱신 규칙과 환경 루프(reset → 행동(action) 선택 → step → 갱신, `terminated`/`truncated` 처리)를 직접 작성합니다.
- 온폴리시(on-policy) SARSA와 오프폴리시 Q-러닝이 CliffWalking에서 왜 서로 다른 길을 배우는지 설명할 수 있습니다.
- 다른 정책이 모아 둔 데이터만으로 Q-러닝이 최적 경로를 배우는 것을 보고, 이것이 경험 재현(experience replay)과 어떻게 이어지는지 말할 수 있습니다.
- 표가 CartPole과 Atari에서 통하지 않는 이유, 그리고 신경망으로 바꾼 Q-러닝이 불안정해지는 두 가지 이유
  (상관된 샘플, 움직이는 타깃)를 설명할 수 있습니다.
""",
    en=r"""
# 01b. Tabular Q-learning: the algorithm DQN approximates

DQN stands for *Deep Q-Network*. "Deep" is the neural network; "Q" is **Q-learning**, Watkins's algorithm
from 1989. Before any network, this notebook builds the simplest Q-learning there is: the Q-values
written down in a **table**. In a small environment with 48 states a table is enough, and everything
can be seen.

Three things learned here carry the whole of DQN: the **update rule** that comes from the Bellman
optimality equation, the **environment loop**, which you write yourself, and the fact that Q-learning
is **off-policy**. The last one is what makes it legitimate to learn from *data an older policy
collected*, as the replay buffer of notebook 02 does.

## Learning goals

- Explain the Bellman optimality equation and the Q-learning update
  $Q(s,a) \leftarrow Q(s,a) + \alpha\,[\,r + \gamma \max_{a'} Q(s',a') - Q(s,a)\,]$.
- Write the update rule and the environment loop yourself (reset → act → step → update, handling
  `terminated` and `truncated`).
- Explain why on-policy SARSA and off-policy Q-learning learn different paths on CliffWalking.
- Watch Q-learning learn the optimal path from data another policy collected, and connect that to
  experience replay.
- Explain why a table cannot work for CartPole or Atari, and the two reasons Q-learning with a neural
  network becomes unstable (correlated samples, moving targets).
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np

from dqn_teach.i18n import tr
from dqn_teach.tabular import epsilon_greedy, plot_grid_values
''')

course.md(
    ko=r"""
## 1. CliffWalking: 절벽 옆을 걷는 격자 세계

gymnasium의 `CliffWalking-v1`은 4 × 12 격자입니다. 에이전트(agent)는 왼쪽 아래 출발점(상태 36)에서 오른쪽 아래
목표(상태 47)까지 걸어갑니다. 그 사이 맨 아래 줄(상태 37~46)은 **절벽**입니다.

- 행동은 4개: 0 위, 1 오른쪽, 2 아래, 3 왼쪽. 상태는 칸 번호 `행 × 12 + 열`입니다.
- 한 스텝마다 보상(reward) −1. 그래서 빨리 도착할수록 좋습니다.
- 절벽에 들어가면 보상 −100을 받고 **출발점으로 돌아갑니다.** 에피소드(episode)는 끝나지 않습니다.
- 목표에 닿으면 에피소드가 종료(termination)됩니다: `terminated=True`.

가장 짧은 길은 절벽 바로 위 줄을 따라가는 13스텝(반환값(return) −13)입니다. 하지만 한 번만 헛디뎌도 −100입니다.
""",
    en=r"""
## 1. CliffWalking: a grid world next to a cliff

gymnasium's `CliffWalking-v1` is a 4 × 12 grid. The agent walks from the start at the bottom left
(state 36) to the goal at the bottom right (state 47). Between them, the bottom row (states 37-46) is
a **cliff**.

- 4 actions: 0 up, 1 right, 2 down, 3 left. A state is the cell number `row × 12 + column`.
- Every step gives a reward of −1, so arriving sooner is better.
- Stepping into the cliff gives −100 and **sends the agent back to the start**; the episode goes on.
- Reaching the goal terminates the episode: `terminated=True`.

The shortest path follows the row right above the cliff: 13 steps, a return of −13. One slip costs −100.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
env = gym.make("CliffWalking-v1")
print(env.observation_space, env.action_space)  # «상태 48개, 행동 4개|48 states, 4 actions»
obs, info = env.reset(seed=0)
print("reset ->", obs)
for action in [1, 0, 1]:  # «오른쪽(절벽!), 위, 오른쪽|right (the cliff!), up, right»
    next_obs, reward, terminated, truncated, info = env.step(action)
    print(f"s={obs:2d} a={action} -> s'={next_obs:2d} r={reward:4} terminated={terminated} truncated={truncated}")
    obs = next_obs
'''))

course.md(
    ko=r"""
첫 스텝에서 오른쪽으로 가자 절벽에 떨어져 −100을 받고 출발점 36으로 돌아왔습니다. `terminated`는 False입니다.
이 환경에는 시간 제한이 없으므로 `truncated`도 늘 False이지만, 뒤에서 `max_episode_steps`로 시간 제한을 걸면
01에서 배운 중단(truncation)이 생깁니다.

## 2. 벨만 최적 방정식과 Q-러닝

**최적 행동 가치** $Q^*(s, a)$는 상태 $s$에서 행동 $a$를 한 뒤 그다음부터 가장 잘 행동했을 때 받을 반환값의
기댓값입니다. 이 값은 자기 자신에 대한 방정식, **벨만 최적 방정식**을 만족합니다.

$$
Q^*(s, a) = \mathbb{E}\left[\, r + \gamma \max_{a'} Q^*(s', a') \;\middle|\; s, a \right]
$$

"지금 받는 보상 + 다음 상태에서 가장 좋은 행동의 가치"라는 뜻입니다. 에피소드가 끝난 뒤에는 받을 보상이 없으므로
$s'$가 종료 상태이면 $\max_{a'} Q^*(s', a')$ 자리에 0이 들어갑니다. $Q^*$를 알면 최적 정책은 간단합니다:
$\pi^*(s) = \arg\max_a Q^*(s, a)$.

우리는 $Q^*$도, 기댓값을 계산할 환경의 확률도 모릅니다. **Q-러닝**은 전이(transition) 하나 $(s, a, r, s', d)$를
겪을 때마다 그 한 표본으로 오른쪽을 근사하고, 표의 값을 그쪽으로 조금 옮깁니다.

$$
\underbrace{y = r + \gamma\,(1 - d)\,\max_{a'} Q(s', a')}_{\text{TD target}}
\qquad
Q(s, a) \leftarrow Q(s, a) + \alpha\,\bigl(\,y - Q(s, a)\,\bigr)
$$

- $y$가 TD 타깃(TD target), $y - Q(s,a)$가 TD 오차(TD error)입니다. 04에서 DQN의 신경망이 맞추려는 값과 **똑같은 식**입니다.
- $d$는 `terminated`입니다. 종료된 전이에서는 미래를 더하지 않습니다. 시간 제한으로 잘렸을 뿐이면($d = 0$)
  다음 상태의 가치를 그대로 더합니다. 01에서 본 규칙 그대로입니다.
- $\alpha \in (0, 1]$는 학습률(learning rate)입니다. 한 표본은 잡음이 섞여 있으니 타깃으로 바로 바꾸지 않고 조금만 다가갑니다.
- 할인율(discount factor) $\gamma$: CliffWalking은 에피소드가 반드시 끝나는 과제이므로 이 노트북에서는 $\gamma = 1$도 씁니다.

표본으로 기댓값을 근사하고, 추정값 $Q(s', \cdot)$로 타깃을 만드는 것을 부트스트래핑(bootstrapping)이라고 합니다.
모든 (상태, 행동) 쌍을 계속 방문하고 $\alpha$를 적절히 줄이면 표 형태의 Q-러닝은 $Q^*$로 수렴한다는 것이
증명되어 있습니다(Watkins & Dayan, 1992).
""",
    en=r"""
The first step went right, fell off the cliff (−100) and came back to the start, 36; `terminated` is
False. This environment has no time limit, so `truncated` is always False too; later we add one with
`max_episode_steps`, and notebook 01's truncation appears.

## 2. The Bellman optimality equation and Q-learning

The **optimal action value** $Q^*(s, a)$ is the expected return after taking action $a$ in state $s$
and acting optimally from then on. It satisfies an equation about itself, the **Bellman optimality
equation**:

$$
Q^*(s, a) = \mathbb{E}\left[\, r + \gamma \max_{a'} Q^*(s', a') \;\middle|\; s, a \right]
$$

"The reward now, plus the value of the best action in the next state." After the episode ends there
is nothing more to earn, so when $s'$ is terminal the $\max_{a'} Q^*(s', a')$ term is 0. Knowing $Q^*$
makes the optimal policy simple: $\pi^*(s) = \arg\max_a Q^*(s, a)$.

We know neither $Q^*$ nor the environment's probabilities needed for the expectation. **Q-learning**
uses each transition $(s, a, r, s', d)$ it experiences as a one-sample estimate of the right-hand side,
and moves the table a little toward it:

$$
\underbrace{y = r + \gamma\,(1 - d)\,\max_{a'} Q(s', a')}_{\text{TD target}}
\qquad
Q(s, a) \leftarrow Q(s, a) + \alpha\,\bigl(\,y - Q(s, a)\,\bigr)
$$

- $y$ is the TD target and $y - Q(s,a)$ the TD error. It is **exactly the formula** DQN's network
  is trained toward in notebook 04.
- $d$ is `terminated`: a terminated transition adds no future. A transition cut by a time limit
  ($d = 0$) still adds the next state's value, the rule of notebook 01.
- $\alpha \in (0, 1]$ is the learning rate (step size). One sample is noisy, so we move only part of the
  way toward the target.
- The discount factor $\gamma$: CliffWalking's episodes always end, so this notebook also uses $\gamma = 1$.

Estimating an expectation from samples, with a target built from the current estimate $Q(s', \cdot)$,
is called bootstrapping. If every (state, action) pair keeps being visited and $\alpha$ decays
suitably, tabular Q-learning provably converges to $Q^*$ (Watkins & Dayan, 1992).
""",
)

course.md(
    ko=r"""
### 먼저 예측해 보세요

표가 모두 0이고, 에이전트가 출발점 36에서 오른쪽(행동 1)으로 가서 절벽에 떨어졌습니다: $r = -100$, $s' = 36$,
`terminated=False`. $\alpha = 0.5$, $\gamma = 1$입니다.

1. 한 번 갱신한 뒤 $Q(36, 1)$은 얼마일까요?
2. 똑같은 일이 한 번 더 일어나면 $Q(36, 1)$은 얼마가 될까요? (힌트: 이번에는 $\max_{a'} Q(36, a')$이 무엇인지 생각해 보세요.)

아래 셀에 예측을 적고 실행한 다음, 그 아래 셀로 확인하세요.
""",
    en=r"""
### Predict first

The table is all zeros. From the start, 36, the agent goes right (action 1) into the cliff: $r = -100$,
$s' = 36$, `terminated=False`, with $\alpha = 0.5$ and $\gamma = 1$.

1. What is $Q(36, 1)$ after one update?
2. If exactly the same thing happens again, what is $Q(36, 1)$? (Think about what $\max_{a'} Q(36, a')$ is now.)

Write your prediction in the cell below and run it, then run the cell after it to find out.
""",
)

course.code(**bi('''
# «예측을 적으세요 (숫자 두 개)|Your prediction (two numbers)»
my_prediction = (None, None)
'''))

course.code(**bi('''
from dqn_teach.tabular import q_learning_update as package_update

q_table = np.zeros((48, 4))
for attempt in (1, 2):
    package_update(q_table, obs=36, action=1, reward=-100.0, next_obs=36, terminated=False, alpha=0.5, gamma=1.0)
    print(tr(LANG, f"{attempt}번째 갱신 뒤 Q(36, 1) =", f"after update {attempt}: Q(36, 1) ="), q_table[36, 1],
          tr(LANG, "| 예측:", "| predicted:"), my_prediction[attempt - 1])
'''))

course.md(
    ko=r"""
첫 갱신: $0 + 0.5\,(-100 + 1 \cdot 0 - 0) = -50$. 두 번째에는 $\max_{a'} Q(36, a')$가 여전히 0입니다. 다른 세
행동의 값이 0이기 때문입니다. 그래서 $-50 + 0.5\,(-100 + 0 + 50) = -75$. 타깃은 다음 상태에서 **가장 좋은**
행동을 보므로, 방금 한 나쁜 행동의 값이 타깃에 스며들지 않습니다.

### 직접 만들기: `q_learning_update`

표 `q_table`(모양 `(상태 수, 행동 수)`)을 **제자리에서** 고칩니다. 바뀌는 칸은 `q_table[obs, action]` 하나뿐입니다.
""",
    en=r"""
First update: $0 + 0.5\,(-100 + 1 \cdot 0 - 0) = -50$. On the second, $\max_{a'} Q(36, a')$ is still 0,
because the other three actions are still worth 0, so $-50 + 0.5\,(-100 + 0 + 50) = -75$. The target
looks at the **best** next action, so the value of the bad action just taken does not leak into it.

### Build it: `q_learning_update`

Change the table `q_table` (shape `(num_states, num_actions)`) **in place**. Exactly one cell changes:
`q_table[obs, action]`.
""",
)

course.code(**bi('''
def q_learning_update(q_table: np.ndarray, obs: int, action: int, reward: float, next_obs: int,
                      terminated: bool, alpha: float, gamma: float) -> None:
    """«Q[s,a]를 TD 타깃 r + γ(1 − terminated) max_a' Q[s',a'] 쪽으로 α만큼 옮깁니다 (제자리).|Move Q[s,a] a step α toward the TD target r + γ(1 − terminated) max_a' Q[s',a'] (in place).»"""
    # HINT: «`target = reward + gamma * (1 - terminated) * q_table[next_obs].max()`를 계산하고 `q_table[obs, action] += alpha * (target - q_table[obs, action])`로 그 칸만 고치세요.|Compute `target = reward + gamma * (1 - terminated) * q_table[next_obs].max()`, then change that one cell with `q_table[obs, action] += alpha * (target - q_table[obs, action])`.»
    ### BEGIN SOLUTION
    future = 0.0 if terminated else q_table[next_obs].max()
    target = reward + gamma * future
    q_table[obs, action] += alpha * (target - q_table[obs, action])
    ### END SOLUTION
'''))

course.md(
    ko=r"""
`check_q_learning_update`는 손으로 계산한 세 가지 갱신(보통의 전이, 종료된 전이, 다른 $\alpha$와 $\gamma$)을
비교하고, 표의 다른 칸이 바뀌지 않았는지 봅니다. 틀리면 흔한 실수(종료 마스크 빠뜨리기, $\max$ 대신 같은 행동의
값, $\alpha$ 없이 덮어쓰기 …) 중 무엇인지 알려 줍니다.
""",
    en=r"""
`check_q_learning_update` compares three hand-computed updates (an ordinary transition, a terminated
one, another $\alpha$ and $\gamma$) and checks that no other cell of the table changed. When something is
wrong it names the usual mistake (no terminal mask, the same action's value instead of the $\max$,
overwriting without $\alpha$, …).
""",
)

course.code(**bi('''
from dqn_teach.checks import check_q_learning_update

check_q_learning_update(q_learning_update, lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 3. 직접 만들기: 환경 루프

이번에는 에피소드 하나를 처음부터 끝까지 돌리는 루프를 씁니다. 강화학습(reinforcement learning) 코드는 거의 모두
이 모양이고, 06의 DQN 학습 루프도 같은 뼈대 위에 올라갑니다. 코드 힌트는 없습니다. 필요한 것은 모두 위에 있습니다.

`run_q_learning_episode(env, q_table, alpha, gamma, epsilon, rng)`는

1. 환경을 리셋해 첫 상태를 받고,
2. 매 스텝 입실론-탐욕 정책(ε-greedy policy)으로 행동을 고르고 — `epsilon_greedy(q_table[obs], epsilon, rng)`가
   확률 ε로 무작위 행동, 나머지는 탐욕 행동(greedy action)을 돌려줍니다(03에서 자세히 만듭니다) —
3. 환경을 한 스텝 진행하고, 방금 만든 `q_learning_update`로 표를 고치고,
4. 에피소드가 **끝나면**(어떤 경우에 끝나는지 01을 떠올리세요) 멈춘 뒤,
5. 에피소드에서 받은 보상의 합(할인하지 않은 반환값)을 돌려줍니다.

조심할 점 두 가지: 갱신에 넘기는 종료 플래그는 무엇이어야 할까요? 그리고 다음 스텝은 어느 상태에서 시작하나요?
""",
    en=r"""
## 3. Build it: the environment loop

Now write the loop that plays one episode from start to end. Nearly all reinforcement learning code
has this shape, and notebook 06's DQN training loop is built on the same skeleton. No code hint this
time: everything you need is above.

`run_q_learning_episode(env, q_table, alpha, gamma, epsilon, rng)`

1. resets the environment to get the first state,
2. at every step picks an action with the ε-greedy policy — `epsilon_greedy(q_table[obs], epsilon, rng)`
   returns a random action with probability ε and the greedy action otherwise (notebook 03 builds it
   properly) —
3. steps the environment and updates the table with your `q_learning_update`,
4. stops when the episode is **over** (recall from notebook 01 when that is), and
5. returns the sum of the rewards of the episode (the undiscounted return).

Two things to watch: which end-of-episode flag goes into the update? And which state does the next
step start from?
""",
)

course.code(**bi('''
def run_q_learning_episode(env: gym.Env, q_table: np.ndarray, alpha: float, gamma: float,
                           epsilon: float, rng: np.random.Generator) -> float:
    """«ε-탐욕 Q-러닝 에피소드 하나를 돌리며 q_table을 고치고, 보상의 합을 반환합니다.|Play one ε-greedy Q-learning episode, updating q_table; return the sum of rewards.»"""
    ### BEGIN SOLUTION
    obs, info = env.reset()
    episode_return, done = 0.0, False
    while not done:
        action = epsilon_greedy(q_table[obs], epsilon, rng)
        next_obs, reward, terminated, truncated, info = env.step(action)
        # «시간 제한(truncated)은 끝이 아니므로 terminated만 넘깁니다|a time limit is not an ending: pass terminated only»
        q_learning_update(q_table, obs, action, reward, next_obs, terminated, alpha, gamma)
        episode_return += reward
        obs, done = next_obs, terminated or truncated
    return float(episode_return)
    ### END SOLUTION
'''))

course.md(
    ko=r"""
`check_q_learning_episode`는 여러분의 루프를 진짜 CliffWalking에서 돌립니다. 탐욕 경로가 목표로 가도록 미리 정해
둔 표로 (1) 목표에 도착해 종료되는 13스텝 에피소드, (2) `max_episode_steps=4`로 잘리는 에피소드를 돌려 표 전체를
패키지의 구현과 비교하고, (3) ε = 1이면 정말 무작위로 움직이는지 봅니다. 에피소드가 끝났는데 `step`을 또 부르거나
`reset` 없이 시작하면 그 자리에서 알려 줍니다.
""",
    en=r"""
`check_q_learning_episode` runs your loop on the real CliffWalking. With a table set up so that the
greedy path leads to the goal, it plays (1) a 13-step episode that terminates at the goal and (2) an
episode cut by `max_episode_steps=4`, and compares the whole table with the package's; (3) it checks
that ε = 1 really moves at random. Stepping after the episode is over, or starting without `reset`,
is reported on the spot.
""",
)

course.code(**bi('''
from dqn_teach.checks import check_q_learning_episode

check_q_learning_episode(run_q_learning_episode, lang="«ko|en»")
'''))

course.md(
    ko=r"""
여러분의 루프로 500 에피소드를 학습해 봅니다($\alpha = 0.1$, $\gamma = 1$, ε = 0.1). 그다음부터는 같은 일을 하는
패키지의 `dqn_teach.tabular`를 씁니다(`train`, `greedy_path`, SARSA까지 들어 있습니다).
""",
    en=r"""
Train for 500 episodes with your loop ($\alpha = 0.1$, $\gamma = 1$, ε = 0.1). After that we use the package's
`dqn_teach.tabular`, which does the same (with `train`, `greedy_path`, and SARSA too).
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
rng = np.random.default_rng(0)
env.reset(seed=0)
q_table = np.zeros((48, 4))
returns = [run_q_learning_episode(env, q_table, alpha=0.1, gamma=1.0, epsilon=0.1, rng=rng) for _ in range(500)]
print(tr(LANG, "처음 10 에피소드 평균 반환값:", "mean return, first 10 episodes:"), np.mean(returns[:10]))
print(tr(LANG, "마지막 100 에피소드 평균 반환값:", "mean return, last 100 episodes:"), np.mean(returns[-100:]))
print(tr(LANG, "출발점의 Q 값:", "Q-values at the start:"), q_table[36].round(1))
'''))

course.code('''
from dqn_teach.tabular import greedy_path, new_q_table, q_learning_update, train
''')

course.md(
    ko=r"""
## 4. 온폴리시 SARSA와 오프폴리시 Q-러닝

Q-러닝의 타깃은 다음 상태에서 **실제로 할 행동과 상관없이** 가장 좋은 행동의 값 $\max_{a'} Q(s', a')$를 씁니다.
이와 달리 **SARSA**는 에이전트가 다음 상태에서 실제로 고른 행동 $a'$의 값을 씁니다. 이름도
$(s, a, r, s', a')$에서 왔습니다.

$$
\text{SARSA:}\quad Q(s, a) \leftarrow Q(s, a) + \alpha\,\bigl(\,r + \gamma\,(1-d)\,Q(s', a') - Q(s, a)\,\bigr)
$$

차이는 한 글자지만 뜻은 큽니다. 데이터를 모으는 정책을 행동 정책(behavior policy), 값을 배우려는 정책을
목표 정책(target policy)이라고 부릅시다.

- SARSA는 **온폴리시**입니다. 두 정책이 같습니다. ε-탐욕으로 움직이면 ε-탐욕 정책의 가치를 배웁니다. 가끔 무작위로 헛디디는 것까지 값에 들어갑니다.
- Q-러닝은 **오프폴리시**입니다. ε-탐욕으로 움직여도 $\max$ 덕분에 **탐욕 정책**의 가치를 배웁니다. 목표 정책이 행동 정책과 다릅니다.

### 예측해 보세요

두 알고리즘을 같은 조건(ε = 0.1, $\alpha = 0.1$, 500 에피소드, 시드(seed) 5개)로 학습합니다.

1. 학습하는 **동안**(ε = 0.1로 움직이는 동안) 에피소드당 반환값이 더 높은 쪽은 어느 쪽일까요?
2. 학습이 끝난 뒤 탐욕 정책(ε = 0)이 가는 길은 각각 어디일까요? 절벽 바로 위? 더 위?
""",
    en=r"""
## 4. On-policy SARSA and off-policy Q-learning

Q-learning's target uses the value of the best next action, $\max_{a'} Q(s', a')$, **whatever the
agent actually does next**. **SARSA** instead uses the value of the action $a'$ the agent really picks
in the next state; its name comes from $(s, a, r, s', a')$:

$$
\text{SARSA:}\quad Q(s, a) \leftarrow Q(s, a) + \alpha\,\bigl(\,r + \gamma\,(1-d)\,Q(s', a') - Q(s, a)\,\bigr)
$$

One symbol apart, a big difference in meaning. Call the policy that collects the data the **behavior
policy** and the policy whose values are learned the **target policy**.

- SARSA is **on-policy**: the two are the same. Acting ε-greedily, it learns the value of the ε-greedy policy, occasional random slips included.
- Q-learning is **off-policy**: acting ε-greedily, it still learns the value of the **greedy** policy, thanks to the $\max$. The target policy differs from the behavior policy.

### Predict

Both algorithms are trained under the same conditions (ε = 0.1, $\alpha = 0.1$, 500 episodes, 5 seeds).

1. **While learning** (acting with ε = 0.1), which one earns the higher return per episode?
2. After training, which path does each greedy policy (ε = 0) take? Right above the cliff, or further up?
""",
)

course.code(**bi('''
# «예측을 적으세요|Your prediction»
my_prediction = {"«학습 중 반환값이 더 높은 쪽|higher return while learning»": "?", "«Q-러닝의 탐욕 경로|Q-learning's greedy path»": "?", "«SARSA의 탐욕 경로|SARSA's greedy path»": "?"}
'''))

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
seeds = range(5)
runs = {algorithm: [train(gym.make("CliffWalking-v1"), algorithm, num_episodes=500, alpha=0.1, epsilon=0.1, seed=seed)
                    for seed in seeds]
        for algorithm in ("q_learning", "sarsa")}
for algorithm, algorithm_runs in runs.items():
    last_100 = np.mean([run.returns[-100:].mean() for run in algorithm_runs])
    path_lengths = [len(greedy_path(gym.make("CliffWalking-v1"), run.q_table)) - 1 for run in algorithm_runs]
    print(f"{algorithm:>10}: {tr(LANG, '마지막 100 에피소드 평균 반환값', 'mean return of the last 100 episodes')} "
          f"{last_100:6.1f} | {tr(LANG, '탐욕 경로 길이(시드별)', 'greedy path length per seed')} {path_lengths}")
'''))

course.code(**bi('''
fig = plt.figure(figsize=(12, 6.4), layout="constrained")
grid = fig.add_gridspec(2, 2, height_ratios=[1.1, 1])
ax_returns = fig.add_subplot(grid[0, :])
window = 20
names = {"q_learning": tr(LANG, "Q-러닝 (오프폴리시)", "Q-learning (off-policy)"),
         "sarsa": tr(LANG, "SARSA (온폴리시)", "SARSA (on-policy)")}
for algorithm, algorithm_runs in runs.items():
    returns = np.array([run.returns for run in algorithm_runs])  # (seeds, episodes)
    smoothed = np.array([np.convolve(r, np.ones(window) / window, mode="valid") for r in returns])
    episodes = np.arange(window, returns.shape[1] + 1)
    ax_returns.plot(episodes, smoothed.mean(axis=0), label=names[algorithm])
    ax_returns.fill_between(episodes, smoothed.min(axis=0), smoothed.max(axis=0), alpha=0.2)
ax_returns.axhline(-13, color="gray", linestyle="--", linewidth=1)
ax_returns.text(500, -11, tr(LANG, "최적 −13", "optimal −13"), ha="right", fontsize=8)
ax_returns.set_ylim(-120, 0)
ax_returns.set_xlabel(tr(LANG, "에피소드", "episode"))
ax_returns.set_ylabel(tr(LANG, f"반환값 ({window} 에피소드 이동 평균)", f"return ({window}-episode moving average)"))
ax_returns.set_title(tr(LANG, "학습 중 반환값 (ε = 0.1, 시드 5개의 평균과 최소~최대)",
                        "Returns while learning (ε = 0.1; mean and min-max over 5 seeds)"))
ax_returns.legend(loc="lower right")
for column, algorithm in enumerate(runs):
    q_table = runs[algorithm][0].q_table
    ax = fig.add_subplot(grid[1, column])
    plot_grid_values(ax, q_table, path=greedy_path(gym.make("CliffWalking-v1"), q_table),
                     title=names[algorithm] + tr(LANG, ": max Q와 탐욕 경로 (시드 0)", ": max Q and greedy path (seed 0)"))
plt.show()
'''))

course.md(
    ko=r"""
위의 숫자와 그림이 이 절의 답입니다.

- **학습 중 반환값은 SARSA가 더 높습니다**(마지막 100 에피소드 평균 약 −22 대 −48). Q-러닝은 절벽 바로 위의 최적
  경로를 걷는데, ε = 0.1로 가끔 무작위로 움직이다 보면 절벽에 떨어져 −100을 받습니다.
- **탐욕 경로는 Q-러닝이 최적입니다.** 시드 5개 모두 13스텝, 절벽 바로 위 줄입니다. SARSA는 15스텝으로 한 줄 위를
  돌아갑니다. SARSA는 "나는 가끔 헛디딘다"는 사실까지 배운 것이고, 그 정책에게는 절벽에서 먼 길이 더 안전합니다.

어느 쪽이 "옳은지"는 목적에 달렸습니다. 학습이 끝나면 ε = 0으로 평가(evaluation)하는 DQN에서는 탐욕 정책의 가치를 배우는
Q-러닝이 맞는 선택입니다. 그리고 더 중요한 이유가 다음 절에 있습니다.
""",
    en=r"""
The numbers and the figure above answer the questions.

- **SARSA earns more while learning** (last-100-episode mean about −22 against −48). Q-learning walks
  the optimal path right above the cliff, and with ε = 0.1 a random step now and then drops it in for −100.
- **Q-learning's greedy path is the optimal one**: 13 steps along the cliff on all five seeds. SARSA's
  takes 15 steps, one row further up. SARSA has learned that *it* slips now and then, and for that
  policy the path away from the edge is safer.

Which is "right" depends on the goal. DQN evaluates with ε = 0 after training, so learning the greedy
policy's values, as Q-learning does, is the right choice. The next section gives a more important reason.
""",
)

course.md(
    ko=r"""
## 5. 오프폴리시라서 가능한 일: 남이 모은 데이터로 배우기

Q-러닝의 타깃에는 행동 정책이 들어 있지 않습니다. $(s, a, r, s', d)$만 있으면 **누가, 언제 모은 전이든** 같은 식으로
갱신할 수 있습니다. 그래서 전이를 저장해 두었다가 나중에 무작위 순서로 다시 꺼내 써도 됩니다. 이것이 02의
경험 재현입니다. DQN 논문도 이렇게 말합니다(Mnih et al., 2013, 4절): *"when learning by
experience replay, it is necessary to learn off-policy (because our current parameters are different to those used
to generate the sample), which motivates the choice of Q-learning."*

확인해 봅시다. 학습된 SARSA 표를 **조심스러운 옛 정책**으로 삼아, ε = 0.3으로 10,000 스텝을 움직여 전이를
모읍니다(시간 제한 200 스텝). 이 정책의 탐욕 경로는 15스텝짜리 안전한 길입니다. 그다음 **환경과 더는 상호작용하지
않고**, 저장한 전이를 무작위 순서로 10번 훑으며 Q-러닝 갱신만 합니다.

한 가지 준비: 데이터에 한 번도 나오지 않은 (상태, 행동) 쌍은 갱신되지 않아 초깃값 그대로 남습니다. 0으로 두면
모든 진짜 값(음수)보다 커 보여서, 탐욕 정책이 **아무것도 모르는 행동**을 고르게 됩니다. 그래서 여기서는 표를
−100으로 시작합니다.

### 예측해 보세요

이 데이터로 배운 Q-러닝의 탐욕 경로는 몇 스텝일까요? 데이터를 모은 정책처럼 15스텝일까요, 아니면 13스텝일까요?
""",
    en=r"""
## 5. What off-policy buys: learning from someone else's data

Q-learning's target does not mention the behavior policy. Given $(s, a, r, s', d)$, the update is the
same **whoever collected the transition, and whenever**. So transitions may be stored and drawn again
later in random order: notebook 02's **experience replay**. The DQN paper says so (Mnih et al., 2013,
section 4): *"when learning by experience replay, it is necessary to learn off-policy (because our
current parameters are different to those used to generate the sample), which motivates the choice of
Q-learning."*

Let us check. The trained SARSA table serves as a **cautious old policy**: acting with ε = 0.3 it
collects 10,000 steps of transitions (time limit 200 steps). Its greedy path is the 15-step safe one.
Then, **without touching the environment again**, we sweep over the stored transitions 10 times in
random order, doing nothing but Q-learning updates.

One preparation: a (state, action) pair that never appears in the data is never updated and keeps its
initial value. At 0 it would look better than every true (negative) value, and the greedy policy would
pick **actions it knows nothing about**. So here the table starts at −100.

### Predict

How many steps is the greedy path Q-learning learns from these data? 15, like the policy that
collected them, or 13?
""",
)

course.code(**bi('''
# «예측을 적으세요|Your prediction»
my_prediction = None
'''))

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
old_policy_q = runs["sarsa"][0].q_table  # «조심스러운 옛 정책|the cautious old policy»
rng = np.random.default_rng(0)
collect_env = gym.make("CliffWalking-v1", max_episode_steps=200)
stored = []  # «(s, a, r, s', terminated) 전이 목록: 아주 작은 리플레이 버퍼|list of (s, a, r, s', terminated): a tiny replay buffer»
obs, info = collect_env.reset(seed=0)
for step in range(10_000):
    action = epsilon_greedy(old_policy_q[obs], 0.3, rng)
    next_obs, reward, terminated, truncated, info = collect_env.step(action)
    stored.append((obs, action, reward, next_obs, terminated))
    obs = next_obs
    if terminated or truncated:
        obs, info = collect_env.reset()

replay_q = new_q_table(collect_env, value=-100.0)
for sweep in range(10):
    for index in rng.permutation(len(stored)):  # «무작위 순서로 다시 꺼내기|replay in random order»
        q_learning_update(replay_q, *stored[index], alpha=0.5, gamma=1.0)

old_path = greedy_path(gym.make("CliffWalking-v1"), old_policy_q)
replay_path = greedy_path(gym.make("CliffWalking-v1"), replay_q)
print(tr(LANG, "데이터를 모은 정책의 탐욕 경로:", "greedy path of the data-collecting policy:"), len(old_path) - 1,
      tr(LANG, "스텝", "steps"))
print(tr(LANG, "저장된 데이터로만 배운 Q-러닝의 탐욕 경로:", "greedy path of Q-learning from the stored data only:"),
      len(replay_path) - 1, tr(LANG, "스텝", "steps"))
print(tr(LANG, "출발점의 max Q:", "max Q at the start:"), replay_q[36].max().round(2))
'''))

course.code(**bi('''
fig, (ax_old, ax_replay) = plt.subplots(1, 2, figsize=(12, 2.6), layout="constrained")
plot_grid_values(ax_old, old_policy_q, path=old_path,
                 title=tr(LANG, "데이터를 모은 옛 정책 (SARSA)", "the old policy that collected the data (SARSA)"))
plot_grid_values(ax_replay, replay_q, path=replay_path,
                 title=tr(LANG, "그 데이터만 다시 꺼내 배운 Q-러닝", "Q-learning from replaying those data only"))
plt.show()
'''))

course.md(
    ko=r"""
데이터를 모은 정책은 15스텝 길로 다니지만, 그 데이터만 다시 꺼내 배운 Q-러닝은 13스텝 최적 경로를 찾았고 출발점의
값도 최적값 −13입니다. 행동 정책이 가끔(ε = 0.3) 절벽 쪽으로 내디딘 전이들만으로 충분했습니다. SARSA 갱신으로
같은 일을 하면 데이터를 모은 정책(ε = 0.3)의 가치를 배울 뿐입니다.

이것이 DQN이 Q-러닝 위에 서 있는 이유입니다. 리플레이 버퍼 안의 전이는 지금보다 오래된, 더 서툰 정책이 모은
것입니다. 오프폴리시 알고리즘이기 때문에 그 데이터로도 지금 배우려는 탐욕 정책의 가치를 배울 수 있습니다.
단, 데이터에 **없는** 행동에 대해서는 아무것도 배울 수 없습니다(그래서 초깃값이 중요했습니다). 연습 문제 3에서
다른 시드로 확인해 보세요.
""",
    en=r"""
The policy that collected the data walks the 15-step path, yet Q-learning, replaying only those data,
found the 13-step optimal path, and its value at the start is the optimal −13. The transitions in which
the behavior policy occasionally (ε = 0.3) stepped toward the cliff were enough. SARSA updates on the
same data would only learn the value of the collecting policy (ε = 0.3).

That is why DQN is built on Q-learning. The transitions in a replay buffer were collected by older,
clumsier policies. Because the algorithm is off-policy, those data still teach the values of the greedy
policy we want now. It cannot learn anything about actions that are **not** in the data, though (which
is why the initial value mattered); exercise 3 looks at other seeds.
""",
)

course.md(
    ko=r"""
## 6. 표로는 부족한 이유, 그리고 신경망이 가져오는 두 가지 문제

CliffWalking의 표는 48 × 4 = 192칸입니다. 다음 노트북들의 환경은 다릅니다.

- **CartPole**의 상태는 실수 4개입니다(카트 위치, 속도, 막대 각도, 각속도). 칸이 무한히 많고, 같은 상태를 정확히 두
  번 만나는 일은 거의 없습니다. 구간으로 잘라 표를 만들 수는 있지만, 한 칸에서 배운 것이 바로 옆 칸에 전혀 전해지지 않습니다.
- **Atari**의 관측(observation)은 84 × 84 화면 4장입니다. 픽셀마다 256단계라면 가능한 관측은 $256^{28224}$개입니다. 표는 만들 수조차 없습니다.

그래서 표 대신 함수 근사(function approximation)를 씁니다. 상태를 입력받아 행동마다 Q 값을 내는 신경망
$Q(s, \cdot\,; \theta)$입니다(04). 비슷한 상태는 비슷한 값을 받으므로, 본 적 없는 상태에도 일반화합니다. 표의 한 칸을
옮기던 갱신은 신경망의 가중치 $\theta$에 대한 경사 하강법(gradient descent) 한 걸음이 됩니다.

$$
\theta \leftarrow \theta - \eta\,\nabla_\theta\,\tfrac12\bigl(\,y - Q(s, a; \theta)\,\bigr)^2,
\qquad y = r + \gamma\,(1-d)\max_{a'} Q(s', a'; \theta)
$$

이렇게 바꾼 "순진한" 신경망 Q-러닝은 잘 학습되지 않거나 값이 폭주하곤 합니다. 표에는 없던 두 문제 때문입니다.

1. **상관된 샘플.** 환경 루프를 그대로 돌리면 연속한 전이들은 거의 같은 상태에서 나옵니다. 표에서는 한 칸만 바뀌니
   괜찮았지만, 신경망에서는 한 번의 갱신이 모든 상태의 값을 조금씩 바꿉니다. 비슷한 전이만 잇달아 학습하면 최근에 본
   영역에 맞춰지고 다른 곳에서 배운 것을 잊습니다. 경사 하강법이 가정하는 독립적인 표본과 거리가 멉니다.
   → **02 리플레이 버퍼**: 전이를 모아 두고 무작위로 섞어 꺼냅니다. 5절에서 본 대로 오프폴리시라서 가능합니다.
2. **움직이는 타깃.** 타깃 $y$가 같은 $\theta$로 계산됩니다. 한 상태의 값을 올리면 일반화 때문에 다음 상태의 값도
   올라가고, 그러면 타깃이 다시 올라갑니다. 자기 꼬리를 쫓는 셈이고 값이 발산할 수 있습니다. 함수 근사,
   부트스트래핑, 오프폴리시 학습이 한데 모이면 생기는 이 위험을 죽음의 삼각형(deadly triad)이라고 부릅니다(Sutton & Barto, 11.3절).
   → **07 타깃 신경망(target network)**: 타깃을 가중치의 오래된 복사본으로 계산해 한동안 고정합니다(Mnih et al., 2015).
   2013년 논문에는 아직 없었고, 06에서 그 결과를 값의 크기로 직접 보게 됩니다.

다음 노트북부터 이 조각들을 하나씩 만듭니다. 02 리플레이 버퍼, 03 입실론-탐욕 정책, 04 Q 신경망과 TD 타깃, 05~06
에이전트와 학습, 07 타깃 신경망입니다.
""",
    en=r"""
## 6. Why a table is not enough, and the two problems a network brings

CliffWalking's table has 48 × 4 = 192 cells. The environments of the next notebooks are different.

- **CartPole**'s state is 4 real numbers (cart position, velocity, pole angle, angular velocity). There
  are infinitely many cells, and the same state almost never comes back exactly. Binning makes a table
  possible, but nothing learned in one bin carries over to the bin next to it.
- **Atari**'s observation is 4 screens of 84 × 84 pixels. With 256 levels per pixel there are
  $256^{28224}$ possible observations. The table cannot even be built.

So the table is replaced by **function approximation**: a neural network $Q(s, \cdot\,; \theta)$ that takes a
state and outputs one Q-value per action (notebook 04). Similar states get similar values, so it
generalises to states it has never seen. The update that moved one cell becomes one step of gradient
descent on the weights $\theta$:

$$
\theta \leftarrow \theta - \eta\,\nabla_\theta\,\tfrac12\bigl(\,y - Q(s, a; \theta)\,\bigr)^2,
\qquad y = r + \gamma\,(1-d)\max_{a'} Q(s', a'; \theta)
$$

This "naive" neural Q-learning often fails to learn, or its values run away, because of two problems
a table never had:

1. **Correlated samples.** Run the environment loop as it is, and consecutive transitions come from
   nearly the same state. In a table only one cell changed; in a network every update shifts the values
   of all states a little. Training on a run of similar transitions fits the region just seen and
   forgets what was learned elsewhere, far from the independent samples gradient descent assumes.
   → **02, the replay buffer**: store transitions and draw them shuffled, which section 5 showed is
   allowed because Q-learning is off-policy.
2. **Moving targets.** The target $y$ is computed with the same $\theta$. Raising one state's value also
   raises the next state's (generalisation), which raises the target again: the network chases its own
   tail, and the values can diverge. Function approximation, bootstrapping and off-policy learning
   together carry this risk, the *deadly triad* (Sutton & Barto, section 11.3).
   → **07, the target network**: compute targets with an old copy of the weights, frozen for a while
   (Mnih et al., 2015). The 2013 paper did not have it yet, and notebook 06 shows what that does to the
   size of the values.

From the next notebook on we build these pieces one by one: 02 the replay buffer, 03 the ε-greedy
policy, 04 the Q-network and TD target, 05-06 the agent and its training, 07 the target network.
""",
)

course.md(
    ko=r"""
## 요약

- 벨만 최적 방정식 $Q^*(s,a) = \mathbb{E}[r + \gamma \max_{a'} Q^*(s',a')]$의 오른쪽을 전이 하나로 근사하고 그쪽으로
  $\alpha$만큼 옮기는 것이 Q-러닝입니다. 타깃 $r + \gamma(1-d)\max_{a'}Q(s',a')$은 DQN의 TD 타깃과 같은 식입니다.
- 환경 루프: `reset` → (행동 선택 → `step` → 갱신 → `obs = next_obs`)를 `terminated or truncated`까지 반복합니다.
  갱신에는 `terminated`만 넘깁니다. 시간 제한으로 잘린 마지막 스텝도 부트스트래핑합니다.
- SARSA(온폴리시)는 자기가 따르는 ε-탐욕 정책의 가치를, Q-러닝(오프폴리시)은 탐욕 정책의 가치를 배웁니다.
  CliffWalking에서 SARSA는 안전한 15스텝 길, Q-러닝은 절벽 옆 13스텝 길을 배우고, 학습 중 반환값은 SARSA가 더 높았습니다.
- 오프폴리시이므로 다른(오래된) 정책이 모은 데이터로도 배울 수 있습니다. 리플레이 버퍼가 정당한 이유입니다.
  데이터에 없는 행동은 배울 수 없습니다.
- 큰 상태 공간에는 신경망이 필요하고, 그러면 상관된 샘플(→ 02 리플레이 버퍼)과 움직이는 타깃(→ 07 타깃 신경망)이 문제가 됩니다.

**더 읽을거리:** Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602) 2절(벨만 방정식(Bellman equation)과 Q-러닝,
오프폴리시)과 4절(경험 재현과 Q-러닝을 고른 이유). Watkins & Dayan 1992, "Q-learning", *Machine Learning* 8.
Sutton & Barto, *Reinforcement Learning: An Introduction* (2판, [온라인](http://incompleteideas.net/book/the-book-2nd.html)),
6.4~6.5절(SARSA, Q-러닝, 예제 6.6 Cliff Walking)과 11.3절(죽음의 삼각형).

## 연습 문제

1. (예측 후 실행) 4절의 실험을 ε = 0.01로 다시 돌리기 전에, 두 알고리즘의 학습 중 반환값 차이와 SARSA의 탐욕 경로가
   어떻게 바뀔지 적어 보세요. 그다음 실행해 확인하세요.
2. (개념) SARSA의 타깃 $Q(s', a')$와 Q-러닝의 타깃 $\max_{a'}Q(s',a')$는 ε = 0이면 같아집니다. 그런데도 ε = 0으로
   학습하면 안 되는 이유를 2절의 첫 예측 문제와 연결해 설명해 보세요.
3. (코딩) 5절의 실험을 시드 0~5로 돌려 Q-러닝의 탐욕 경로 길이를 모아 보세요. 13스텝이 아닌 시드에서는 데이터의
   어떤 점이 부족했나요? 표를 −100 대신 0으로 시작하면 어떻게 되나요?
4. (코딩) `gym.make("CliffWalking-v1", max_episode_steps=20)`으로 학습하되, 루프에서 `terminated or truncated`를
   갱신에 넘기는 잘못된 버전과 비교해 보세요. 어느 상태들의 Q 값이 어떻게 달라지나요?
5. (개념) 6절의 "움직이는 타깃"이 표에서는 왜 문제가 되지 않나요? 표에서 한 칸을 갱신하면 다른 칸의 타깃은 어떻게 되나요?
""",
    en=r"""
## Summary

- Q-learning estimates the right-hand side of the Bellman optimality equation
  $Q^*(s,a) = \mathbb{E}[r + \gamma \max_{a'} Q^*(s',a')]$ from one transition and moves a step $\alpha$ toward
  it. The target $r + \gamma(1-d)\max_{a'}Q(s',a')$ is DQN's TD target.
- The environment loop: `reset`, then (act → `step` → update → `obs = next_obs`) until
  `terminated or truncated`. The update gets `terminated` only; a last step cut by a time limit still
  bootstraps.
- SARSA (on-policy) learns the value of the ε-greedy policy it follows, Q-learning (off-policy) that of
  the greedy policy. On CliffWalking SARSA learns the safe 15-step path, Q-learning the 13-step path
  along the cliff, and SARSA earned more while learning.
- Being off-policy, Q-learning can learn from data another (older) policy collected: that is why a
  replay buffer is legitimate. Actions absent from the data cannot be learned.
- Large state spaces need a network, which brings correlated samples (→ 02, replay buffer) and moving
  targets (→ 07, target network).

**Further reading:** Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602), section 2
(the Bellman equation, Q-learning, off-policy) and section 4 (experience replay, and why Q-learning).
Watkins & Dayan 1992, "Q-learning", *Machine Learning* 8. Sutton & Barto, *Reinforcement Learning: An
Introduction* (2nd ed., [online](http://incompleteideas.net/book/the-book-2nd.html)), sections 6.4-6.5
(SARSA, Q-learning, Example 6.6 Cliff Walking) and 11.3 (the deadly triad).

## Exercises

1. (Predict, then run) Before rerunning section 4 with ε = 0.01, write down how the gap in returns
   while learning and SARSA's greedy path will change. Then run it.
2. (Concept) With ε = 0, SARSA's target $Q(s', a')$ and Q-learning's $\max_{a'}Q(s',a')$ are the same.
   Why should we still not train with ε = 0? Connect it to the first prediction of section 2.
3. (Code) Run section 5 with seeds 0-5 and collect the length of Q-learning's greedy path. On seeds
   where it is not 13, what was missing from the data? What happens if the table starts at 0 instead
   of −100?
4. (Code) Train with `gym.make("CliffWalking-v1", max_episode_steps=20)` and compare with a wrong loop
   that passes `terminated or truncated` to the update. Which states' Q-values change, and how?
5. (Concept) Why are "moving targets" (section 6) no problem for a table? When one cell is updated,
   what happens to the targets of the other cells?
""",
)
