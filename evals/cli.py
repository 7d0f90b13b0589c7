"""Hook for the main CLI: `assistant.cli.eval_cmds` calls `register(eval_app)`.

The commands live in `evals.commands`, imported only here, once `assistant.cli.app` exists: importing
them at module level would make `evals.cli` and `assistant.cli` import each other.
"""

from __future__ import annotations


def register(eval_app) -> None:
    from evals import commands

    commands.register(eval_app)
