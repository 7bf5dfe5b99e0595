"""Every error, warning and notice the package shows a learner, in Korean and English.

The package raises ``ValueError(str(messages.GAMMA_RANGE.format(gamma=gamma)))`` and the like: the
text follows the current language (:func:`dqn_teach.i18n.get_lang`), which
``dqn_teach.course.setup(lang="ko")`` sets in a notebook and ``DQN_TEACH_LANG=ko`` sets for the
CLI. Exception classes do not change with the language; only their messages do.

Korean messages name the field first and avoid particles right after a ``{placeholder}``, whose
final sound is not known in advance ("받은 값: 1.5" rather than "1.5을(를) 받았습니다").
"""

from __future__ import annotations

from dqn_teach.i18n import Bi

# --- language (dqn_teach.i18n) -----------------------------------------------------------------

LANG_CHOICE = Bi(
    ko="lang은 'ko' 또는 'en'이어야 합니다. 받은 값: {lang!r}.",
    en="lang must be 'ko' or 'en', got {lang!r}.",
)

# --- DQNConfig (dqn_teach.config) -------------------------------------------------------------

UNKNOWN_CONFIG_FIELDS = Bi(
    ko="DQNConfig에 없는 필드입니다: {unknown}. 쓸 수 있는 필드: {valid}.",
    en="unknown DQNConfig field(s): {unknown}. Valid fields: {valid}.",
)
UNKNOWN_SAVED_CONFIG_FIELDS = Bi(
    ko="저장된 설정에 DQNConfig에 없는 필드가 있습니다: {unknown}.",
    en="unknown DQNConfig field(s) in the saved config: {unknown}.",
)
INTEGER_AT_LEAST_ONE = Bi(
    ko="{name}: 1 이상의 정수여야 합니다. 받은 값: {value!r}.",
    en="{name} must be an integer ≥ 1, got {value!r}.",
)
BATCH_LARGER_THAN_CAPACITY = Bi(
    ko="batch_size({batch_size})가 capacity({capacity})보다 클 수 없습니다. 미니배치는 리플레이 "
    "버퍼에서 뽑기 때문입니다.",
    en="batch_size ({batch_size}) must not exceed capacity ({capacity}): a batch is drawn "
    "from the replay buffer.",
)
EPSILON_DECAY_FORM = Bi(
    ko="epsilon_linear_decay는 (start_t, end_t, start_value, end_value) 네 값이어야 합니다. "
    "받은 값: {decay!r}.",
    en="epsilon_linear_decay must be (start_t, end_t, start_value, end_value), got {decay!r}.",
)
EPSILON_DECAY_STEPS = Bi(
    ko="epsilon_linear_decay의 스텝은 0 ≤ start_t < end_t인 정수여야 합니다. 받은 값: "
    "start_t={start_t!r}, end_t={end_t!r}.",
    en="epsilon_linear_decay needs integer steps, 0 ≤ start_t < end_t, got start_t={start_t!r}"
    ", end_t={end_t!r}.",
)
EPSILON_DECAY_PROBABILITY = Bi(
    ko="epsilon_linear_decay의 {name}: 확률이므로 [0, 1] 범위여야 합니다. 받은 값: {value!r}.",
    en="epsilon_linear_decay {name} is a probability and must be in [0, 1], got {value!r}.",
)
GAMMA_RANGE = Bi(
    ko="gamma(할인율)는 [0, 1) 범위여야 합니다. 받은 값: {gamma!r}. gamma = 1이면 긴 에피소드의 "
    "반환값이 한없이 커질 수 있습니다.",
    en="gamma must be in [0, 1), got {gamma!r}. gamma = 1 makes the return of a long "
    "episode unbounded.",
)
LEARNING_RATE_POSITIVE = Bi(
    ko="learning_rate(학습률)는 양수여야 합니다. 받은 값: {value!r}.",
    en="learning_rate must be a positive number, got {value!r}.",
)
LEARNING_RATE_DECAY_FORM = Bi(
    ko="learning_rate_decay는 None이거나 (end_t, end_value) 쌍이어야 합니다. "
    "end_t는 1 이상의 정수(환경 스텝), end_value는 양수(마지막 학습률)입니다. "
    "예: (20_000, 1e-4). 받은 값: {value!r}.",
    en="learning_rate_decay must be None or a pair (end_t, end_value): end_t an integer ≥ 1 "
    "(environment steps), end_value a positive number (the final learning rate), e.g. "
    "(20_000, 1e-4); got {value!r}.",
)
LEARNING_STARTS_RANGE = Bi(
    ko="learning_starts는 0 이상의 정수여야 합니다. 받은 값: {value!r}.",
    en="learning_starts must be an integer ≥ 0, got {value!r}.",
)
TARGET_UPDATE_PERIOD_RANGE = Bi(
    ko="target_update_period는 None(2013년 논문처럼 타깃 신경망 없음)이거나 1 이상의 정수여야 "
    "합니다. 받은 값: {value!r}.",
    en="target_update_period must be None (no target network, as in the 2013 paper) or an "
    "integer ≥ 1, got {value!r}.",
)
LAYER_NORM_BOOL = Bi(
    ko="layer_norm은 True 또는 False여야 합니다. 받은 값: {value!r}.",
    en="layer_norm must be True or False, got {value!r}.",
)
LAYER_NORM_NEEDS_MLP = Bi(
    ko="layer_norm=True는 network=\"mlp\"에만 쓸 수 있습니다(network={network!r}). "
    "layer_norm=False로 두거나 network=\"mlp\"를 쓰세요.",
    en="layer_norm=True works only with network=\"mlp\" (got network={network!r}); "
    "leave layer_norm=False or use network=\"mlp\".",
)
MIRROR_AUGMENTATION_BOOL = Bi(
    ko="mirror_augmentation은 True 또는 False여야 합니다. 받은 값: {value!r}.",
    en="mirror_augmentation must be True or False, got {value!r}.",
)
MIRROR_AUGMENTATION_NEEDS_MLP = Bi(
    ko="mirror_augmentation=True는 network=\"mlp\"에만 쓸 수 있습니다(network={network!r}). "
    "화면 프레임은 부호를 바꾼다고 좌우가 뒤집히지 않습니다. mirror_augmentation=False로 두세요.",
    en="mirror_augmentation=True works only with network=\"mlp\" (got network={network!r}): "
    "negating image frames does not mirror them. Leave mirror_augmentation=False.",
)
MIRROR_NEEDS_NUM_ACTIONS = Bi(
    ko="mirror_augmentation=True는 행동 순서를 뒤집어야 하므로 신경망에 num_actions 속성이 있어야 "
    "합니다({type_name}에는 없습니다). MLPQNet을 쓰거나 신경망에 num_actions를 두세요.",
    en="mirror_augmentation=True reverses the action order, so the network needs a num_actions "
    "attribute ({type_name} has none). Use MLPQNet, or give the network num_actions.",
)
DOUBLE_DQN_BOOL = Bi(
    ko="double_dqn은 True 또는 False여야 합니다. 받은 값: {value!r}.",
    en="double_dqn must be True or False, got {value!r}.",
)
DOUBLE_DQN_NEEDS_TARGET = Bi(
    ko="double_dqn=True에는 타깃 신경망이 필요합니다. target_update_period를 지정하세요(예: 500). "
    "타깃 신경망이 없으면 더블 DQN은 같은 신경망으로 행동을 고르고 값도 매기므로 일반 DQN과 "
    "같아집니다.",
    en="double_dqn=True needs a target network: set target_update_period (e.g. 500). Without "
    "one, Double DQN selects and evaluates with the same network, which is plain DQN.",
)
MULTI_STEP_RANGE = Bi(
    ko="multi_step은 1 이상의 정수(n-스텝 리턴의 n)여야 합니다. 1이면 논문의 한 스텝 타깃입니다. "
    "받은 값: {value!r}.",
    en="multi_step must be an integer ≥ 1 (the n of n-step returns; 1 is the papers' one-step "
    "target), got {value!r}.",
)
MULTI_STEP_NEEDS_UNIFORM = Bi(
    ko="multi_step > 1에는 replay_buffer=\"uniform\"이 필요합니다"
    "(replay_buffer={replay_buffer!r}). 프레임 공유 버퍼는 연속한 한 스텝 전이에서 "
    "next_obs를 다시 만들기 때문입니다. "
    "multi_step=1로 두거나 replay_buffer=\"uniform\"을 쓰세요.",
    en="multi_step > 1 needs replay_buffer=\"uniform\" (got {replay_buffer!r}): the "
    "frame-sharing buffer rebuilds next_obs from consecutive one-step transitions. Keep "
    "multi_step=1 or use replay_buffer=\"uniform\".",
)
MULTI_STEP_NEEDS_TRUNCATED = Bi(
    ko="multi_step={n}인 에이전트의 update()에는 truncated가 필요합니다. n-스텝 리턴이 에피소드 "
    "경계를 넘지 않게 하려면 시간 제한으로 끝난 환경을 알아야 합니다. env.step()이 돌려준 값을 "
    "넘기세요: agent.update(experience, truncated=truncated).",
    en="update() of an agent with multi_step={n} needs truncated: n-step returns must stop "
    "where an episode hit its time limit. Pass what env.step() returned: "
    "agent.update(experience, truncated=truncated).",
)
LOSS_CHOICE = Bi(
    ko="loss는 {choices} 중 하나여야 합니다. 받은 값: {value!r}.",
    en="loss must be one of {choices}, got {value!r}.",
)
MAX_GRAD_NORM_RANGE = Bi(
    ko="max_grad_norm은 None(클리핑 안 함)이거나 양수여야 합니다. 받은 값: {value!r}.",
    en="max_grad_norm must be None (no clipping) or a positive number, got {value!r}.",
)
OPTIMIZER_CHOICE = Bi(
    ko="optimizer는 {choices} 중 하나여야 합니다. 받은 값: {value!r}.",
    en="optimizer must be one of {choices}, got {value!r}.",
)
NETWORK_CHOICE = Bi(
    ko="network는 {choices} 중 하나여야 합니다. 받은 값: {value!r}.",
    en="network must be one of {choices}, got {value!r}.",
)
HIDDEN_SIZES_FORM = Bi(
    ko="hidden_sizes는 양의 정수 하나 이상이어야 합니다. 받은 값: {value!r}.",
    en="hidden_sizes must be one or more positive integers, got {value!r}.",
)
DEVICE_CHOICE = Bi(
    ko="device는 'cpu', 'cuda', 'cuda:N', 'mps', 'auto' 중 하나여야 합니다. 받은 값: {value!r}.",
    en="device must be 'cpu', 'cuda', 'cuda:N', 'mps' or 'auto', got {value!r}.",
)
SEED_RANGE = Bi(
    ko="seed는 0 이상의 정수여야 합니다. 받은 값: {value!r}.",
    en="seed must be an integer ≥ 0, got {value!r}.",
)
UNKNOWN_PRESET = Bi(
    ko="없는 프리셋입니다: {name!r}. 다음 중에서 고르세요: {choices}.",
    en="unknown preset {name!r}; choose one of {choices}.",
)

REPLAY_BUFFER_CHOICE = Bi(
    ko="replay_buffer는 {choices} 중 하나여야 합니다. 받은 값: {value!r}.",
    en="replay_buffer must be one of {choices}, got {value!r}.",
)

# --- ε-greedy policy and schedule (dqn_teach.policy) -------------------------------------------

EPSILON_RANGE = Bi(
    ko="epsilon은 0과 1 사이여야 합니다. 받은 값: {epsilon}.",
    en="epsilon must be between 0 and 1, got {epsilon}.",
)
Q_VALUES_SHAPE = Bi(
    ko="q_values의 모양은 (num_envs, num_actions)여야 합니다. 받은 모양: {shape}. "
    "관측이 하나뿐이면 q_values.unsqueeze(0)으로 맨 앞에 환경 축을 붙이세요.",
    en="q_values must have shape (num_envs, num_actions), got {shape}. "
    "For a single observation use q_values.unsqueeze(0).",
)
SCHEDULE_END_BEFORE_START = Bi(
    ko="end_t({end_t})는 start_t({start_t})보다 커야 합니다. start_value에서 end_value로 옮겨 "
    "가려면 적어도 한 스텝이 필요합니다.",
    en="end_t ({end_t}) must be greater than start_t ({start_t}): the schedule needs "
    "at least one step to move from start_value to end_value.",
)

# --- replay buffer (dqn_teach.replay_buffer) ---------------------------------------------------

POSITIVE_INTEGER = Bi(
    ko="{name}: 양의 정수여야 합니다. 받은 값: {value!r}.",
    en="{name} must be a positive integer, got {value!r}.",
)
CAPACITY_BELOW_NUM_ENVS = Bi(
    ko="capacity({capacity})는 num_envs({num_envs}) 이상이어야 합니다. add() 한 번에 전이를 "
    "num_envs개 쓰기 때문입니다.",
    en="capacity ({capacity}) must be at least num_envs ({num_envs}): one add() writes "
    "num_envs transitions.",
)
STORE_MASK_SHAPE = Bi(
    ko="store_mask의 모양은 ({num_envs},)여야 합니다. 받은 모양: {shape}.",
    en="store_mask must have shape ({num_envs},), got {shape}.",
)
CANNOT_SAMPLE = Bi(
    ko="전이 {batch_size}개를 샘플링할 수 없습니다. 버퍼에는 {count}개뿐입니다. 경험을 더 모은 "
    "뒤에(`can_sample`로 확인하세요) 샘플링하거나 sampled_batch_size를 줄이세요.",
    en="Cannot sample {batch_size} transitions: the buffer holds only {count}. Add more "
    "experience first (check `can_sample`), or lower sampled_batch_size.",
)
ADD_NEEDS_EXPERIENCE = Bi(
    ko="add()에는 Experience를 넘겨야 합니다. 받은 타입: {type_name}. "
    "Experience(obs, action, next_obs, reward, terminated)나 make_experience(...)로 만드세요.",
    en="add() expects an Experience, got {type_name}. Build one with "
    "Experience(obs, action, next_obs, reward, terminated) or make_experience(...).",
)
OBS_SHAPE = Bi(
    ko="obs의 모양은 (num_envs={num_envs}, *obs_shape)여야 합니다. 받은 모양: {shape}. "
    "obs[np.newaxis]처럼 맨 앞에 환경 축을 붙이거나, 버퍼를 알맞은 num_envs로 만드세요.",
    en="obs must have shape (num_envs={num_envs}, *obs_shape), got {shape}. "
    "Add a leading env axis, e.g. obs[np.newaxis], or create the buffer with the "
    "right num_envs.",
)
NEXT_OBS_SHAPE = Bi(
    ko="next_obs의 모양({next_shape})과 obs의 모양({shape})이 다릅니다. 둘은 같아야 합니다.",
    en="next_obs has shape {next_shape} but obs has {shape}; they must match.",
)
COLUMN_SHAPE = Bi(
    ko="{name}의 모양은 (num_envs, 1) = ({num_envs}, 1)이어야 합니다. 받은 모양: {shape}. "
    ".reshape({num_envs}, 1)로 바꾸세요.",
    en="{name} must have shape (num_envs, 1) = ({num_envs}, 1), got "
    "{shape}. Reshape with .reshape({num_envs}, 1).",
)
ACTION_DTYPE = Bi(
    ko="action은 정수 배열(행동 인덱스)이어야 합니다. 받은 dtype: {dtype}.",
    en="action must be an integer array (action indices), got dtype {dtype}.",
)
OBS_SHAPE_CHANGED = Bi(
    ko="obs_shape가 바뀌었습니다. 버퍼에 저장된 모양: {stored}, 받은 모양: {shape}.",
    en="obs_shape changed: the buffer stores {stored}, got {shape}.",
)
OBS_DTYPE_CHANGED = Bi(
    ko="obs의 dtype이 바뀌었습니다. 버퍼에 저장된 dtype: {stored}, 받은 dtype: {dtype}. "
    ".astype(np.{stored})로 변환하세요.",
    en="obs dtype changed: the buffer stores {stored}, got {dtype}. Cast "
    "with .astype(np.{stored}).",
)
OBS_FLOAT64 = Bi(
    ko="obs가 float64입니다. 관측은 float32로 저장하세요(obs.astype(np.float32)). 신경망의 "
    "dtype과 맞고 메모리도 절반만 씁니다.",
    en="obs is float64; store observations as float32 (obs.astype(np.float32)) so they "
    "match the network's dtype and use half the memory.",
)

# --- Atari (dqn_teach.atari) --------------------------------------------------------------------

ATARI_NEEDS_ALE_PY = Bi(
    ko="Atari 환경에는 ale-py와 opencv가 필요합니다. 설치하세요: pip install ale-py "
    "opencv-python-headless (또는 pip install -e '.[atari]').",
    en="Atari needs ale-py and opencv: pip install ale-py opencv-python-headless "
    "(or pip install -e '.[atari]').",
)
ATARI_ENV_ID = Bi(
    ko="make_atari_env에는 'ALE/Pong-v5' 같은 ALE 환경 ID가 필요합니다. 받은 값: {env_id!r}.",
    en="make_atari_env needs an ALE id such as 'ALE/Pong-v5', got {env_id!r}.",
)
ATARI_CAPACITY_TOO_SMALL = Bi(
    ko="capacity({capacity})가 너무 작습니다. 환경 {num_envs}개, 프레임 {stack_size}장짜리 스택"
    "이면 전이 하나에 프레임이 {frames}장 필요합니다. capacity를 {minimum} 이상으로 늘리세요.",
    en="capacity ({capacity}) is too small for {num_envs} env(s) and stacks of "
    "{stack_size}: one transition needs {frames} frames; use capacity ≥ {minimum}.",
)
FRAME_STACK_NOT_SHIFTED = Bi(
    ko="환경 {env}: next_obs는 obs를 한 프레임 밀어 놓은 것이어야 합니다(next_obs[:-1] == "
    "obs[1:]). 이 버퍼는 next_obs마다 가장 새 프레임 한 장만 저장하기 때문입니다. "
    "FrameStackObservation과 벡터 환경의 기본 자동 리셋(next-step autoreset)을 쓰고, "
    "자동 리셋 스텝은 store_mask로 건너뛰세요.",
    en="env {env}: next_obs must be obs moved on by one frame (next_obs[:-1] == "
    "obs[1:]); this buffer keeps only each next_obs's newest frame. Use "
    "FrameStackObservation and the vector env's default next-step autoreset, "
    "and skip the autoreset step with store_mask.",
)
ATARI_SLOTS_INVALID = Bi(
    ko="slots에는 저장된 전이가 있는 링 버퍼 위치만 넣을 수 있습니다. valid_slots()로 얻으세요.",
    en="slots must be ring positions of stored transitions: valid_slots().",
)
TOO_FEW_SAMPLEABLE = Bi(
    ko="슬롯 {filled}개 가운데 샘플링할 수 있는 전이가 너무 적습니다. 용량(capacity)을 늘리세요.",
    en="found too few sampleable transitions among {filled} slots; raise the capacity.",
)
ATARI_OBS_SHAPE = Bi(
    ko="obs의 모양은 (num_envs={num_envs}, stack_size={stack_size}, H, W)여야 합니다. "
    "받은 모양: {shape}. 환경은 dqn_teach.atari.make_atari_env로 만드세요.",
    en="obs must have shape (num_envs={num_envs}, stack_size={stack_size}, "
    "H, W), got {shape}. Build the env with dqn_teach.atari.make_atari_env.",
)
ATARI_FRAMES_DTYPE = Bi(
    ko="AtariReplayBuffer는 uint8 프레임(0-255)을 저장합니다. 받은 dtype: {obs_dtype}/"
    "{next_obs_dtype}. AtariPreprocessing의 uint8 출력을 그대로 쓰세요(scale_obs=False). "
    "스케일 조정은 신경망이 합니다.",
    en="AtariReplayBuffer stores uint8 frames (0-255), got {obs_dtype}/{next_obs_dtype}."
    " Keep AtariPreprocessing's uint8 output (scale_obs=False); the network scales.",
)
FRAME_SHAPE_CHANGED = Bi(
    ko="프레임 모양이 바뀌었습니다. 버퍼에 저장된 모양: {stored}, 받은 모양: {shape}.",
    en="frame shape changed: the buffer stores {stored}, got {shape}.",
)
ATARI_NEEDS_ATARI_NETWORK = Bi(
    ko="Atari 에이전트에는 network='atari2013'이 필요합니다. 받은 값: {network!r}. "
    "'atari2013' 프리셋(--preset atari2013)을 쓰세요.",
    en="an Atari agent needs network='atari2013', got {network!r}; use the "
    "'atari2013' preset (--preset atari2013).",
)
FRAME_SHARING_NEEDS_OBS_SHAPE = Bi(
    ko="replay_buffer='frame_sharing'에는 관측의 모양이 필요합니다. 에이전트를 "
    "make_agent(config, obs_shape, ...)로 만들거나 DQN(..., obs_shape=(4, 84, 84))을 넘기세요.",
    en="replay_buffer='frame_sharing' needs the observation shape: build the agent with "
    "make_agent(config, obs_shape, ...) or pass DQN(..., obs_shape=(4, 84, 84)).",
)
ATARI_OBS_SHAPE_2013 = Bi(
    ko="Atari 관측의 모양은 (stack_size, {size}, {size})여야 합니다. 받은 모양: {shape}. "
    "환경은 dqn_teach.atari.make_atari_env로 만드세요(ALE ID라면 "
    "dqn_teach.envs.env_factory가 대신 해 줍니다).",
    en="Atari needs (stack_size, {size}, {size}) observations, got "
    "{shape}. Build the env with dqn_teach.atari.make_atari_env "
    "(dqn_teach.envs.env_factory does it for ALE ids).",
)
REPLAY_EXCEEDS_MEMORY = Bi(
    ko="리플레이 버퍼를 전이 {capacity:,}개로 가득 채우려면 {needed_gb:.1f} GB가 필요합니다. "
    "이 컴퓨터의 RAM({available_gb:.1f} GB)보다 큽니다. 메모리는 버퍼가 찰 때마다 조금씩 "
    "쓰므로 짧게 돌릴 때는 괜찮지만, 오래 학습하려면 용량을 줄이세요(--capacity).",
    en="a full replay memory of {capacity:,} transitions needs {needed_gb:.1f} GB, more "
    "than this machine's {available_gb:.1f} GB of RAM. Memory is taken as the "
    "buffer fills, so short runs work; for long runs lower it (--capacity).",
)

# --- networks and threads (dqn_teach.networks, dqn_teach.runtime) -----------------------------

ATARI_FRAMES_SHAPE = Bi(
    ko="AtariQNet에는 (batch, {channels}, 84, 84) 모양의 프레임이 필요합니다. 받은 모양: {shape}. "
    "전처리는 dqn_teach.atari.make_atari_env로 하세요.",
    en="AtariQNet expects (batch, {channels}, 84, 84) frames, got "
    "{shape}. Use dqn_teach.atari.make_atari_env for preprocessing.",
)
NUM_THREADS_RANGE = Bi(
    ko="num_threads는 1 이상이거나 None이어야 합니다. 받은 값: {num_threads}.",
    en="num_threads must be ≥ 1 or None, got {num_threads}.",
)

# --- environments (dqn_teach.envs) -------------------------------------------------------------

UNKNOWN_ENV = Bi(
    ko="gymnasium에 없는 환경입니다: {env_id!r} ({error}).",
    en="unknown gymnasium env {env_id!r}: {error}",
)
NEEDS_DISCRETE_ACTIONS = Bi(
    ko="DQN에는 이산 행동 공간이 필요합니다. 받은 행동 공간: {space}. 행동이 Discrete인 환경"
    "(CartPole-v1, LunarLander-v3, ALE/...)을 고르세요.",
    en="DQN needs a discrete action space, got {space}. Pick an env with "
    "Discrete actions (CartPole-v1, LunarLander-v3, ALE/...).",
)

# --- training (dqn_teach.training) -------------------------------------------------------------

NUM_ENVS_AT_LEAST_ONE = Bi(
    ko="num_envs는 1 이상이어야 합니다. 받은 값: {num_envs}.",
    en="num_envs must be ≥ 1, got {num_envs}.",
)
TOTAL_STEPS_AT_LEAST_ONE = Bi(
    ko="total_steps는 1 이상이어야 합니다. 받은 값: {total_steps}.",
    en="total_steps must be ≥ 1, got {total_steps}.",
)
NEEDS_NEXT_STEP_AUTORESET = Bi(
    ko="train()에는 autoreset_mode=NEXT_STEP인 벡터 환경이 필요합니다. 받은 값: {mode!r}. "
    "make_vector_env(...)로 만들거나 vector_kwargs={{'autoreset_mode': "
    "gym.vector.AutoresetMode.NEXT_STEP}}을 넘기세요.",
    en="train() needs a vector env with autoreset_mode=NEXT_STEP, got {mode!r}; build it "
    "with make_vector_env(...) or vector_kwargs={{'autoreset_mode': "
    "gym.vector.AutoresetMode.NEXT_STEP}}.",
)
MIRROR_AUGMENTATION_NEEDS_CARTPOLE = Bi(
    ko="mirror_augmentation=True는 CartPole의 좌우 대칭을 씁니다(관측 네 개의 부호를 바꾸고 "
    "행동 0과 1을 바꿉니다). 이 대칭이 없는 환경에서는 틀린 전이를 학습하는데, 받은 환경은 "
    "CartPole이 아닙니다(id: {env_id!r}). mirror_augmentation=False로 두세요(예: "
    "preset(\"cartpole\", mirror_augmentation=False), CLI에서는 --set mirror_augmentation=false).",
    en="mirror_augmentation=True uses CartPole's left-right symmetry (the four observations "
    "negated, actions 0 and 1 swapped); on an env without that symmetry it would learn wrong "
    "transitions, and this env is not CartPole (id: {env_id!r}). Set mirror_augmentation=False "
    "(e.g. preset(\"cartpole\", mirror_augmentation=False), or --set mirror_augmentation=false "
    "in the CLI).",
)
NUM_ENVS_MISMATCH = Bi(
    ko="벡터 환경에는 환경이 {env_count}개 있는데 에이전트는 {agent_count}개에 맞춰 "
    "만들어졌습니다. DQN(...)을 만들 때 이 값을 넘기세요: num_envs={env_count}.",
    en="the vector env has {env_count} envs but the agent was built for "
    "{agent_count}; pass num_envs={env_count} to DQN(...).",
)
TRAINING_INTERRUPTED = Bi(
    ko="환경 스텝 {env_steps}에서 학습을 멈췄습니다. 에이전트는 지금 상태 그대로 쓸 수 있습니다.",
    en="Training interrupted at {env_steps} env steps; the agent is usable.",
)

# --- agent and checkpoints (dqn_teach.agent) ---------------------------------------------------

CONFIG_TYPE = Bi(
    ko="config에는 DQNConfig를 넘겨야 합니다. 받은 타입: {type_name}.",
    en="config must be a DQNConfig, got {type_name}.",
)
TD_TARGET_SHAPE = Bi(
    ko="Q(s, a)의 모양은 {q_shape}인데 TD 타깃의 모양은 {target_shape}입니다. reward와 "
    "terminated는 (batch, 1) 모양이어야 합니다.",
    en="Q(s, a) has shape {q_shape} but the TD target has "
    "{target_shape}; reward and terminated must be (batch, 1).",
)
NOT_A_CHECKPOINT = Bi(
    ko="{path}: dqn_teach 체크포인트가 아닙니다. 체크포인트에는 {config_file} 파일과 "
    "{weights_file} 파일이 있어야 합니다.",
    en="{path} is not a dqn_teach checkpoint: it needs {config_file} and {weights_file}.",
)
UNKNOWN_NETWORK_CLASS = Bi(
    ko="체크포인트에 적힌 신경망 클래스를 알 수 없습니다: {name!r}. 아는 클래스: {known}. "
    "직접 만든 신경망이라면 그 신경망을 만들어 DQN.load(path, network=...)로 넘기세요.",
    en="unknown network class {name!r} in checkpoint; known: {known}. For a "
    "network of your own, build it yourself and pass it to DQN.load(path, network=...).",
)
CHECKPOINT_CONFIG_CORRUPT = Bi(
    ko="{path}: 파일이 잘렸거나 손상되었습니다({error}). 다른 체크포인트를 쓰세요.",
    en="{path} is truncated or corrupt ({error}); use another checkpoint.",
)
CHECKPOINT_FILE_MISSING = Bi(
    ko="{path}: 파일이 없습니다. 체크포인트가 완전하지 않습니다.",
    en="{path} is missing; the checkpoint is incomplete.",
)
CHECKPOINT_FILE_CORRUPT = Bi(
    ko="{path}: 파일이 잘렸거나 손상되었습니다({size}바이트, 체크섬 {checksum}…; 기대한 값은 "
    "{expected_size}바이트, {expected_checksum}…). 다른 체크포인트를 쓰세요.",
    en="{path} is truncated or corrupt ({size} bytes, checksum {checksum}…; expected "
    "{expected_size} bytes, {expected_checksum}…); use another checkpoint.",
)
CHECKPOINT_NOT_TENSORS = Bi(
    ko="{path}: 텐서가 아닌 객체가 들어 있어서 불러오지 않습니다(weights_only=True). 원인: {error}",
    en="{path} holds objects other than tensors, so it is not loaded (weights_only=True): "
    "{error}",
)
CHECKPOINT_UNREADABLE = Bi(
    ko="{path}: 파일을 읽을 수 없습니다({error}).",
    en="{path} cannot be read ({error}).",
)
CHECKPOINT_NOT_RESUMABLE = Bi(
    ko="{path}: 파일이 없습니다. 가중치만 저장된 체크포인트라서 학습을 이어 갈 수 없습니다.",
    en="{path} is missing: this checkpoint holds weights only and cannot be resumed.",
)
WEIGHTS_DO_NOT_FIT = Bi(
    ko="{path}: 가중치가 이 신경망에 맞지 않습니다. {error}",
    en="{path} does not fit: {error}",
)
CHECKPOINT_NEEDS_NETWORK = Bi(
    ko="이 체크포인트에는 직접 만든 신경망이 들어 있습니다. DQN.load(path, network=...)로 그 "
    "신경망을 넘기세요.",
    en="this checkpoint holds a custom network; pass it: DQN.load(path, network=...).",
)
MLP_NEEDS_FLAT_OBS = Bi(
    ko="'mlp' 신경망에는 1차원 관측이 필요합니다. 받은 obs_shape: {shape}. 이미지 관측에는 "
    "network='atari2013'을 쓰세요.",
    en="the 'mlp' network needs flat observations, got obs_shape {shape}. For image "
    "observations use network='atari2013'.",
)

# --- tabular Q-learning (dqn_teach.tabular) ----------------------------------------------------

ALPHA_RANGE = Bi(
    ko="alpha(스텝 크기)는 (0, 1] 범위여야 합니다. 받은 값: {alpha}.",
    en="alpha (the step size) must be in (0, 1], got {alpha}.",
)
TABULAR_GAMMA_RANGE = Bi(
    ko="gamma(할인율)는 [0, 1] 범위여야 합니다. 받은 값: {gamma}.",
    en="gamma (the discount factor) must be in [0, 1], got {gamma}.",
)
Q_TABLE_NEEDS_DISCRETE = Bi(
    ko="Q 테이블에는 관측 공간과 행동 공간이 모두 Discrete인 환경(CliffWalking, FrozenLake, "
    "Taxi)이 필요합니다. 받은 공간: {obs_space}, {action_space}. 연속 상태에는 함수 근사, 곧 "
    "Q 신경망이 필요합니다(노트북 04).",
    en="A Q-table needs Discrete observation and action spaces (CliffWalking, FrozenLake, "
    "Taxi); got {obs_space} and {action_space}. Continuous states need "
    "function approximation, i.e. a Q-network (notebook 04).",
)
ALGORITHM_CHOICE = Bi(
    ko="algorithm은 {choices} 중 하나여야 합니다. 받은 값: {value!r}.",
    en="algorithm must be one of {choices}, got {value!r}.",
)

# --- widgets (dqn_teach.widgets) ----------------------------------------------------------------

WIDGET_Q_VALUES = Bi(
    ko="q_values에는 유한한 수를 2개 이상(행동마다 하나씩) 1차원 리스트로 넘겨야 합니다. "
    "받은 값: {q_values!r}.",
    en="q_values must be a flat list of at least 2 finite numbers (one per action), got "
    "{q_values!r}.",
)
WIDGET_GAMMA_RANGE = Bi(
    ko="이 탐색기에서 gamma는 0과 {max_gamma} 사이여야 합니다. 받은 값: {gamma}. "
    "(gamma = 1이면 유효 지평선이 무한해집니다.)",
    en="gamma must be between 0 and {max_gamma} for this explorer, got {gamma}. "
    "(gamma = 1 makes the horizon infinite.)",
)

# --- figures (dqn_teach.fonts) ------------------------------------------------------------------

NO_KOREAN_FONT = Bi(
    ko="한글 글꼴을 찾지 못해 그림의 글자를 영어로 표시합니다(fonts-nanum을 설치하거나 "
    "`pip install koreanize-matplotlib`을 실행하세요).",
    en="No Korean font found (install fonts-nanum or `pip install koreanize-matplotlib`);"
    " figure labels fall back to English.",
)

# --- command line (dqn_teach.cli) --------------------------------------------------------------

SET_NEEDS_FIELD_VALUE = Bi(
    ko="--set은 FIELD=VALUE 형식이어야 합니다. 받은 값: {item!r} (예: --set gamma=0.95).",
    en="--set needs FIELD=VALUE, got {item!r} (e.g. --set gamma=0.95).",
)
RESUME_DROP_FLAGS = Bi(
    ko="--resume은 체크포인트에 저장된 설정으로 이어 갑니다. 다음 옵션을 빼세요: {flags} "
    "(--total-steps, --threads, --no-progress만 쓸 수 있습니다).",
    en="--resume continues with the checkpoint's settings; drop {flags} (only "
    "--total-steps, --threads and --no-progress apply).",
)
RESUME_NEEDS_TOTAL_STEPS = Bi(
    ko="--resume에는 --total-steps N이 필요합니다. N은 이미 마친 스텝까지 포함해 도달할 "
    "전체 스텝 수입니다.",
    en="--resume needs --total-steps N: the total to reach, counting the steps already done.",
)
RESUME_NEEDS_LOOP_STATE = Bi(
    ko="{path}: 학습 루프의 상태가 없는 체크포인트입니다(best/ 체크포인트와 DQN.save()에는 "
    "없습니다). `python -m dqn_teach train`이 남긴 last/ 체크포인트로 이어 가세요.",
    en="{path} holds no training-loop state (best/ checkpoints and DQN.save() do not); "
    "resume the last/ checkpoint of a `python -m dqn_teach train` run.",
)
RESUME_ALREADY_DONE = Bi(
    ko="--total-steps {total_steps}에는 이미 도달했습니다. {path}에 {done}스텝이 들어 있습니다.",
    en="--total-steps {total_steps} is already reached: {path} holds {done} steps.",
)
CHECKPOINT_WITHOUT_ENV = Bi(
    ko="오류: 이 체크포인트에는 환경 이름이 없습니다. --env로 지정하세요.",
    en="error: this checkpoint does not name its env; pass --env",
)
CLI_ERROR = Bi(ko="오류: {error}", en="error: {error}")
CLI_TRAINING = Bi(
    ko="{env} 학습: 프리셋 {preset!r}, 장치 {device}, {total_steps}스텝까지",
    en="Training {env} with preset {preset!r} on {device} to {total_steps} steps",
)
CLI_RESUMING = Bi(
    ko="{env} 학습 이어 가기: 프리셋 {preset!r}, 장치 {device}, {total_steps}스텝까지",
    en="Resuming {env} with preset {preset!r} on {device} to {total_steps} steps",
)


def all_messages() -> dict[str, Bi]:
    """Every message of this module by name (tests/test_messages.py checks each one)."""
    return {name: value for name, value in globals().items() if isinstance(value, Bi)}
