"""Checkpoint directories that survive crashes and say clearly when they are broken.

A checkpoint is a directory:

- ``config.json``: the config, the network spec, counters, metadata, and the size and SHA-256
  of every other file (so a truncated or corrupt file is recognised, not half-loaded);
- ``weights.pt``: the online network's ``state_dict`` (loaded with ``weights_only=True``);
- ``state.pt`` (optional): what an exact resume needs besides the weights: target network,
  optimizer, ε-policy and replay-buffer generators, the global RNGs, the training loop's state
  (envs included) and, if asked, the replay buffer's contents.

Writing is atomic at the directory level: everything goes into a hidden sibling directory
first, then two renames swap it in. A process killed at any moment leaves either the previous
checkpoint or the new one; if it dies between the two renames, the previous one waits under
``.NAME.previous`` and :func:`read_document` (so ``DQN.load``) puts it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch

from dqn_teach import messages

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.pt"
STATE_FILE = "state.pt"
FORMAT_VERSION = 2

__all__ = [
    "CONFIG_FILE",
    "STATE_FILE",
    "WEIGHTS_FILE",
    "CheckpointError",
    "global_rng_state",
    "read_document",
    "read_file",
    "set_global_rng_state",
    "write_checkpoint",
]


class CheckpointError(ValueError):
    """A checkpoint that cannot be loaded; the message names the file and what is wrong."""


def write_checkpoint(path: str | Path, document: dict[str, Any], files: dict[str, Any]) -> Path:
    """Write a checkpoint directory atomically.

    Args:
        path: the checkpoint directory (replaced as a whole if it exists).
        document: JSON-serialisable content of ``config.json``.
        files: ``{file name: object}``, each written with ``torch.save``.

    Returns:
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _recover(path)
    staging, previous = _sibling(path, "saving"), _sibling(path, "previous")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    manifest = {}
    for name, content in files.items():
        torch.save(content, staging / name)
        manifest[name] = _fingerprint(staging / name)
    document = {"format": FORMAT_VERSION, **document, "files": manifest}
    _write_synced(staging / CONFIG_FILE, json.dumps(document, indent=2, ensure_ascii=False))
    if path.exists():
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(path, previous)
    os.replace(staging, path)
    shutil.rmtree(previous, ignore_errors=True)
    return path


def read_document(path: str | Path) -> dict[str, Any]:
    """``config.json`` of a checkpoint, after checking every file it lists.

    Raises:
        FileNotFoundError: ``path`` is not a checkpoint directory.
        CheckpointError: a file is missing, truncated or corrupt (the message names it).
    """
    path = Path(path)
    _recover(path)
    config_path = path / CONFIG_FILE
    if not config_path.is_file() or not (path / WEIGHTS_FILE).is_file():
        raise FileNotFoundError(
            str(
                messages.NOT_A_CHECKPOINT.format(
                    path=path, config_file=CONFIG_FILE, weights_file=WEIGHTS_FILE
                )
            )
        )
    try:
        document = json.loads(config_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(
            str(messages.CHECKPOINT_CONFIG_CORRUPT.format(path=config_path, error=error))
        ) from None
    for name, expected in document.get("files", {}).items():  # older checkpoints list none
        file = path / name
        if not file.is_file():
            raise CheckpointError(str(messages.CHECKPOINT_FILE_MISSING.format(path=file)))
        found = _fingerprint(file)
        if found != expected:
            raise CheckpointError(
                str(
                    messages.CHECKPOINT_FILE_CORRUPT.format(
                        path=file,
                        size=found["bytes"],
                        checksum=found["sha256"][:12],
                        expected_size=expected["bytes"],
                        expected_checksum=expected["sha256"][:12],
                    )
                )
            )
    return document


def read_file(path: str | Path, name: str, *, weights_only: bool = True) -> Any:
    """``torch.load`` one file of a checkpoint, on the CPU.

    ``weights_only=False`` unpickles arbitrary objects (the resume state holds envs): only for
    checkpoints you wrote yourself.
    """
    file = Path(path) / name
    try:
        return torch.load(file, map_location="cpu", weights_only=weights_only)
    except pickle.UnpicklingError as error:
        raise CheckpointError(
            str(
                messages.CHECKPOINT_NOT_TENSORS.format(
                    path=file, error=str(error).strip().splitlines()[0]
                )
            )
        ) from None
    except (RuntimeError, EOFError, OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise CheckpointError(
            str(messages.CHECKPOINT_UNREADABLE.format(path=file, error=first_line))
        ) from None


def global_rng_state() -> dict[str, Any]:
    """The global generators of torch, numpy and Python's ``random``."""
    return {"torch": torch.get_rng_state(), "numpy": np.random.get_state(),
            "python": random.getstate()}


def set_global_rng_state(state: dict[str, Any]) -> None:
    """Inverse of :func:`global_rng_state`."""
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])


def _sibling(path: Path, role: str) -> Path:
    return path.with_name(f".{path.name}.{role}")


def _recover(path: Path) -> None:
    """Put the previous checkpoint back if a save died between its two renames."""
    previous = _sibling(path, "previous")
    if not path.exists() and previous.is_dir():
        os.replace(previous, path)


def _fingerprint(file: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"bytes": file.stat().st_size, "sha256": digest.hexdigest()}


def _write_synced(file: Path, text: str) -> None:
    with open(file, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
