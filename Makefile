# The two set-up commands (see README): `make run` and `make test`. Everything else is a detail of those.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: install install-llm run test test-slow bench clean

# torch==2.13.0 first: on these machines it is the CPU build on local disk; the project's torch>=2.4
# requirement is then already met, so pip never pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The optional LLM answerer's real server (llama.cpp; the first build takes ~10 minutes).
install-llm: install
	PYTHON=$(PY) bash scripts/llm_server.sh --install-only

# Main job: the chat UI on the bundled corpus (ingested first if the store is empty).
run: install
	GRADIO_ANALYTICS_ENABLED=False $(VENV)/bin/unesco-assistant ui

# Tests: installs the browser and the LLM server the tests drive, then runs the default suite.
test: install install-llm
	bash scripts/install_browser.sh
	$(PY) -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing on purpose" >&2; exit 1; fi; exit $$status

# Long runs: 20-kill fault loop, public benchmarks, load test.
test-slow: install
	$(PY) -m pytest -m slow

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
