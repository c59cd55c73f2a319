"""Files read and written whole: a reader sees the old content or the new, never half of either."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import StoreError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None],
                 durable: bool = True) -> Path:
    """Call ``write(file)`` on a temporary file beside ``path``, flush it to disk, rename it.

    The folder is created. On any error the temporary file is removed and ``path`` is left
    as it was. The file gets the usual permissions (0666 less the umask), not mkstemp's 0600.
    ``durable=False`` skips the fsync: for caches, where a file lost to a power cut is
    simply fetched again (a half-written one is never visible either way).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def open_for_reading(path: Path, missing: str) -> BinaryIO:
    """A file opened once for reading; every later read of the frame uses this handle.

    Opened by path at each step, a scan would read the footer of one file and the pages of
    the next when a writer renames a new store into place between the two (polars said
    "Invalid thrift: end of file"). An open handle keeps the file it opened, even after the
    rename, until the frame is dropped.
    """
    try:
        return open(path, "rb")  # the lazy frame owns the handle: no `with` here
    except FileNotFoundError:
        raise StoreError(missing.format(path=path)) from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
