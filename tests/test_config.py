import json

import pytest

from dqn_teach.config import PRESETS, ConfigError, DQNConfig, preset

VALID = dict(
    training_freq=4,
    batch_size=32,
    capacity=1000,
    epoch=1,
    epsilon_linear_decay=(0, 1000, 1.0, 0.05),
)


def make(**changes):
    return DQNConfig(**(VALID | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"training_freq": 0}, r"training_freq must be an integer ≥ 1, got 0"),
        ({"batch_size": 2.5}, r"batch_size must be an integer ≥ 1, got 2.5"),
        ({"capacity": -1}, r"capacity must be an integer ≥ 1"),
        ({"epoch": True}, r"epoch must be an integer ≥ 1, got True"),
        ({"batch_size": 2000}, r"batch_size \(2000\) must not exceed capacity \(1000\)"),
        ({"epsilon_linear_decay": (0, 10, 1.0)}, r"epsilon_linear_decay must be \(start_t, end_t"),
        ({"epsilon_linear_decay": (10, 10, 1.0, 0.1)}, r"0 ≤ start_t < end_t"),
        ({"epsilon_linear_decay": (0, 10, 1.5, 0.1)}, r"start_value is a probability"),
        ({"epsilon_linear_decay": (0, 10, 1.0, -0.1)}, r"end_value is a probability"),
        ({"gamma": 1.0}, r"gamma must be in \[0, 1\), got 1.0"),
        ({"gamma": -0.5}, r"gamma must be in \[0, 1\)"),
        ({"learning_rate": 0}, r"learning_rate must be a positive number"),
        ({"learning_rate": float("nan")}, r"learning_rate must be a positive number"),
        ({"learning_rate_decay": (20_000,)}, r"learning_rate_decay must be None or a pair"),
        ({"learning_rate_decay": (0, 1e-4)}, r"end_t an integer ≥ 1"),
        ({"learning_rate_decay": (100, -1e-4)}, r"end_value a positive number"),
        ({"learning_starts": -1}, r"learning_starts must be an integer ≥ 0"),
        ({"target_update_period": 0}, r"target_update_period must be None .* or an integer ≥ 1"),
        ({"double_dqn": 1}, r"double_dqn must be True or False"),
        ({"double_dqn": True}, r"double_dqn=True needs a target network: set target_update_period"),
        ({"loss": "l1"}, r"loss must be one of \('mse', 'huber'\), got 'l1'"),
        ({"max_grad_norm": 0}, r"max_grad_norm must be None \(no clipping\) or a positive number"),
        ({"optimizer": "sgd"}, r"optimizer must be one of \('adam', 'rmsprop'\)"),
        ({"network": "resnet"}, r"network must be one of \('mlp', 'atari2013'\)"),
        ({"hidden_sizes": ()}, r"hidden_sizes must be one or more positive integers"),
        ({"layer_norm": "yes"}, r"layer_norm must be True or False"),
        ({"layer_norm": True, "network": "atari2013"}, r"layer_norm=True works only with"),
        ({"mirror_augmentation": 1}, r"mirror_augmentation must be True or False"),
        ({"mirror_augmentation": True, "network": "atari2013"},
         r"mirror_augmentation=True works only with network=\"mlp\""),
        ({"hidden_sizes": (64, 0)}, r"hidden_sizes must be one or more positive integers"),
        ({"device": "gpu"}, r"device must be 'cpu', 'cuda', 'cuda:N', 'mps' or 'auto', got 'gpu'"),
        ({"seed": -3}, r"seed must be an integer ≥ 0"),
    ],
)
def test_every_invalid_field_has_a_clear_message(changes, message):
    with pytest.raises(ConfigError, match=message):
        make(**changes)


def test_valid_config_and_json_round_trip():
    config = make(target_update_period=100, double_dqn=True, loss="huber", max_grad_norm=10.0,
                  layer_norm=True, learning_rate_decay=(500, 1e-4))
    restored = DQNConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert restored == config
    assert isinstance(restored.epsilon_linear_decay, tuple)
    assert isinstance(restored.learning_rate_decay, tuple)


def test_replace_validates_and_rejects_unknown_fields():
    config = make()
    assert config.replace(gamma=0.5).gamma == 0.5
    with pytest.raises(ConfigError, match=r"unknown DQNConfig field\(s\): \['gama'\]"):
        config.replace(gama=0.5)
    with pytest.raises(ConfigError, match="gamma must be in"):
        config.replace(gamma=2.0)
    with pytest.raises(ConfigError, match=r"unknown DQNConfig field\(s\) in the saved config"):
        DQNConfig.from_dict(config.to_dict() | {"extra": 1})


def test_seed_notebook_preset_reproduces_the_original_settings():
    config = preset("seed-notebook")
    assert (config.training_freq, config.batch_size, config.capacity, config.epoch) == (
        16,
        128,
        1000,
        3,
    )
    assert config.epsilon_linear_decay == (0, 100_000, 0.3, 0.01)
    assert config.gamma == 0.99 and config.learning_rate == 1e-3
    assert config.target_update_period is None and config.loss == "mse"
    assert config.hidden_sizes == (128, 64)


def test_cartpole_preset_is_the_2013_preset_plus_the_changes_notebooks_06_and_07_explain():
    """Notebooks 06 and 07 explain exactly these differences; nothing else may differ."""
    stable, fast_2013 = preset("cartpole").to_dict(), preset("cartpole-2013").to_dict()
    changed = {name for name in stable if stable[name] != fast_2013[name]}
    assert changed == {"target_update_period", "double_dqn", "layer_norm", "learning_rate_decay",
                       "multi_step", "epsilon_linear_decay", "batch_size", "mirror_augmentation",
                       "training_freq", "learning_rate"}
    # Fewer, larger steps (one change): the same sampled transitions per env step as a
    # mini-batch of 256 every 4 steps, at a learning rate scaled with the step's length.
    assert stable["batch_size"] / stable["training_freq"] == 256 / 4
    assert stable["learning_rate"] / fast_2013["learning_rate"] == stable["training_freq"] / 4
    assert fast_2013["target_update_period"] is None and fast_2013["loss"] == "mse"


def test_presets_are_valid_and_unknown_preset_is_named():
    for name in PRESETS:
        assert isinstance(preset(name), DQNConfig)
    assert preset("cartpole", seed=3).seed == 3
    with pytest.raises(ConfigError, match=r"unknown preset 'pong'; choose one of"):
        preset("pong")


def test_atari2013_reads_the_papers_frames_as_emulator_frames():
    """One reading of "frames" throughout: emulator frames, 4 per agent step (frame skip 4)."""
    from dqn_teach.config import atari2013_config

    config = preset("atari2013")
    frame_skip = 4
    assert config.epsilon_linear_decay[:2] == (0, 1_000_000 // frame_skip)  # first 1 M frames
    assert config.capacity == 1_000_000 // frame_skip  # the most recent 1 M frames
    assert config.learning_starts == 50_000 // frame_skip  # the 2015 replay start size
    doc = atari2013_config.__doc__
    assert "Machado" in doc and "2015" in doc and "Space Invaders" in doc


def test_presets_are_data_in_one_place():
    for name, entry in PRESETS.items():
        assert entry.total_steps >= 1 and 1 <= entry.eval_every <= entry.total_steps, name
        assert isinstance(entry.make_config(), DQNConfig) and entry.env_id, name
    atari = preset("atari2013")
    assert (atari.network, atari.replay_buffer) == ("atari2013", "frame_sharing")
    assert preset("cartpole").replay_buffer == "uniform"
    assert PRESETS["atari2013"].save_every and not PRESETS["atari2013"].save_replay


def test_replay_buffer_kind_is_validated_and_round_trips():
    with pytest.raises(ConfigError, match="replay_buffer must be one of"):
        preset("cartpole", replay_buffer="prioritized")
    config = preset("atari2013")
    assert DQNConfig.from_dict(config.to_dict()) == config
