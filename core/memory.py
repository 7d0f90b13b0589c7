"""glibc malloc settings for a long-running server process: `tune_malloc()` (Linux with glibc; a no-op elsewhere).

Why (measured on the 2-core development machine, docs/reliability.md, Load): embedding an ingest batch allocates
and frees activation tensors of several MB on two worker threads, fresh threads for each batch. glibc raises its
mmap threshold to the size of the first such block freed (up to 32 MB), so later blocks come from per-thread
heaps (arenas; up to 8 per core), and each heap keeps its high-water mark. A first-run `unesco-assistant ui`
ingesting the bundled library ended with hundreds of MB free but not given back: `malloc_trim(0)` from gdb
took a server from 1,829 to 1,590 MB, and an in-process ingest from 1,222 to 845 MB. A fixed threshold of 1 MB
(big blocks always mapped, so freeing returns them) and at most 2 arenas keep that memory from piling up.

The environment wins: when `MALLOC_ARENA_MAX` or `MALLOC_MMAP_THRESHOLD_` is set (glibc reads them at start),
that setting is left alone.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
M_ARENA_MAX = -8
MMAP_THRESHOLD = 1 << 20
ARENA_MAX = 2


def tune_malloc() -> dict[str, int]:
    """Set the mmap threshold and the arena limit (call early, before the worker threads start). Returns the
    settings applied ({} when this is not glibc or both were set through the environment)."""
    if not sys.platform.startswith("linux"):
        return {}
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl or another libc: nothing to tune
        return {}
    applied: dict[str, int] = {}
    for env, param, value in (("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                              ("MALLOC_ARENA_MAX", M_ARENA_MAX, ARENA_MAX)):
        if env not in os.environ and mallopt(param, value) == 1:
            applied[env] = value
    return applied
