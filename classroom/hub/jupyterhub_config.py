"""JupyterHub for a dqn-teach class on one machine (see classroom/README.md).

    jupyterhub -f classroom/hub/jupyterhub_config.py

Every student gets a JupyterLab server started from this Python environment, so the course
package and its dependencies are preinstalled for everyone; on a student's first start the course
notebooks are copied into their home folder (``~/dqn-teach``). nbgrader's exchange is shared by
all users for release, fetch, submit and collect.

Settings come from environment variables, so the same file serves a class and the tests:

=========================  ==================================================================
DQN_HUB_AUTH               ``pam`` (default: the machine's user accounts) or ``native``
                           (students sign up, the teacher approves; jupyterhub-
                           nativeauthenticator) or ``dummy`` (tests only: any user name,
                           password DQN_HUB_DUMMY_PASSWORD)
DQN_HUB_SPAWNER            ``local`` (default; real user accounts, needs root) or ``systemd``
                           (enforces the memory and CPU limits; jupyterhub-systemdspawner) or
                           ``simple`` (tests only: every student runs as the hub's user)
DQN_HUB_IP, DQN_HUB_PORT   where students connect (default 127.0.0.1:8000; put 0.0.0.0 and TLS
                           certificates, or a TLS reverse proxy, in front for a real class)
DQN_HUB_INTERNAL_PORT,     the hub's and the proxy API's own ports on 127.0.0.1 (8081, 8001)
DQN_HUB_PROXY_API_PORT
DQN_HUB_STATE              folder for the hub's database, cookie secret, the exchange and (with
                           ``simple``) the students' homes (default classroom/hub/state)
DQN_HUB_MEM_LIMIT,         per-student limits (default 2G and 1 core); enforced by ``systemd``
DQN_HUB_CPU_LIMIT          (and by KubeSpawner in Zero to JupyterHub), only advertised by
                           ``local``/``simple`` (LocalProcessSpawner cannot enforce them)
DQN_HUB_ADMINS             comma-separated admin user names (the teachers)
DQN_HUB_API_TOKEN          if set, a ``loadtest`` service with this token may create users and
                           start and use their servers (classroom/hub/loadtest.py)
=========================  ==================================================================
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
REPO = HUB_DIR.parents[1]
STATE = Path(os.environ.get("DQN_HUB_STATE", HUB_DIR / "state")).resolve()
EXCHANGE = STATE / "exchange"
COURSE_FOLDER = "dqn-teach"  # in each student's home
BIN = Path(sys.executable).parent  # this environment: the course is installed here

c = get_config()  # noqa: F821 - JupyterHub provides get_config()

# ---------------------------------------------------------------- network: loopback by default
c.JupyterHub.ip = os.environ.get("DQN_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("DQN_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("DQN_HUB_INTERNAL_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{os.environ.get('DQN_HUB_PROXY_API_PORT', '8001')}")
proxy = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
if not proxy.exists():
    sys.exit(f"configurable-http-proxy is not installed in {proxy.parent}: run "
             f"`npm install --prefix {HUB_DIR}` (or `make hub`).")
c.ConfigurableHTTPProxy.command = [str(proxy)]

# ---------------------------------------------------------------- state
STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# ---------------------------------------------------------------- who may log in
auth = os.environ.get("DQN_HUB_AUTH", "pam")
if auth == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["DQN_HUB_DUMMY_PASSWORD"]
    c.Authenticator.allow_all = True
elif auth == "native":
    c.JupyterHub.authenticator_class = "native"  # students sign up at /hub/signup
    c.Authenticator.allow_all = True  # ... and a teacher approves them at /hub/authorize
elif auth == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allow_existing_users = True  # users the teacher adds in the admin page
else:
    sys.exit(f"DQN_HUB_AUTH={auth!r}: use pam, native or dummy.")
admins = {name for name in os.environ.get("DQN_HUB_ADMINS", "").split(",") if name}
c.Authenticator.admin_users = admins

# ---------------------------------------------------------------- the students' servers
spawner = os.environ.get("DQN_HUB_SPAWNER", "local")
c.JupyterHub.spawner_class = {"local": "localprocess", "simple": "simple",
                              "systemd": "systemdspawner.SystemdSpawner"}[spawner]
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = f"/lab/tree/{COURSE_FOLDER}"
c.Spawner.mem_limit = os.environ.get("DQN_HUB_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("DQN_HUB_CPU_LIMIT", "1"))
c.Spawner.http_timeout = 120  # a busy machine takes a while to start many servers
c.Spawner.start_timeout = 180
c.Spawner.environment = {
    # nbgrader's exchange settings for every student (classroom/hub/singleuser/)
    "JUPYTER_CONFIG_PATH": str(HUB_DIR / "singleuser"),
    "DQN_TEACH_EXCHANGE": str(EXCHANGE),
    # the course's runtime settings (dqn_teach/runtime.py): tiny networks, one thread each
    "OMP_NUM_THREADS": "1",
    "SDL_VIDEODRIVER": "dummy",
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
}
if spawner == "simple":
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
if os.getuid() == 0 and spawner == "simple":
    c.Spawner.args = ["--ServerApp.allow_root=True"]


def _home(spawner) -> Path:
    if hasattr(spawner, "home_dir"):  # SimpleLocalProcessSpawner
        return Path(spawner.home_dir)
    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


def copy_course(spawner) -> None:
    """Give a student the course notebooks on their first start (later starts keep their work)."""
    home = _home(spawner)
    target = home / COURSE_FOLDER
    if target.exists():
        return
    target.mkdir(parents=True)
    for folder in ("ko", "en", "exercises"):
        shutil.copytree(REPO / "notebooks" / folder, target / folder)
    if os.getuid() == 0 and spawner.__class__.__name__ != "SimpleLocalProcessSpawner":
        account = pwd.getpwnam(spawner.user.name)
        for path in [home, target, *target.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = copy_course

# ---------------------------------------------------------------- nbgrader's exchange
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o777)  # every student writes their submissions here (nbgrader's convention)

# ---------------------------------------------------------------- the load test's service
if os.environ.get("DQN_HUB_API_TOKEN"):
    c.JupyterHub.services = [{"name": "loadtest", "api_token": os.environ["DQN_HUB_API_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "loadtest",
        "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
        "services": ["loadtest"],
    }]
