"""`core.memory.tune_malloc`: the glibc settings a server process starts with, and the environment wins."""

from __future__ import annotations

import sys

import pytest

from core import memory

glibc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc malloc settings (Linux)")


@glibc
def test_sets_the_mmap_threshold_and_the_arena_limit(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert memory.tune_malloc() == {"MALLOC_MMAP_THRESHOLD_": 1 << 20, "MALLOC_ARENA_MAX": 2}


@glibc
def test_leaves_a_setting_from_the_environment_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    assert memory.tune_malloc() == {"MALLOC_MMAP_THRESHOLD_": 1 << 20}
