"""A real JupyterLab server for browser tests, and the cleanup that stops everything it started.

Recipe measured in /work/shared/reference/ecosystem-feasibility.md §3: bind 127.0.0.1 on a free
port, a random token, every Jupyter directory (config, runtime, data, settings, workspaces) in a
temporary folder, so the test neither reads nor changes the user's JupyterLab.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
# The optional Korean UI (docs/jupyterlab-ko.md); the test uses the same file.
LAB_OVERRIDES = REPO / "jupyter" / "overrides.json"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def korean_language_pack_installed() -> bool:
    from importlib.metadata import entry_points

    return any(ep.name == "ko_KR" for ep in entry_points(group="jupyterlab.languagepack"))


class LabServer:
    """``jupyter lab`` serving ``root_dir``, with all its state under ``work_dir``.

    Args:
        root_dir: the server's file root (notebook paths are relative to it).
        work_dir: an empty folder for config, runtime, settings, workspaces and the log.
        overrides: JupyterLab settings defaults (the ``overrides.json`` mechanism).
    """

    def __init__(self, root_dir: Path, work_dir: Path, overrides: dict[str, Any]) -> None:
        self.root_dir, self.work_dir = Path(root_dir), Path(work_dir)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.log_path = self.work_dir / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self._children: dict[int, psutil.Process] = {}
        settings_dir = self.work_dir / "app-settings"
        settings_dir.mkdir(parents=True)
        (settings_dir / "overrides.json").write_text(json.dumps(overrides, indent=2))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, path: str) -> str:
        # ?reset: ignore any saved workspace, so no hidden panel from an earlier visit matches.
        return f"{self.base_url}/lab/tree/{path}?reset&token={self.token}"

    def start(self, timeout: float = 60.0) -> None:
        work = self.work_dir
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(work / "config"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
            "JUPYTER_DATA_DIR": str(work / "data"),
            "OMP_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--LabApp.workspaces_dir={work / 'workspaces'}",
            f"--LabApp.user_settings_dir={work / 'user-settings'}",
            f"--LabApp.app_settings_dir={work / 'app-settings'}",
            # Opening a notebook writes a checkpoint; keep it out of the served (repo) folders.
            f"--FileCheckpoints.checkpoint_dir={work / 'checkpoints'}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.process.returncode}; log: {self.log_path}"
                )
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        raise TimeoutError(f"jupyter lab did not answer within {timeout} s; log: {self.log_path}")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the server's REST API with the token; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            payload = response.read()
        return json.loads(payload) if payload else None

    def set_user_setting(self, plugin: str, values: dict[str, Any]) -> None:
        """Replace the user settings of ``plugin`` (``{}`` falls back to the overrides)."""
        self.api("PUT", f"/lab/api/settings/{plugin}", {"raw": json.dumps(values)})

    def wait_for_kernel(self, notebook: str, timeout: float = 60.0) -> None:
        """Wait until ``notebook`` has an idle kernel that a front end is connected to.

        JupyterLab's own kernel indicator says "idle" before the session exists, and a Run All
        issued then runs nothing; an open websocket means the front end holds the kernel."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for session in self.api("GET", "/api/sessions"):
                kernel = session.get("kernel") or {}
                if session.get("path") == notebook and kernel.get("connections", 0) >= 1 and (
                    kernel.get("execution_state") == "idle"
                ):
                    return
            time.sleep(0.2)
        raise TimeoutError(f"no idle, connected kernel for {notebook} within {timeout} s")

    def shutdown_kernels(self) -> None:
        """Shut down every kernel the server runs (remembering their processes for stop())."""
        self._remember_children()
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        """Stop the server and every process it started (kernels included), even if it hangs."""
        if self.process is None:
            return
        self._remember_children()
        if self.process.poll() is None:
            # If the server cannot answer, its processes are killed below anyway.
            with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
                self.shutdown_kernels()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        for child in self._children.values():
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        psutil.wait_procs(list(self._children.values()), timeout=10)
        self.process = None

    def _remember_children(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                self._children.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            pass

    def leftover_processes(self) -> list[int]:
        """PIDs started by the server that still run (should be empty after stop())."""
        alive = [p for p in self._children.values() if p.is_running()]
        return [p.pid for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def save_server_log(server: LabServer, folder: Path) -> None:
    if server.log_path.exists():
        shutil.copy(server.log_path, folder / server.log_path.name)


def require_chromium() -> None:
    """Skip the calling test without Chromium and Playwright; under CI (CI=true) fail instead."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is missing (pip install playwright)"
    if reason is None:
        return
    import pytest

    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"browser test required in CI: {reason}")
    pytest.skip(f"browser test needs a real Chromium: {reason}")
