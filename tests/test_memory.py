"""Freed C heap handed back between the stages of a large build (glibc only)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from dailypapers.memory import _malloc_trim, release_freed


def resident() -> int:
    """The process's resident memory, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(_malloc_trim() is None, reason="the C library is not glibc")
def test_the_free_heap_of_many_medium_arrays_goes_back_to_the_system():
    """A thousand 64 KiB arrays (below glibc's mmap threshold, so in its heap) freed but the
    last, which holds the heap's top: their 64 MB stay resident until release_freed."""
    arrays = [np.ones(64 * 1024 // 8) for _ in range(1000)]
    last = arrays[-1]
    del arrays
    before = resident()
    assert release_freed() is True
    assert before - resident() > 32 * 2**20
    assert last.sum() == len(last)  # what is in use is untouched


def test_where_it_cannot_it_says_so(monkeypatch):
    monkeypatch.setattr("dailypapers.memory._malloc_trim", lambda: None)
    assert release_freed() is False
