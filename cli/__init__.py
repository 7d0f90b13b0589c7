"""The `unesco-assistant` command: a thin shell over `assistant.Assistant`.

One module per group of commands; each only parses flags, calls the API and prints.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from cli.app import app  # noqa: E402
from cli import corpus_cmds, ask_cmds, eval_cmds, ui_cmd  # noqa: E402,F401  (register commands)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
