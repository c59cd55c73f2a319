"""Freed memory given back to the system between the stages of a large computation.

numpy allocates through the C library. glibc keeps freed blocks below its mmap threshold
(which rises to 32 MB as large arrays come and go) in its heap, and a heap holed by many
medium arrays stays resident even when almost all of it is free: after counting the
keyphrase candidates of many abstracts (thousands of per-batch arrays), much of the process
is such free heap when the next stage begins, and the stages' peaks would stack on it.
:func:`release_freed` hands those pages back (glibc's ``malloc_trim``). It changes no
setting and touches nothing in use; where the C library is not glibc (macOS, Windows,
musl) it does nothing. polars' own allocator returns its freed pages by itself.
"""

from __future__ import annotations

import ctypes
import sys


def _malloc_trim() -> ctypes._CFuncPtr | None:
    """glibc's ``malloc_trim`` from the process's own symbols, or ``None`` elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed() -> bool:
    """Give the C heap's free pages back to the system (a few milliseconds); whether any
    were given back (``False`` also where this cannot be done)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


__all__ = ["release_freed"]
