"""`python -m benchmarks COMMAND [--out docs/results/performance] [--work /tmp/ua-bench]`

Commands (each writes OUT/data/COMMAND.json; `report` turns all of them into OUT/report.md + PNGs):

  throughput   pipeline chunks/s vs model.encode on seeds + legal instruments and a SciFact sample
  backends     torch vs ONNX Runtime (fp32, int8) embedding: speed and SciFact nDCG@10 (sample)
  build-large  build the ~100,000-chunk store under WORK (cached; see benchmarks/large.py)
  latency      warm retrieval / full-answer p50 p95 at three corpus sizes; ANN recall@10; BM25 load
  ann          approximate-search recall only (part of latency)
  coldstart    `unesco-assistant ask` from a cold process; UI time to ready; import profile
  load         1/10/25 concurrent chats through gradio_client; a soak; RSS
  llamaindex   LlamaIndex's default pipeline side by side with ours
  report       write report.md and the plots from the JSON files
  all          everything above, in that order

Not part of the default test run: it takes tens of minutes on 2 cores. Run heavy steps under `nice`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.common import DEFAULT_WORK

COMMANDS = ("throughput", "backends", "build-large", "latency", "ann", "coldstart", "load", "llamaindex", "report")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=COMMANDS + ("all",))
    p.add_argument("--out", type=Path, default=Path("docs/results/performance"))
    p.add_argument("--work", type=Path, default=DEFAULT_WORK, help="cached stores and scratch (outside the repo)")
    p.add_argument("--quick", action="store_true", help="smaller samples and shorter soak (smoke run)")
    p.add_argument("--soak-s", type=float, default=600.0, help="soak duration for `load` (seconds)")
    p.add_argument("--scifact-docs", type=int, default=1000, help="SciFact sample size for throughput/backends/llamaindex")
    p.add_argument("--corpora", default="legal,scifact", help="for `throughput`: which corpora (legal, scifact)")
    p.add_argument("--stores", default="", help="for `latency`: only these sizes (seeds, legal, large) and the "
                                               "query-engine A/B; the other results are kept")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.out / "data").mkdir(parents=True, exist_ok=True)
    todo = tuple(c for c in COMMANDS if c != "ann") if args.command == "all" else (args.command,)
    for cmd in todo:
        from importlib import import_module

        mod = import_module(f"benchmarks.{cmd.replace('-', '_')}_cmd")
        mod.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
