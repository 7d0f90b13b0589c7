"""`eval gold | beir | squad`: the evals, through the same API the UI uses."""

from __future__ import annotations

import typer

from assistant.cli.app import app

eval_app = typer.Typer(help="Measure retrieval, answers, citations and refusals.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

try:  # the eval commands live with the evals
    from evals import cli as _eval_cli  # noqa: F401

    _eval_cli.register(eval_app)
except ImportError:  # pragma: no cover - evals not installed
    pass
