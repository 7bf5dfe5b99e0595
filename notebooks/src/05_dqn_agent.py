"""Notebook 05: assemble the DQN agent from the parts of notebooks 01–04."""

from tools.nbbuild import Course, bi

course = Course("05_dqn_agent")

course.md(
    ko=r"""
# 05. DQN 에이전트 조립하기

부품은 모두 준비됐습니다. 경험(01), 리플레이 버퍼(02), 입실론-탐욕 정책과
선형 감소 스케줄(03), Q 신경망과 TD 손실(04). 이번에는 이것들을 하나의 에이전트
`DQN`으로 묶습니다. 에이전트는 행동을 고르고, 겪은 일을 기억하고, 기억에서 꺼낸 미니배치로 배웁니다.

## 학습 목표

- 하이퍼파라미터(hyperparameter)를 모은 `DQNConfig`의 필드와 검증 규칙을 설명할 수 있습니다.
- 2013년 DQN 논문(타깃 신경망 없음)과 2015년 이후 DQN(타깃 신경망, 후버 손실)의 차이를 설명할 수
  있습니다.
- `select_action`, `update`, `train`, `compute_td_loss`, `log_data`를 갖춘 `DQN` 클래스를 직접 구현합니다.
- 직접 만든 에이전트로 CartPole을 몇천 스텝 학습시켜 봅니다.
- 패키지의 `dqn_teach.agent.DQN`과 `make_agent`로 같은 일을 하고, 결과가 같은지 확인합니다.
""",
    en=r"""
# 05. Assembling the DQN agent

All the parts are ready: experience (01), the replay buffer (02), the ε-greedy policy and the linear decay
schedule (03), the Q-network and the TD loss (04). Now we tie them together into one agent, `DQN`. The
agent picks actions, remembers what happened, and learns from mini-batches drawn from its memory.

## Learning goals

- Explain the fields of `DQNConfig`, the one place for every hyperparameter, and how it is validated.
- Explain the difference between the 2013 DQN paper ("no separate target network") and DQN from 2015 on
  (a target network, the Huber loss).
- Implement a `DQN` class with `select_action`, `update`, `train`, `compute_td_loss` and `log_data`.
- Train your own agent on CartPole for a few thousand steps.
- Do the same with the package's `dqn_teach.agent.DQN` and `make_agent`, and check that the results agree.
""",
)

course.code(**bi('''
from dqn_teach.course import setup

LANG = setup(lang="«ko|en»")  # «torch 스레드 1개, 시드 고정, 한글 글꼴|one torch thread, fixed seeds, Hangul font»
'''))

course.code('''
import copy

import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim

from dqn_teach.config import ConfigError, DQNConfig, cartpole_2013_config, seed_notebook_config
from dqn_teach.experience import Experience, make_experience
from dqn_teach.networks import MLPQNet
from dqn_teach.i18n import tr
from dqn_teach.policy import EpsilonGreedyPolicy, LinearSchedule
from dqn_teach.replay_buffer import ReplayBuffer
''')

course.md(
    ko=r"""
## 1. 에이전트가 한 스텝에 하는 일

환경과 에이전트는 아래 순환을 되풀이합니다. 각 단계에 해당하는 에이전트의 메서드 이름을 함께 적었습니다.

```mermaid
flowchart LR
    E["환경 (CartPole)"] -- "관측 obs" --> S["select_action(obs)<br/>ε-탐욕 정책"]
    S -- "행동 action" --> E
    E -- "다음 관측, 보상, 종료" --> U["update(experience)<br/>리플레이 버퍼에 저장, ε 갱신"]
    U -- "can_sample일 때" --> T["train()<br/>미니배치 샘플링 → compute_td_loss → 경사 하강"]
    T -. "신경망이 바뀜" .-> S
```

1. **`select_action(obs)`**: 신경망으로 Q 값을 계산하고 ε-탐욕 정책으로 행동을 뽑습니다. 행동을 고를 때는
   학습하지 않으므로 `torch.no_grad()` 안에서 계산합니다.
2. **`update(experience)`**: 환경이 돌려준 전이, 즉 관측, 행동, 보상, 다음 관측, 종료 여부를
   리플레이 버퍼에 넣고, 지금까지의 환경 스텝 수로 ε을
   갱신합니다. 버퍼가 `can_sample`이면(충분히 쌓였고 `training_freq`번 추가됐으면) `train()`을 호출합니다.
3. **`train()`**: `epoch`번 반복해서 미니배치를 뽑고, TD 손실을 계산하고, 경사 하강법으로 신경망을
   한 스텝 고칩니다. 타깃 신경망이 있다면 정해진 주기마다 온라인 신경망을 복사합니다.
4. **`compute_td_loss(...)`**: 04의 `td_loss`와 같은 계산입니다.
5. **`log_data`**: TensorBoard에 적을 값 `{"Epsilon": (ε, 환경 스텝), "TD Loss": (평균 손실, 학습 스텝)}`을
   돌려주고, 손실 평균을 다시 0부터 모읍니다.
""",
    en=r"""
## 1. What the agent does in one step

The environment and the agent go round the loop below; the agent's method names are written in.

```mermaid
flowchart LR
    E["environment (CartPole)"] -- "observation obs" --> S["select_action(obs)<br/>ε-greedy policy"]
    S -- "action" --> E
    E -- "next obs, reward, terminated" --> U["update(experience)<br/>store in replay buffer, update ε"]
    U -- "when can_sample" --> T["train()<br/>sample mini-batch → compute_td_loss → gradient step"]
    T -. "network changes" .-> S
```

1. **`select_action(obs)`**: compute Q-values with the network and sample an action with the ε-greedy
   policy. Choosing an action involves no learning, so it runs inside `torch.no_grad()`.
2. **`update(experience)`**: put the transition the environment returned into the replay buffer and update
   ε from the number of environment steps so far. When the buffer `can_sample` (it holds enough
   transitions and `training_freq` new ones have arrived), call `train()`.
3. **`train()`**: `epoch` times, sample a mini-batch, compute the TD loss and take one gradient descent
   step. With a target network, copy the online network into it at a fixed period.
4. **`compute_td_loss(...)`**: the same computation as `td_loss` in notebook 04.
5. **`log_data`**: return the values for TensorBoard, `{"Epsilon": (ε, env step), "TD Loss": (mean loss,
   training step)}`, and start the loss average over.
""",
)

course.md(
    ko=r"""
## 2. `DQNConfig`: 하이퍼파라미터를 한곳에

원래 노트북의 `DQNConfig`에는 필드가 6개 있었습니다. 이 코스의 `DQNConfig`는 그 6개를 그대로 두고, 2013년 논문 이후에
나온 기법을 켜고 끄는 필드와 실행 환경 필드를 더했습니다.

| 필드 | 기본값 | 뜻 |
|---|---|---|
| `training_freq` | (필수) | 학습 단계 사이의 `update` 호출 수 |
| `batch_size` | (필수) | 미니배치 하나의 전이 수 |
| `capacity` | (필수) | 리플레이 버퍼의 용량 |
| `epoch` | (필수) | 학습 단계 한 번의 경사 하강 횟수 |
| `epsilon_linear_decay` | (필수) | ε 스케줄 `(start_t, end_t, start_value, end_value)`, 환경 스텝 단위 |
| `gamma` | 0.99 | 할인율 γ, $[0, 1)$ |
| `learning_rate` | 1e-3 | 학습률 |
| `learning_rate_decay` | `None` | `(end_t, end_value)`: 학습률을 환경 스텝 `end_t`까지 `end_value`로 선형으로 낮춤(학습률 감소(learning-rate decay), 06) |
| `learning_starts` | 0 | 첫 학습 전에 모을 환경 스텝 수 |
| `target_update_period` | `None` | 경사 하강 이 횟수마다 타깃 신경망에 복사. `None`이면 2013년 논문처럼 타깃 신경망 없음 |
| `double_dqn` | `False` | 더블 DQN(Double DQN) 타깃 (07에서 다룸, 타깃 신경망 필요) |
| `multi_step` | 1 | n-스텝 반환값(n-step return)의 n: 전이 하나가 n 스텝에 걸치고, 타깃은 진짜 보상 n개 뒤에 $\gamma^n$으로 부트스트래핑 (06, 07) |
| `loss` | `"mse"` | `"mse"`(2013) 또는 `"huber"`(2015) |
| `max_grad_norm` | `None` | 그래디언트 클리핑(gradient clipping)의 최대 노름 |
| `optimizer` | `"adam"` | 옵티마이저(optimizer): `"adam"` 또는 `"rmsprop"`(논문) |
| `network` | `"mlp"` | `"mlp"`(벡터 관측) 또는 `"atari2013"`(84×84 프레임 4장, 08) |
| `hidden_sizes` | `(128, 64)` | `"mlp"`의 은닉층 너비 |
| `layer_norm` | `False` | `"mlp"`의 은닉층마다 ReLU 앞에 층 정규화(layer normalization)를 넣음 (06) |
| `device` | `"cpu"` | `"cpu"`, `"cuda"`, `"cuda:N"`, `"mps"`, `"auto"` |
| `seed` | 0 | 신경망 초기화, 리플레이 버퍼, 탐험, 환경의 시드 |

미리 만들어 둔 설정도 있습니다. `seed_notebook_config()`는 원래 노트북의 값 그대로입니다. 이 노트북에서 쓰는
`cartpole_2013_config()`(`preset("cartpole-2013")`)는 **2013년 알고리즘 그대로**(타깃 신경망 없음, 제곱 오차) CartPole을 빨리
풀도록 조정한 값이고, 05에서 여러분이 만드는 에이전트가 바로 이 2013년 알고리즘입니다. 06에서는 여기에 몇 가지를
더한 설정 `preset("cartpole")`을 소개하고, 무엇을 왜 바꿨는지 비교합니다. 완전히 무작위(ε = 1.0)로 시작하는 ε과 보상을 더
빨리 뒤로 전하는 n-스텝 반환값은 빨리 배우기 위한 것이고, 16 스텝마다 큰 미니배치로 한 번 하는 경사 하강은 계산을
아끼기 위한 것이며, 나머지는 해결한 뒤에도 해결 상태를 지키기 위한 것입니다. 설정은 바꿀 수 없는(frozen)
데이터클래스이므로, 일부만 바꾼 사본은 `replace`로 만듭니다.
""",
    en=r"""
## 2. `DQNConfig`: every hyperparameter in one place

The original notebook's `DQNConfig` had 6 fields. This course's `DQNConfig` keeps those 6 and adds fields
that switch on what came after the 2013 paper, plus where to run.

| field | default | meaning |
|---|---|---|
| `training_freq` | (required) | `update` calls between two training phases |
| `batch_size` | (required) | transitions per mini-batch |
| `capacity` | (required) | replay buffer capacity |
| `epoch` | (required) | gradient steps per training phase |
| `epsilon_linear_decay` | (required) | ε schedule `(start_t, end_t, start_value, end_value)` in env steps |
| `gamma` | 0.99 | discount factor γ in $[0, 1)$ |
| `learning_rate` | 1e-3 | optimizer step size |
| `learning_rate_decay` | `None` | `(end_t, end_value)`: lower the learning rate linearly to `end_value` by env step `end_t` (learning-rate decay, notebook 06) |
| `learning_starts` | 0 | env steps collected before the first gradient step |
| `target_update_period` | `None` | copy into a target network every this many gradient steps; `None` = no target network, as in the 2013 paper |
| `double_dqn` | `False` | Double DQN target (notebook 07; needs a target network) |
| `multi_step` | 1 | n of n-step returns: a transition spans n steps, and its target bootstraps with $\gamma^n$ after n real rewards (notebooks 06, 07) |
| `loss` | `"mse"` | `"mse"` (2013) or `"huber"` (2015) |
| `max_grad_norm` | `None` | gradient clipping: the largest global gradient norm |
| `optimizer` | `"adam"` | `"adam"` or `"rmsprop"` (the paper's) |
| `network` | `"mlp"` | `"mlp"` (vector observations) or `"atari2013"` (four 84×84 frames, notebook 08) |
| `hidden_sizes` | `(128, 64)` | hidden layer widths of `"mlp"` |
| `layer_norm` | `False` | layer normalization before the ReLU of every hidden layer of `"mlp"` (notebook 06) |
| `device` | `"cpu"` | `"cpu"`, `"cuda"`, `"cuda:N"`, `"mps"` or `"auto"` |
| `seed` | 0 | seeds the network initialisation, the replay buffer, exploration and the envs |

There are presets too: `seed_notebook_config()` has the original notebook's values unchanged.
`cartpole_2013_config()` (`preset("cartpole-2013")`), used in this notebook, is **the 2013 algorithm as
it is** (no target network, squared error) tuned to solve CartPole quickly: the agent you build here.
Notebook 06 introduces `preset("cartpole")`, which adds a few things, and compares what changed and why:
an ε that starts fully random (ε = 1.0) and n-step returns, which carry rewards back faster, are there
to learn fast; one gradient step on a large mini-batch every 16 steps saves computation; the rest keeps
a solved agent solved. A config is a frozen dataclass: make a copy with some fields changed
with `replace`.
""",
)

course.code('''
# NBVAL_CHECK_OUTPUT
seed_config = seed_notebook_config()
print(seed_config)
''')

course.code(**bi('''
config = cartpole_2013_config()
print(config)
print("«γ = 0.9로 바꾼 사본|a copy with γ = 0.9»:", config.replace(gamma=0.9).gamma)
'''))

course.md(
    ko=r"""
`DQNConfig`는 만들 때 모든 값을 검사합니다. 잘못된 설정으로 몇 분을 학습시킨 뒤에야 이상함을 알아채는 대신, 바로
**무엇이 왜 틀렸는지**를 알려 주는 `ConfigError`가 납니다. 몇 가지 흔한 실수를 일부러 해 봅시다.
""",
    en=r"""
`DQNConfig` checks every value when it is built. Instead of noticing something odd after minutes of
training, you get a `ConfigError` at once that says **what is wrong and why**. Let us make a few common
mistakes on purpose.
""",
)

course.code(**bi('''
# NBVAL_CHECK_OUTPUT
mistakes = {
    "«배치보다 작은 버퍼|a buffer smaller than one batch»": dict(capacity=64),
    "«γ = 1|gamma = 1»": dict(gamma=1.0),
    "«타깃 신경망 없는 더블 DQN|Double DQN without a target network»": dict(double_dqn=True),
    "«손실 이름 오타|a typo in the loss name»": dict(loss="hubber"),
}
for name, change in mistakes.items():
    try:
        seed_config.replace(**change)
    except ConfigError as error:
        print(f"{name}:\\n    ConfigError: {error}")
'''))

course.md(
    ko=r"""
## 3. 2013년 DQN과 그 뒤

이 코스가 따르는 논문은 Mnih et al. (2013), *Playing Atari with Deep Reinforcement Learning*입니다. 많은 튜토리얼이
2015년 Nature 논문(*Human-level control through deep reinforcement learning*)의 기법을 섞어 쓰면서 이를 구분하지 않는데,
둘은 다릅니다.

| | 2013 (arXiv, NIPS 워크숍) | 2015 (Nature) |
|---|---|---|
| 경험 리플레이 | 있음 | 있음 |
| TD 타깃의 $Q(s', \cdot)$ | **같은 신경망** (그래디언트 없이) | **타깃 신경망**, $C$ = 10,000 스텝마다 복사 |
| 손실 | 제곱 오차 | 오차를 $[-1, 1]$로 클리핑 = 후버 손실 |
| 옵티마이저 | RMSProp | RMSProp |
| ε | 1 → 0.1, 100만 프레임 | 1 → 0.1, 100만 프레임 |

타깃 신경망이 없으면, 경사 하강 한 번마다 $Q(s, a)$뿐 아니라 타깃 $y$도 함께 움직입니다. 자기 꼬리를 쫓는 셈이라 학습이
불안정해질 수 있습니다. 타깃 신경망은 $y$를 $C$스텝 동안 고정해 04의 7절에서 본 "고정된 타깃에 대한 회귀"를 만들어
줍니다. `DQNConfig`에서는 `target_update_period=None`이 2013년 방식, `target_update_period=500, loss="huber"`가 2015년
방식에 가깝습니다. 여러분의 `DQN`은 두 방식을 모두 지원합니다.
""",
    en=r"""
## 3. DQN in 2013 and after

This course follows Mnih et al. (2013), *Playing Atari with Deep Reinforcement Learning*. Many tutorials
mix in techniques from the 2015 Nature paper (*Human-level control through deep reinforcement learning*)
without saying so, but the two differ:

| | 2013 (arXiv, NIPS workshop) | 2015 (Nature) |
|---|---|---|
| experience replay | yes | yes |
| $Q(s', \cdot)$ in the TD target | **the same network** (without gradient) | **a target network**, copied every $C$ = 10,000 steps |
| loss | squared error | error clipped to $[-1, 1]$ = Huber loss |
| optimizer | RMSProp | RMSProp |
| ε | 1 → 0.1 over 1 M frames | 1 → 0.1 over 1 M frames |

Without a target network, every gradient step moves not only $Q(s, a)$ but also the target $y$: the
network chases its own tail, which can make learning unstable. A target network holds $y$ still for $C$
steps, turning each stretch into the "regression on a fixed target" of notebook 04, section 7. In
`DQNConfig`, `target_update_period=None` is the 2013 setup and `target_update_period=500, loss="huber"` is
close to the 2015 one. Your `DQN` supports both.
""",
)

course.md(
    ko=r"""
## 4. 직접 만들기: `DQN`

생성자 `__init__`은 미리 작성해 두었습니다. 패키지의 `ReplayBuffer`, `EpsilonGreedyPolicy`, `LinearSchedule`을 `DQNConfig`의 값으로
만들고, 재현성을 위해 정책의 `torch.Generator`와 버퍼의 시드를 `config.seed`로 지정합니다. 채울 곳은 다섯 군데입니다.

- `select_action(obs)`: `(num_envs, *obs_shape)` numpy 배열 → `(num_envs, 1)` 정수 numpy 배열.
- `update(experience, store_mask=None)`: `global_time_step`을 늘리고, 버퍼에 넣고, ε을 갱신하고,
  `global_time_step >= learning_starts`이고 `replay_buffer.can_sample`이면 `train()`.
  (`store_mask`는 06의 벡터 환경에서 자동 리셋 스텝을 건너뛸 때 씁니다. 버퍼의
  `add(experience, store_mask)`에 그대로 넘기고, 실제로 저장된 행 수만큼만 스텝을 셉니다.)
- `train()`: `epoch`번 반복: 샘플링 → `compute_td_loss` → `zero_grad` → `backward` → (선택) 그래디언트 클리핑 →
  `step` → `training_step += 1` → 주기가 되면 타깃 신경망 복사 → 손실의 누적 평균 갱신.
- `compute_td_loss(obs, action, next_obs, reward, terminated)`: 타깃 신경망이 있으면 그것으로, 없으면 `self.network`로
  타깃을 계산합니다(`no_grad`). `config.loss`에 따라 MSE 또는 후버 손실.
- `log_data`: 위 1절의 딕셔너리. `TD Loss`는 손실을 하나라도 모았을 때만 넣고, 읽은 뒤에는 평균을 0으로 되돌립니다.

누적 평균은 손실을 모두 저장하지 않고 $\bar{x}_n = \bar{x}_{n-1} + (x_n - \bar{x}_{n-1}) / n$으로 갱신합니다.
""",
    en=r"""
## 4. Build it: `DQN`

The constructor `__init__` is given. It builds the package's `ReplayBuffer`, `EpsilonGreedyPolicy` and
`LinearSchedule` from the `DQNConfig`, and seeds the policy's `torch.Generator` and the buffer with
`config.seed` for reproducibility. There are five places to fill in:

- `select_action(obs)`: a `(num_envs, *obs_shape)` numpy array → a `(num_envs, 1)` integer numpy array.
- `update(experience, store_mask=None)`: advance `global_time_step`, add to the buffer, update ε, and call
  `train()` when `global_time_step >= learning_starts` and `replay_buffer.can_sample`.
  (`store_mask` is for notebook 06's vector environments, to skip the autoreset step: pass it on to the
  buffer's `add(experience, store_mask)` and count only the rows actually stored.)
- `train()`: `epoch` times: sample → `compute_td_loss` → `zero_grad` → `backward` → (optional) gradient
  clipping → `step` → `training_step += 1` → copy into the target network when the period comes round →
  update the running mean of the loss.
- `compute_td_loss(obs, action, next_obs, reward, terminated)`: compute the target with the target network
  if there is one, otherwise with `self.network` (under `no_grad`); MSE or Huber by `config.loss`.
- `log_data`: the dictionary of section 1. Include `TD Loss` only when at least one loss was collected, and
  reset the average after reading it.

The running mean is updated as $\bar{x}_n = \bar{x}_{n-1} + (x_n - \bar{x}_{n-1}) / n$, without storing every loss.
""",
)

course.code(**bi('''
class DQN:
    """«Deep Q-Network 에이전트 (2013년 논문, 선택적으로 타깃 신경망과 후버 손실).|Deep Q-Network agent (the 2013 paper, optionally with a target network and the Huber loss).»

    Args:
        config: «하이퍼파라미터|hyperparameters».
        network: (batch, *obs_shape) -> (batch, num_actions) «Q 값|Q-values».
        optimizer: «network.parameters()의 옵티마이저. None이면 config.learning_rate의 Adam.|optimizer over network.parameters(); None builds Adam at config.learning_rate.»
        num_envs: «함께 진행하는 환경 수 (Experience의 행 수)|environments stepped together (rows of every Experience)».
    """

    def __init__(self, config: DQNConfig, network: nn.Module,
                 optimizer: optim.Optimizer | None = None, num_envs: int = 1) -> None:
        if config.double_dqn:
            raise ValueError("«이 DQN에는 아직 더블 DQN 타깃이 없습니다(07에서 만듭니다). |This DQN has no Double DQN target yet (notebook 07); »"
                             "«double_dqn=False로 두거나 dqn_teach.agent.DQN을 쓰세요.|set double_dqn=False or use dqn_teach.agent.DQN.»")
        self.config = config
        self.network = network
        if optimizer is None:
            optimizer = optim.Adam(network.parameters(), lr=config.learning_rate)
        self.optimizer = optimizer
        self.num_envs = num_envs

        # «2013년 논문에는 별도의 타깃 신경망이 없습니다. 있으면 주기적으로 복사되는 사본입니다.|The 2013 paper has no separate target network; when there is one, it is a periodically copied clone.»
        self.target_network = None
        if config.target_update_period is not None:
            self.target_network = copy.deepcopy(network).requires_grad_(False)

        self.epsilon_schedule = LinearSchedule(*config.epsilon_linear_decay)
        self.policy = EpsilonGreedyPolicy(self.epsilon_schedule(0),
                                          generator=torch.Generator().manual_seed(config.seed))
        self.replay_buffer = ReplayBuffer(config.training_freq, config.batch_size, config.capacity,
                                          num_envs, seed=config.seed)

        self.global_time_step = 0  # «지금까지 본 환경 전이 수|environment transitions seen»
        self.training_step = 0  # «경사 하강 횟수|gradient steps taken»
        self.num_losses = 0  # «log_data를 마지막으로 읽은 뒤 모은 손실 수|losses since log_data was last read»
        self.avg_loss = 0.0

    def select_action(self, obs: np.ndarray) -> np.ndarray:
        """(num_envs, *obs_shape) -> (num_envs, 1) «ε-탐욕 행동|ε-greedy actions»."""
        # HINT: «`with torch.no_grad():` 안에서 `q_values = self.network(torch.as_tensor(obs))`를 구하고 `self.policy.sample(q_values).numpy()`를 반환합니다.|Inside `with torch.no_grad():`, compute `q_values = self.network(torch.as_tensor(obs))` and return `self.policy.sample(q_values).numpy()`.»
        ### BEGIN SOLUTION
        with torch.no_grad():
            q_values = self.network(torch.as_tensor(obs))  # (num_envs, num_actions)
        return self.policy.sample(q_values).numpy()
        ### END SOLUTION

    def update(self, experience: Experience, store_mask: np.ndarray | None = None) -> None:
        """«경험 한 스텝을 기억하고, 버퍼가 허락하면 학습합니다.|Remember one step of experience; train when the replay buffer allows it.»"""
        # HINT: «`global_time_step`을 저장한 행 수만큼 늘리고(`store_mask`가 None이면 `num_envs`, 아니면 `np.count_nonzero(store_mask)`) → `self.replay_buffer.add(experience, store_mask)` → `self.policy.epsilon = self.epsilon_schedule(self.global_time_step)` → `global_time_step >= config.learning_starts`이고 `self.replay_buffer.can_sample`(괄호 없음)이면 `self.train()`.|Advance `global_time_step` by the rows stored (`num_envs` when `store_mask` is None, else `np.count_nonzero(store_mask)`) → `self.replay_buffer.add(experience, store_mask)` → `self.policy.epsilon = self.epsilon_schedule(self.global_time_step)` → `self.train()` when `global_time_step >= config.learning_starts` and `self.replay_buffer.can_sample` (no parentheses).»
        ### BEGIN SOLUTION
        num_new = self.num_envs if store_mask is None else int(np.count_nonzero(store_mask))
        self.global_time_step += num_new
        self.replay_buffer.add(experience, store_mask)
        self.policy.epsilon = self.epsilon_schedule(self.global_time_step)
        learning_started = self.global_time_step >= self.config.learning_starts
        if learning_started and self.replay_buffer.can_sample:
            self.train()
        ### END SOLUTION

    def train(self) -> None:
        """«학습 단계 한 번: 미니배치 config.epoch개로 경사 하강.|One training phase: config.epoch gradient steps on sampled mini-batches.»"""
        for _ in range(self.config.epoch):
            # HINT: «`self.replay_buffer.sample()` → `self.compute_td_loss(...)` → `self.optimizer.zero_grad()` → `backward()` → (`config.max_grad_norm`이 있으면 `nn.utils.clip_grad_norm_`) → `self.optimizer.step()` → `self.training_step += 1` → 주기가 되면 타깃 복사(`load_state_dict`) → 누적 평균 손실(`td_loss.item()`).|`self.replay_buffer.sample()` → `self.compute_td_loss(...)` → `self.optimizer.zero_grad()` → `backward()` → (`nn.utils.clip_grad_norm_` when `config.max_grad_norm` is set) → `self.optimizer.step()` → `self.training_step += 1` → copy into the target when the period comes round (`load_state_dict`) → running mean of the loss (`td_loss.item()`).»
            ### BEGIN SOLUTION
            obs, action, next_obs, reward, terminated = self.replay_buffer.sample()
            td_loss = self.compute_td_loss(obs, action, next_obs, reward, terminated)

            self.optimizer.zero_grad()
            td_loss.backward()
            if self.config.max_grad_norm is not None:
                nn.utils.clip_grad_norm_(self.network.parameters(), self.config.max_grad_norm)
            self.optimizer.step()
            self.training_step += 1

            period = self.config.target_update_period
            if self.target_network is not None and self.training_step % period == 0:
                self.target_network.load_state_dict(self.network.state_dict())

            self.num_losses += 1
            self.avg_loss += (td_loss.item() - self.avg_loss) / self.num_losses
            ### END SOLUTION

    def compute_td_loss(self, obs: torch.Tensor, action: torch.Tensor, next_obs: torch.Tensor,
                        reward: torch.Tensor, terminated: torch.Tensor) -> torch.Tensor:
        """«미니배치의 평균 TD 손실 (스칼라). 모양은 04와 같습니다: action, reward, terminated는 (B, 1).|Mean TD loss of a mini-batch (a scalar). Shapes as in 04: action, reward, terminated are (B, 1).»"""
        # HINT: «`q_value = self.network(obs).gather(1, action)`; 타깃은 `with torch.no_grad():` 안에서 (타깃 신경망이 없으면 `self.network`로) `reward + self.config.gamma * (1.0 - terminated) * next_q_values.max(dim=1, keepdim=True).values`. `self.config.loss`가 `"huber"`면 `F.smooth_l1_loss`, 아니면 `F.mse_loss`.|`q_value = self.network(obs).gather(1, action)`; the target, inside `with torch.no_grad():` (with `self.network` when there is no target network), is `reward + self.config.gamma * (1.0 - terminated) * next_q_values.max(dim=1, keepdim=True).values`. `F.smooth_l1_loss` when `self.config.loss == "huber"`, else `F.mse_loss`.»
        ### BEGIN SOLUTION
        q_value = self.network(obs).gather(1, action)  # (B, 1)
        target_network = self.network if self.target_network is None else self.target_network
        with torch.no_grad():
            next_max_q = target_network(next_obs).max(dim=1, keepdim=True).values  # (B, 1)
            td_target = reward + (1.0 - terminated) * self.config.gamma * next_max_q
        if self.config.loss == "huber":
            return F.smooth_l1_loss(q_value, td_target)
        return F.mse_loss(q_value, td_target)
        ### END SOLUTION

    @property
    def log_data(self) -> dict[str, tuple[float, int]]:
        """{tag: (value, step)} «TensorBoard용. 읽으면 손실 평균이 초기화됩니다.|for TensorBoard; reading it resets the loss average.»"""
        # HINT: «`{"Epsilon": (self.policy.epsilon, self.global_time_step)}`에, 모은 손실이 있으면 `"TD Loss": (self.avg_loss, self.training_step)`를 더하고 `num_losses`와 `avg_loss`를 0으로 되돌립니다.|`{"Epsilon": (self.policy.epsilon, self.global_time_step)}` plus, when losses were collected, `"TD Loss": (self.avg_loss, self.training_step)`; then reset `num_losses` and `avg_loss` to 0.»
        ### BEGIN SOLUTION
        data = {"Epsilon": (self.policy.epsilon, self.global_time_step)}
        if self.num_losses > 0:
            data["TD Loss"] = (self.avg_loss, self.training_step)
            self.num_losses, self.avg_loss = 0, 0.0
        return data
        ### END SOLUTION
'''))

course.md(
    ko=r"""
### 검사

`check_dqn_update`는 작은 설정과 작은 신경망으로 에이전트를 만들어 설정 값을 모두 지키는지 검사합니다.
`select_action`(모양, `no_grad`, ε = 0과 1), `can_sample`이고 `learning_starts`가 지났을 때만 학습하는지, 환경
여러 개와 `store_mask`에서 저장한 행만 세는지, MSE와 후버 손실의 값과 그래디언트, 타깃 신경망의 복사 주기, ε 감소와
`log_data`(손실 평균과 그 스텝)를 봅니다. 마지막으로 `epoch`, `max_grad_norm`, 후버 손실을 켠 설정에서 update 10번 뒤의
가중치가 패키지의 `DQN`과 같은지, 학습이 알려진 TD 오차를 실제로 줄이는지 확인합니다. 6절에서 말하는 두 가지 순서
차이(ε을 스텝 수를 늘리기 전에 계산하기, 경험을 넣기 전에 학습하기)는 통과합니다.
""",
    en=r"""
### Check it

`check_dqn_update` builds agents with a tiny config and a tiny network and checks that every config field
is honoured: `select_action` (shape, `no_grad`, ε = 0 and 1), training only when `can_sample` and past
`learning_starts`, counting only the stored rows with several environments and a `store_mask`, the MSE and
Huber loss values and gradients, the target network's copy period, the ε decay and `log_data` (the mean
loss and its step). Last, with `epoch`, `max_grad_norm` and the Huber loss switched on, the weights after
10 updates must equal the package's `DQN`, and training must really reduce a known TD error. The two
differences in order that section 6 mentions (ε from the step count before advancing it, training before
adding the experience) pass.
""",
)

course.code(**bi('''
from dqn_teach.checks import check_dqn_update

check_dqn_update(DQN, lang="«ko|en»")
'''))

course.md(
    ko=r"""
## 5. 작은 실험: 직접 만든 에이전트로 CartPole 3,000스텝

환경 하나로 원래 노트북과 같은 학습 루프를 돌립니다. 두 가지를 꼭 지킵니다.

- 버퍼에 넣는 끝 신호는 `terminated` 하나뿐입니다(`truncated`는 넣지 않습니다). 500스텝 시간 제한에 걸려 중단(`truncated`)된 전이도 부트스트래핑해야 하기
  때문입니다(04).
- 에피소드가 끝나면(종료 또는 중단) 환경을 리셋합니다.

`make_experience`(01)가 gymnasium의 납작한 배열을 `(1, 1)` 열로 바꿔 줍니다. 신경망은 `cartpole_2013_config()`의 시드로 초기화합니다.
CartPole은 보통 수만 스텝이 지나야 풀리므로, 3,000스텝은 "에이전트가 배우기 시작하는지" 보는 짧은 시험입니다.
제대로 된 학습과 평가는 06에서 합니다.
""",
    en=r"""
## 5. A small experiment: your agent on CartPole for 3,000 steps

We run the original notebook's training loop on a single environment, with two rules:

- store only `terminated` in the buffer, because a transition `truncated` by the 500-step time limit must
  still bootstrap (notebook 04);
- reset the environment when an episode ends (`terminated` or `truncated`).

`make_experience` (notebook 01) turns gymnasium's flat values into `(1, 1)` columns. The network is
initialised from `cartpole_2013_config()`'s seed. CartPole usually takes tens of thousands of steps to solve, so
3,000 steps is a short test of "does the agent start to learn". Proper training and evaluation come in 06.
""",
)

course.code(**bi('''
def run_cartpole(agent, num_steps: int, seed: int = 0) -> tuple[list[int], list[float]]:
    """«환경 하나로 num_steps 스텝 학습합니다.|Train agent on one CartPole env for num_steps steps.»

    Returns:
        «각 에피소드가 끝난 스텝과 그 에피소드의 반환값|the step at which each episode ended, and its return».
    """
    # NO HINT
    ### BEGIN SOLUTION
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)  # «처음 한 번만 시드|seed the first reset only»
    end_steps, returns, episode_return = [], [], 0.0
    for step in range(1, num_steps + 1):
        action = agent.select_action(obs[np.newaxis])  # (1, 4) -> (1, 1)
        next_obs, reward, terminated, truncated, _ = env.step(action.item())
        # «끝 신호는 terminated만 저장합니다(truncated는 버림). 중단된 전이도 부트스트래핑해야 하기 때문입니다.|Store termination only: a truncated transition still bootstraps.»
        agent.update(make_experience(obs[np.newaxis], action, next_obs[np.newaxis],
                                     [reward], [terminated]))
        episode_return += reward
        if terminated or truncated:
            end_steps.append(step)
            returns.append(episode_return)
            episode_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs
    env.close()
    return end_steps, returns
    ### END SOLUTION


def cartpole_network(config: DQNConfig) -> nn.Module:
    """«config.seed로 초기화한 CartPole Q 신경망 (4 → 128 → 64 → 2)|CartPole Q-network (4 → 128 → 64 → 2) initialised from config.seed»."""
    torch.manual_seed(config.seed)
    return MLPQNet(4, 2, config.hidden_sizes)
'''))

course.md(
    ko=r"""
`run_cartpole`의 몸통은 여러분이 조립합니다. 코드 힌트는 없습니다. 01b에서 쓴 환경 루프와 같은 뼈대에, 위의 두 규칙과
`agent.select_action`(`(1, 4)` 관측 → `(1, 1)` 행동), `agent.update(make_experience(...))`를 끼우면 됩니다. 에피소드가
끝날 때마다 그 스텝 번호와 반환값을 기록해 돌려줍니다.

`check_training_loop`는 CartPole의 시간 제한을 잠시 15스텝으로 줄여 중단이 자주 일어나게 한 뒤, 여러분의 루프와 참고 루프를
똑같은 에이전트로 300스텝씩 돌려 비교합니다. 에피소드가 끝난 스텝, 반환값, 버퍼에 저장된 종료 표시, `update` 횟수를 봅니다.
""",
    en=r"""
You assemble the body of `run_cartpole`; no code hint. It is the environment loop of notebook 01b with the
two rules above, `agent.select_action` (`(1, 4)` observation → `(1, 1)` action) and
`agent.update(make_experience(...))`. Each time an episode ends, record that step and the episode's return.

`check_training_loop` shortens CartPole's time limit to 15 steps for a moment, so that truncations happen
often, runs your loop and a reference loop for 300 steps on identical agents, and compares the steps at
which episodes ended, the returns, the terminations stored in the buffer and the number of `update` calls.
""",
)

course.code(**bi('''
from dqn_teach.checks import check_training_loop

check_training_loop(run_cartpole, lang="«ko|en»")
'''))

course.md(
    ko=r"""
**예측해 보세요.** 아래 셀은 여러분의 에이전트를 3,000스텝 학습시키고 처음 10 에피소드와 마지막 10 에피소드의 평균 반환값을 출력합니다. 마지막 10 에피소드는 처음 10 에피소드와 비교해 어떨까요? 비슷하다, 몇 배 높다, 500(해결)에 가깝다 중에서 고르고 이유를 적어 보세요.

아래 셀에 예측을 적어 실행한 다음, 그다음 셀을 실행해 확인하세요.
""",
    en=r"""
**Predict first.** The cell below trains your agent for 3,000 steps and prints the mean return of the first and the last 10 episodes. How will the last 10 compare with the first 10: about the same, a few times higher, or close to 500 (solved)? Write down why.

Write your prediction in the cell below and run it, then run the next cell to find out.
""",
)

course.code(**bi('''
my_prediction = None  # «여기에 예측을 적으세요|write your prediction here»
'''))

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
num_steps = 3_000
my_agent = DQN(config, cartpole_network(config))
my_end_steps, my_returns = run_cartpole(my_agent, num_steps)

print(f"«에피소드|episodes»: {len(my_returns)}, «학습 스텝|gradient steps»: {my_agent.training_step}, "
      f"ε = {my_agent.policy.epsilon:.3f}")
print(f"«처음 10개 에피소드의 평균 반환값|mean return of the first 10 episodes»: {np.mean(my_returns[:10]):.1f}")
print(f"«마지막 10개 에피소드의 평균 반환값|mean return of the last 10 episodes»: {np.mean(my_returns[-10:]):.1f}")
'''))

course.md(
    ko=r"""
## 6. 패키지 버전: `dqn_teach.agent.DQN`과 `make_agent`

여기서부터는 패키지의 `DQN`을 씁니다. 생성자가 같으므로 여러분의 클래스 자리에 그대로 들어갑니다. 패키지 버전은
그 밖에도 `device`(GPU), `greedy_action`(ε = 0으로 하는 평가용), `save`/`load`(체크포인트(checkpoint)), 더블 DQN, 모양이 맞지 않을 때의
분명한 오류를 갖추고 있습니다. `make_agent(config, obs_shape, num_actions)`는 설정이 가리키는 신경망과 옵티마이저를
`config.seed`로 만들어 줍니다. `select_action`은 한 가지를 더 아낍니다. `torch.multinomial`이 쓸 난수를 먼저 뽑아 보고,
Q 값이 무엇이든 같은 행동이 나오는 스텝(무작위로 탐험하는 스텝)에서는 순전파를 건너뜁니다. 고르는 행동과 난수
생성기의 상태는 여러분의 것과 똑같이 유지되고, ε이 클 때 학습이 빨라집니다(`EpsilonGreedyPolicy.sample_lazily`).

같은 설정, 같은 시드, 같은 계산 순서라면 **결과도 같아야 합니다.** 두 에이전트의 학습 곡선(learning curve)을 겹쳐 그려 봅니다.
""",
    en=r"""
## 6. The package version: `dqn_teach.agent.DQN` and `make_agent`

From here on we use the package's `DQN`. It has the same constructor, so it drops in where your class was.
On top of that it handles `device` (GPU), `greedy_action` (ε = 0, for evaluation), `save`/`load`
(checkpoints), Double DQN, and clear errors when shapes do not match. `make_agent(config, obs_shape,
num_actions)` builds the network and optimizer the config names, seeded with `config.seed`. Its
`select_action` saves one more thing: it first draws the random numbers `torch.multinomial` would use,
and on steps where the action would be the same whatever the Q-values are (a random, exploring step)
it skips the forward pass. Its actions and the random generator's state stay exactly those of your
agent, and training runs faster while ε is large (`EpsilonGreedyPolicy.sample_lazily`).

Same config, same seed, same order of computation: the **results should be the same**. We draw both
agents' learning curves on top of each other.
""",
)

course.code(**bi('''
from dqn_teach.agent import DQN, make_agent

agent = make_agent(config, obs_shape=(4,), num_actions=2)
end_steps, returns = run_cartpole(agent, num_steps)

fig, ax = plt.subplots(figsize=(8, 3.6))
ax.plot(my_end_steps, my_returns, "o-", markersize=3, linewidth=1,
        label=tr(LANG, "직접 만든 DQN", "your DQN"))
ax.plot(end_steps, returns, "x--", markersize=4, linewidth=1,
        label=tr(LANG, "dqn_teach.agent.DQN", "dqn_teach.agent.DQN"))
ax.set_xlabel(tr(LANG, "환경 스텝", "environment step"))
ax.set_ylabel(tr(LANG, "에피소드 반환값", "episode return"))
ax.set_title(tr(LANG, f"CartPole-v1, {num_steps}스텝 (cartpole-2013, seed 0)",
                f"CartPole-v1, {num_steps} steps (cartpole-2013, seed 0)"))
ax.legend()
plt.show()
print(tr(LANG, "두 에이전트의 반환값이 같은가:", "same returns for both agents:"), my_returns == returns)
'''))

course.md(
    ko=r"""
두 곡선이 겹치면 여러분의 에이전트가 패키지와 **같은 순서로 같은 계산**을 한다는 뜻입니다. 조금 다르더라도 검사를
통과했다면 괜찮습니다. 예를 들어 스텝 수를 늘리기 **전에** ε을 계산하거나(한 스텝 어긋남) 경험을 버퍼에 넣기 전에
학습하면, 뽑히는 행동이나 미니배치가 가끔 달라져 곡선이 갈라질 수 있습니다. 강화학습에서는 아주 작은 차이도 시간이 지나면
전혀 다른 에피소드로 커집니다. 그래서 시드를 고정해야 같은 결과를 다시 얻을 수 있습니다.

### `log_data`: TensorBoard에 적을 값

`log_data`는 `{태그: (값, 스텝)}` 딕셔너리입니다. `Epsilon`의 스텝은 환경 스텝, `TD Loss`의 스텝은 경사 하강 횟수이고,
`TD Loss`는 **마지막으로 읽은 뒤의 평균**입니다. 그래서 한 번 읽고 나면 학습할 때까지 `TD Loss`가 빠집니다.
06에서는 이 값을 `SummaryWriter.add_scalar(태그, 값, 스텝)`로 TensorBoard에 적습니다.
""",
    en=r"""
When the curves overlap, your agent does **the same computation in the same order** as the package. If
they differ a little but the check passed, that is fine: computing ε from the step count **before**
advancing it (off by one), say, or training before the experience is added to the buffer changes an
action or a mini-batch now and then, and the curves part. In reinforcement learning a tiny difference grows into completely different episodes over
time, which is why seeds must be fixed to get the same result again.

### `log_data`: the values for TensorBoard

`log_data` is a `{tag: (value, step)}` dictionary. The step of `Epsilon` is the environment step, the step
of `TD Loss` the number of gradient steps, and `TD Loss` is **the mean since the last read**. So once read,
`TD Loss` is absent until the agent trains again. Notebook 06 writes these values to TensorBoard with
`SummaryWriter.add_scalar(tag, value, step)`.
""",
)

course.code(**bi('''
# NBVAL_IGNORE_OUTPUT
print("«첫 번째 읽기|first read»:", agent.log_data)
print("«바로 다시 읽기|read again»:", agent.log_data)
run_cartpole(agent, num_steps=200, seed=1)  # «조금 더 학습|train a little more»
print("«200스텝 뒤|200 steps later»:", agent.log_data)
'''))

course.md(
    ko=r"""
### TD 손실은 얼마면 큰가

TD 손실의 크기에는 기준이 있습니다. CartPole의 보상은 스텝마다 1이고 $\gamma = 0.99$이므로, 어떤 반환값도
$\sum_t \gamma^t = 1/(1-\gamma) = 100$을 넘지 못하고, 참 Q 값도 마찬가지입니다. 평균제곱 TD 손실이 수천이라면 TD 오차가
수십, 즉 가능한 가장 큰 가치와 맞먹는다는 뜻입니다. 그럴 때는 Q 값 자체를 보세요. 무작위 정책으로 모은 고정된 상태
500개에서 $\max_a Q(s, a)$를 재어 천장과 비교합니다.
""",
    en=r"""
### How large is a large TD loss?

The TD loss has a scale. CartPole pays 1 per step and $\gamma = 0.99$, so no return can exceed
$\sum_t \gamma^t = 1/(1-\gamma) = 100$, and neither can any true Q-value. A mean squared TD loss in the
thousands means TD errors of tens, as large as the largest possible value. Then look at the Q-values
themselves: measure $\max_a Q(s, a)$ on a fixed set of 500 states collected with a random policy and
compare it with the ceiling.
""",
)

course.code(**bi('''
from dqn_teach.training import collect_probe_states

probe_states = collect_probe_states("CartPole-v1")  # (500, 4), «무작위 정책이 방문한 상태|states a random policy visited»
probe_q = agent.q_values(probe_states).max(dim=1).values  # (500,)
ceiling = 1 / (1 - config.gamma)
print(f"max_a Q: «평균|mean» {probe_q.mean():.1f}, «최대|largest» {probe_q.max():.1f}, «천장|ceiling» {ceiling:.0f}")
print("«천장 아래인가|below the ceiling»:", bool(probe_q.max() <= ceiling))
'''))

course.md(
    ko=r"""
Q 값이 천장 아래라면 손실이 커지는 것은 Q 값이 0에서 실제 크기로 자라는 과정일 수 있습니다. Q 값이 천장을 넘는다면
정상이 아니라 **발산**입니다. 위 출력이 바로 그 경우입니다. 이 에이전트의 Q 값은 3,200스텝(6절의 3,000스텝과 위의 200스텝) 만에 천장을 한참 넘었고,
위에서 커진 TD 손실은 배우는 과정이 아니라 발산의 증상입니다. 06은 학습 내내 이 값을 기록하고, 07은 무엇이 발산을 막는지 실험으로 보여 줍니다.
""",
    en=r"""
While the Q-values stay below the ceiling, a growing loss can be the Q-values growing from 0 to their
real size. Q-values above the ceiling are not normal: they are **diverging**. The output above is such a
case: after 3,200 steps (section 6's 3,000 and the 200 above) this agent's Q-values are far above the ceiling, and the growing TD loss above is
a symptom of divergence, not of learning. Notebook 06 records this
all through training, and notebook 07 shows by experiment what prevents divergence.
""",
)

course.md(
    ko=r"""
**📄 논문에서** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): Algorithm 1(Deep Q-learning with Experience Replay)이 이 노트북에서 조립한 루프 전체입니다: 행동 선택, 저장, 미니배치 샘플, 타깃, 경사 하강 한 걸음. 4절이 그 설계를 설명합니다.

## 요약

- 에이전트의 한 스텝: `select_action`(ε-탐욕) → 환경 → `update`(버퍼에 저장, ε 갱신) → `can_sample`이면 `train`
  (`epoch`번: 샘플링 → `compute_td_loss` → 경사 하강 → 타깃 신경망 복사).
- `DQNConfig`는 원래 노트북의 6개 필드에 2013년 이후의 기법(타깃 신경망, 더블 DQN, 후버 손실, 그래디언트 클리핑, 층 정규화,
  학습률 감소)과 실행 환경을 더했고, 만들 때 모든 값을 검사해 무엇이 왜 틀렸는지 알려 줍니다.
- 2013년 논문은 타깃 신경망 없이 같은 신경망으로(그래디언트 없이) 타깃을 계산하고 제곱 오차를 씁니다. 2015년 논문은
  주기적으로 복사하는 타깃 신경망과 오차 클리핑(후버 손실)을 더했습니다.
- 버퍼에는 `truncated`를 빼고 `terminated`만 넣고, 에피소드는 둘 중 하나라도 True면 리셋합니다.
- 이제부터는 `dqn_teach.agent.DQN`과 `make_agent`를 씁니다. `log_data`는 `{태그: (값, 스텝)}`이고 읽을 때마다 손실 평균이
  초기화됩니다.

다음 노트북(06)에서는 벡터 환경, 평가, TensorBoard, 체크포인트까지 갖춘 학습 루프로 CartPole을 끝까지 풉니다.

## 연습 문제

1. (코딩) `config.replace(target_update_period=100, loss="huber")`로 2015년 방식 에이전트를 만들어 5절의 실험을 다시 해 보세요.
   3,000스텝 안에서 무엇이 달라지나요? `check_dqn_update`는 여러분의 클래스가 이 설정도 지원하는지 검사했습니다. 어느
   항목이었나요?
2. (코딩) `update`에서 ε을 `train()` **뒤에** 갱신하도록 바꾸면 6절의 두 곡선이 여전히 겹칠까요? 먼저 예상하고, 실행해서
   확인한 뒤 이유를 설명해 보세요. (힌트: ε을 읽는 곳은 어디인가요?)
3. (코딩) `seed_notebook_config()`로 5절의 실험을 해 보세요. 원래 노트북 설정에서 ε은 3,000스텝 뒤 얼마인가요? 버퍼 용량
   1,000은 학습 초반의 짧은 CartPole 에피소드(20스텝 안팎) 몇 개 분량인가요?
4. (코딩) `learning_starts=1_000`을 주면 `training_step`은 3,000스텝 뒤 얼마가 되어야 하나요? 먼저 손으로 계산하고
   (`training_freq`, `epoch`를 생각하세요) 실행해서 확인해 보세요.
5. (코딩) `DQNConfig(training_freq=16, batch_size=128, capacity=1000, epoch=3, epsilon_linear_decay=(0, 100, 1.5, 0.1))`은
   어떤 오류를 내나요? 오류 메시지만 읽고 고쳐 보세요.
""",
    en=r"""
**📄 In the paper** (Mnih et al. 2013, [arXiv:1312.5602](https://arxiv.org/abs/1312.5602)): Algorithm 1 (Deep Q-learning with Experience Replay) is the whole loop assembled in this notebook: act, store, sample a mini-batch, target, one gradient step. Section 4 explains the design.

## Summary

- One agent step: `select_action` (ε-greedy) → environment → `update` (store in the buffer, update ε) →
  `train` when `can_sample` (`epoch` times: sample → `compute_td_loss` → gradient step → target copy).
- `DQNConfig` keeps the original notebook's 6 fields, adds the techniques that came after 2013 (target
  network, Double DQN, Huber loss, gradient clipping, layer normalization, learning-rate decay) and where
  to run, and checks every value when it is
  built, saying what is wrong and why.
- The 2013 paper computes the target with the same network (without gradient) and uses the squared
  error; the 2015 paper added a periodically copied target network and error clipping (the Huber loss).
- Store termination only; reset the episode on termination or truncation.
- From now on we use `dqn_teach.agent.DQN` and `make_agent`. `log_data` is `{tag: (value, step)}`, and
  reading it resets the loss average.

The next notebook (06) solves CartPole with a complete training loop: vector environments, evaluation,
TensorBoard and checkpoints.

## Exercises

1. (Code) Build a 2015-style agent with `config.replace(target_update_period=100, loss="huber")` and rerun the
   experiment of section 5. What changes within 3,000 steps? `check_dqn_update` also checked that your
   class supports this setting: which item was it?
2. (Code) Change `update` to set ε **after** `train()`. Will the two curves of section 6 still overlap? Predict
   first, then run it and explain why. (Hint: where is ε read?)
3. (Code) Run section 5 with `seed_notebook_config()`. What is ε after 3,000 steps with the original notebook's
   settings? How many of the short early CartPole episodes (about 20 steps) fit into its buffer capacity of 1,000?
4. (Code) With `learning_starts=1_000`, what should `training_step` be after 3,000 steps? Work it out by hand
   first (think of `training_freq` and `epoch`), then run it to check.
5. (Code) What error does `DQNConfig(training_freq=16, batch_size=128, capacity=1000, epoch=3,
   epsilon_linear_decay=(0, 100, 1.5, 0.1))` raise? Fix it from the error message alone.
""",
)
