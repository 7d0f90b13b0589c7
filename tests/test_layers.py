"""The floors of the house: imports run one way (core < store < ingest < assistant < evals < ui < cli).

The contract lives in pyproject.toml ([tool.importlinter]); `lint-imports` checks it. A second check keeps
shells honest: nothing outside `assistant/` imports an underscore name from it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELLS = ("evals", "ui", "cli", "benchmarks", "tests")


def test_layers_contract_holds():
    lint = Path(sys.executable).parent / "lint-imports"
    run = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 1 kept, 0 broken" in run.stdout


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "assistant":
            if any(part.startswith("_") for part in node.module.split(".")[1:]):
                found.append(f"{path.relative_to(ROOT)}: from {node.module}")
            found += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_")]
    return found


def test_no_shell_imports_a_private_name_of_assistant():
    offenders = [hit for folder in SHELLS for path in sorted((ROOT / folder).rglob("*.py"))
                 for hit in _private_imports(path)]
    assert offenders == []
