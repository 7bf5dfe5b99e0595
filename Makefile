# dqn-teach: commands for a fresh machine (see README.md).
#   make course   install everything and open the course in JupyterLab
#   make test     install everything and run the whole test suite (what CI runs)
#   make classroom release and autograde every nbgrader assignment (classroom/README.md)
#   make hub      run the class JupyterHub on this machine (classroom/hub/)
#   make site     build the course website into build/site/ (serve: python -m http.server -d build/site)
# They reuse an active virtualenv ($VIRTUAL_ENV) or create ./.venv.

PYTHON ?= python3
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),.venv)
BIN := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# One torch/BLAS thread: the course's networks are tiny (see dqn_teach/runtime.py).
export OMP_NUM_THREADS ?= 1
export SDL_VIDEODRIVER ?= dummy

TEST_PATHS := tests notebooks/en notebooks/ko notebooks/exercises
# Tests run in parallel, one per core (at most 4), each notebook whole on one worker
# (`--dist loadfile`: nbval runs a notebook's cells in order in one kernel).
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 4 ? n : 4 )))
# A kernel normally starts in seconds; on a loaded 2-core runner one start once took over nbval's
# default 60 s (2026-12-07 CI run), so give it 180 s before calling it failed.
PYTEST_FLAGS := --nbval-lax --nbval-current-env --nbval-kernel-startup-timeout 180 \
	-p no:cacheprovider --durations=20 -n $(TEST_WORKERS) --dist loadfile

.PHONY: course test setup system-deps site site-deps hub-proxy lint notebooks exercises classroom hub

course: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=notebooks

test: setup system-deps site-deps hub-proxy
	$(BIN)/python -m pytest $(PYTEST_FLAGS) $(TEST_PATHS)

setup: $(VENV)/.dqn-teach-installed

$(VENV)/.dqn-teach-installed: requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

system-deps:
	@bash scripts/system-deps.sh

# The course website: every committed notebook (outputs as stored) in Korean and English.
site: setup site-deps
	$(BIN)/python -m tools.sitebuild

# KaTeX for the website's math, from npm at the version in site/package-lock.json.
site-deps: site/node_modules/.package-lock.json

site/node_modules/.package-lock.json: site/package.json site/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd site && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the course website needs it for KaTeX (Debian/Ubuntu: apt-get install npm)"; fi

# The hub's proxy (configurable-http-proxy) from npm, into classroom/hub/node_modules.
HUB_PROXY := classroom/hub/node_modules/.bin/configurable-http-proxy
hub-proxy: $(HUB_PROXY)

$(HUB_PROXY): classroom/hub/package.json classroom/hub/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix classroom/hub --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing, so the hub test skips (in CI it fails): see scripts/system-deps.sh"; fi

lint: setup
	$(BIN)/ruff check dqn_teach tests tools benchmarks notebooks/src conftest.py \
	  classroom/nbgrader_config.py classroom/hub

# Rebuild the notebooks from notebooks/src (with outputs), the student versions and the
# nbgrader assignments (classroom/source).
notebooks: setup
	$(BIN)/python -m tools.nbbuild --execute
	$(MAKE) exercises

exercises: setup
	$(BIN)/python -m dqn_teach.exercises build
	$(BIN)/python -m dqn_teach.classroom build

# nbgrader needs alembic (and the kernel) from this environment's bin on PATH.
classroom: setup
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m dqn_teach.classroom grade

hub: setup hub-proxy
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/jupyterhub -f classroom/hub/jupyterhub_config.py
