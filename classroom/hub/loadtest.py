"""Load test of the class hub: N students train a DQN at the same time.

    python classroom/hub/loadtest.py --users 6 [--kill-one]

Starts JupyterHub (classroom/hub/jupyterhub_config.py, dummy login, one process per student) on
127.0.0.1 only, creates N students through the hub's REST API, starts their servers, and runs the
training notebook (06; Korean for the first half of the students, English for the rest) in every
student's server at once, cell by cell, through the Jupyter REST and kernel websocket APIs, as
JupyterLab's "Run All" would. Each student's notebook is then saved with its outputs and read back
through the contents API (a notebook that does not come back with every output is *lost*).

With ``--kill-one`` the first student's kernel process is killed (SIGKILL) while it trains: that
student fails, and every other student must still finish.

Progress goes to stderr; the last line on stdout is one JSON object:
``{"users": N, "ok_users": K, "peak_rss_mb_per_user": [...], "wall_seconds": S,
"lost_notebooks": 0}``. Peak RSS is the largest total resident memory of one student's server
and kernels, sampled every half second. Everything the test starts is stopped when it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

HUB_DIR = Path(__file__).resolve().parent
NOTEBOOK = "06_training_cartpole.ipynb"
COURSE_FOLDER = "dqn-teach"  # where jupyterhub_config.py copies the course in each home
# A kernel starts in 2 s on an idle machine; 16 at once under load took over 20 s.
KERNEL_START_S = 180


def log(message: str) -> None:
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Student:
    """One student's run: what happened and how long it took."""

    name: str
    lang: str
    cells_run: int = 0
    ok: bool = False
    saved: bool = False
    seconds: float = 0.0
    error: str = ""
    peak_rss: int = 0
    pids: set[int] = field(default_factory=set)

    @property
    def path(self) -> str:
        return f"{COURSE_FOLDER}/{self.lang}/{NOTEBOOK}"


class Hub:
    """A JupyterHub process on loopback ports, driven through its REST API with a service token."""

    def __init__(self, state: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(32)
        self.client = AsyncHTTPClient(max_clients=256)
        env = {
            **os.environ,
            "DQN_HUB_AUTH": "dummy", "DQN_HUB_DUMMY_PASSWORD": secrets.token_hex(16),
            "DQN_HUB_SPAWNER": "simple", "DQN_HUB_STATE": str(state),
            "DQN_HUB_IP": "127.0.0.1", "DQN_HUB_PORT": str(self.port),
            "DQN_HUB_INTERNAL_PORT": str(free_port()),
            "DQN_HUB_PROXY_API_PORT": str(free_port()),
            "DQN_HUB_API_TOKEN": self.token,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.log_file = open(state / "jupyterhub.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f",
             str(HUB_DIR / "jupyterhub_config.py")],
            cwd=state, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.children: set[int] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def request(self, method: str, path: str, body: object = None,
                      timeout: float = 120) -> dict | list | None:
        request = HTTPRequest(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"},
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True, request_timeout=timeout)
        response = await self.client.fetch(request)
        return json.loads(response.body) if response.body else None

    async def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({self.process.returncode}); see "
                                   f"{self.log_file.name}")
            try:
                await self.request("GET", "/hub/api/", timeout=5)
                return
            except (OSError, HTTPClientError):
                await asyncio.sleep(0.5)
        raise TimeoutError(f"the hub did not answer within {timeout:.0f} s")

    def servers(self) -> dict[str, psutil.Process]:
        """The students' single-user servers (the hub's children), by user name."""
        found = {}
        try:
            for child in psutil.Process(self.process.pid).children():
                self.children.add(child.pid)
                try:
                    user = child.environ().get("JUPYTERHUB_USER")
                except (psutil.Error, OSError):
                    continue
                if user:
                    found[user] = child
        except psutil.NoSuchProcess:
            pass
        return found

    def stop(self) -> None:
        """SIGTERM the hub (it stops the proxy and every server), then kill what is left."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pid in self.children:  # only processes this hub started
            try:
                process = psutil.Process(pid)
                for leftover in [*process.children(recursive=True), process]:
                    leftover.kill()
            except psutil.NoSuchProcess:
                pass
        self.log_file.close()


# ---------------------------------------------------------------------------- one student
async def start_server(hub: Hub, student: Student, timeout: float) -> None:
    await hub.request("POST", f"/hub/api/users/{student.name}/server")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        model = await hub.request("GET", f"/hub/api/users/{student.name}")
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            return
        await asyncio.sleep(1)
    raise TimeoutError(f"{student.name}'s server did not start within {timeout:.0f} s")


def execute_request(code: str, session: str) -> dict:
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "session": session,
                   "username": "loadtest", "version": "5.3",
                   "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }


OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


def decode(message: str | bytes) -> dict:
    """A kernel message from the websocket. Messages with binary buffers (widgets) come as bytes:
    a count, offsets, then the JSON message and the buffers (jupyter_server's legacy protocol)."""
    if isinstance(message, str):
        return json.loads(message)
    count = int.from_bytes(message[:4], "big")
    offsets = [int.from_bytes(message[4 * (i + 1):4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(message)
    return json.loads(message[offsets[0]:end])


async def run_cell(websocket, code: str, session: str, timeout: float) -> tuple[list, int | None]:
    """Execute one cell; its nbformat outputs and execution count. Raises if the kernel dies."""
    request = execute_request(code, session)
    msg_id = request["header"]["msg_id"]
    await websocket.write_message(json.dumps(request))
    outputs: list[dict] = []
    count = None
    replied = idle = False
    deadline = time.monotonic() + timeout
    while not (replied and idle):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"a cell ran longer than {timeout:.0f} s")
        message = await asyncio.wait_for(websocket.read_message(), remaining)
        if message is None:
            raise ConnectionError("the kernel's websocket closed")
        message = decode(message)
        kind, content = message["msg_type"], message["content"]
        if kind == "status" and content.get("execution_state") in ("restarting", "dead"):
            raise ConnectionError(f"the kernel died ({content['execution_state']})")
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["channel"] == "shell" and kind == "execute_reply":
            replied = True
            count = content.get("execution_count")
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind in OUTPUT_TYPES:
            output = {"output_type": kind, **{k: v for k, v in content.items()
                                               if k not in ("transient", "execution_count")}}
            if kind == "execute_result":
                output["execution_count"] = content.get("execution_count")
            outputs.append(output)
    return outputs, count


async def run_student(hub: Hub, student: Student, cell_timeout: float,
                      first_cell_done: asyncio.Event) -> None:
    base = f"/user/{student.name}/api"
    started = time.monotonic()
    websocket = None
    kernel = None
    notebook = None
    try:
        notebook = (await hub.request("GET", f"{base}/contents/{student.path}"))["content"]
        session = await hub.request("POST", f"{base}/sessions", {
            "path": student.path, "type": "notebook", "name": NOTEBOOK,
            "kernel": {"name": "python3"}})
        kernel = session["kernel"]["id"]
        websocket = await websocket_connect(HTTPRequest(  # tornado's default waits only 20 s
            f"ws://127.0.0.1:{hub.port}{base}/kernels/{kernel}/channels",
            headers={"Authorization": f"token {hub.token}"}, connect_timeout=KERNEL_START_S,
            request_timeout=KERNEL_START_S))
        session_id = uuid.uuid4().hex
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            cell["outputs"], cell["execution_count"] = await run_cell(
                websocket, cell["source"], session_id, cell_timeout)
            student.cells_run += 1
            first_cell_done.set()
            if any(output["output_type"] == "error" for output in cell["outputs"]):
                error = next(o for o in cell["outputs"] if o["output_type"] == "error")
                raise RuntimeError(f"cell {student.cells_run} raised {error['ename']}: "
                                   f"{error['evalue']}")
        student.ok = True
    except Exception as error:  # noqa: BLE001 - one student's failure must not stop the others
        student.error = f"{type(error).__name__}: {error}"
    finally:
        if websocket is not None:
            websocket.close()
    student.seconds = time.monotonic() - started
    if notebook is not None:
        student.saved = await save_and_collect(hub, student, notebook)
    if kernel is not None:
        with contextlib.suppress(OSError, HTTPClientError):  # a killed kernel may be gone
            await hub.request("DELETE", f"{base}/kernels/{kernel}")


async def save_and_collect(hub: Hub, student: Student, notebook: dict) -> bool:
    """Save the notebook with its outputs, read it back, and compare: False if it was lost."""
    base = f"/user/{student.name}/api/contents/{student.path}"
    try:
        await hub.request("PUT", base, {"type": "notebook", "format": "json",
                                        "content": notebook})
        back = (await hub.request("GET", base))["content"]
    except (OSError, HTTPClientError, KeyError):
        return False
    return [cell.get("outputs") for cell in back["cells"]] == [
        cell.get("outputs") for cell in notebook["cells"]]


# ---------------------------------------------------------------------------- the class
async def sample_memory(hub: Hub, students: dict[str, Student], stop: asyncio.Event) -> int:
    """Every 0.5 s, each student's server plus kernels: total RSS; keep the peak.

    RSS counts the shared pages of libraries (torch) in every process, so it overstates what N
    students add together; the machine's used memory is sampled too, and its peak returned.
    """
    peak_used = 0
    while not stop.is_set():
        peak_used = max(peak_used, psutil.virtual_memory().used)
        for user, server in hub.servers().items():
            if user not in students:
                continue
            try:
                processes = [server, *server.children(recursive=True)]
                students[user].pids |= {p.pid for p in processes}
                rss = sum(p.memory_info().rss for p in processes)
            except psutil.Error:
                continue
            students[user].peak_rss = max(students[user].peak_rss, rss)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
    return peak_used


def kill_kernel(hub: Hub, student: Student) -> int | None:
    """SIGKILL the student's kernel process (a child of their server); its pid, if found."""
    server = hub.servers().get(student.name)
    if server is None:
        return None
    for child in server.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                child.kill()
                return child.pid
        except psutil.Error:
            continue
    return None


async def killer(hub: Hub, student: Student, started: asyncio.Event, delay: float) -> None:
    await started.wait()
    await asyncio.sleep(delay)
    pid = kill_kernel(hub, student)
    log(f"killed {student.name}'s kernel (pid {pid})" if pid else
        f"found no kernel of {student.name} to kill")


async def load_test(users: int, kill_one: bool, cell_timeout: float, state: Path) -> dict:
    began = time.monotonic()
    hub = Hub(state)
    students = {f"student{i + 1:02d}": Student(f"student{i + 1:02d}",
                                               "ko" if i < (users + 1) // 2 else "en")
                for i in range(users)}
    stop_sampling = asyncio.Event()
    sampler = None
    used_before = psutil.virtual_memory().used
    try:
        await hub.wait_ready()
        log(f"hub ready on {hub.url} in {time.monotonic() - began:.1f} s")
        await hub.request("POST", "/hub/api/users", {"usernames": list(students)})
        sampler = asyncio.ensure_future(sample_memory(hub, students, stop_sampling))
        spawn_began = time.monotonic()
        await asyncio.gather(*(start_server(hub, s, timeout=300) for s in students.values()))
        log(f"{users} servers ready in {time.monotonic() - spawn_began:.1f} s")
        first = next(iter(students.values()))
        started = asyncio.Event()
        tasks = [run_student(hub, s, cell_timeout, started if s is first else asyncio.Event())
                 for s in students.values()]
        if kill_one:
            tasks.append(killer(hub, first, started, delay=5.0))
        await asyncio.gather(*tasks)
        for student in students.values():
            log(f"{student.name} ({student.lang}): {'ok' if student.ok else 'FAILED'} after "
                f"{student.cells_run} cells, {student.seconds:.1f} s, peak "
                f"{student.peak_rss / 2**20:.0f} MB, saved={student.saved}"
                + (f" - {student.error}" if student.error else ""))
        for student in students.values():
            await hub.request("DELETE", f"/hub/api/users/{student.name}/server")
    finally:
        stop_sampling.set()
        if sampler is not None:
            peak_used = await sampler
            log(f"machine memory in use: {used_before / 2**20:.0f} MB before the hub, peak "
                f"{peak_used / 2**20:.0f} MB (+{(peak_used - used_before) / 2**20:.0f} MB, other "
                "users' jobs included)")
        hub.stop()
    left = [pid for s in students.values() for pid in s.pids if psutil.pid_exists(pid)
            and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    if left:
        log(f"WARNING: processes still running after the hub stopped: {left}")
    return {
        "users": users,
        "ok_users": sum(s.ok for s in students.values()),
        "peak_rss_mb_per_user": [round(s.peak_rss / 2**20) for s in students.values()],
        "wall_seconds": round(time.monotonic() - began, 1),
        "lost_notebooks": sum(not s.saved for s in students.values()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, required=True, help="number of students (>= 1)")
    parser.add_argument("--kill-one", action="store_true",
                        help="kill the first student's kernel while it trains")
    parser.add_argument("--cell-timeout", type=float, default=900,
                        help="seconds one cell may run (default 900)")
    parser.add_argument("--keep-state", type=Path,
                        help="keep the hub's folder (log, homes, saved notebooks) here")
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error(f"--users must be at least 1, got {args.users}.")
    if shutil.which("node") is None:
        parser.error("node is not installed; the hub's proxy (configurable-http-proxy) needs it.")
    state = args.keep_state or Path(tempfile.mkdtemp(prefix="dqn-teach-hub-"))
    state.mkdir(parents=True, exist_ok=True)
    try:
        result = asyncio.run(load_test(args.users, args.kill_one, args.cell_timeout, state))
    finally:
        if args.keep_state is None:
            shutil.rmtree(state, ignore_errors=True)
    print(json.dumps(result), flush=True)
    expected_ok = args.users - (1 if args.kill_one else 0)
    return 0 if result["ok_users"] >= expected_ok and result["lost_notebooks"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
