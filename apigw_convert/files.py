"""Writing files so that a failure never leaves a partial one behind.

:func:`write_atomic` writes to a temporary file in the target's directory, flushes it to disk and renames
it over the target in one step (``os.replace``). Until the rename the old file is untouched; after it the
new content is complete. An existing target keeps its permission bits; a symbolic link keeps pointing at
the file it named, which is the one replaced. A target that exists and is not a regular file (``/dev/null``,
``/dev/stdout``, a named pipe, a terminal) is written into directly: it is a stream, not a file to replace.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def _new_file_mode() -> int:
    """The permission bits a newly created file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Flush the directory entry of a rename to disk, where the platform allows it (not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _naming(error: OSError, path: str | os.PathLike[str]) -> OSError:
    """The same error about the file asked for, not about the temporary file."""
    return type(error)(error.errno, error.strerror or str(error), os.fspath(path))


def _write_stream(path: str | os.PathLike[str], data: bytes) -> None:
    """Write into a device or a pipe as it is (no temporary file, no rename, nothing truncated first)."""
    try:
        with open(path, "wb", buffering=0) as handle:
            view = memoryview(data)
            while view:
                view = view[handle.write(view) or 0:]
    except OSError as error:
        raise _naming(error, path) from None


def write_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Replace the file at ``path`` with ``text``, all at once or not at all.

    Raises:
        OSError: the directory is missing or not writable, the disk is full, ``path`` is a directory...
            The target is then unchanged and no temporary file is left.
    """
    if not os.fspath(path):
        raise FileNotFoundError(errno.ENOENT, "no file name given", "")
    target = Path(os.path.realpath(path))
    data = text.encode(encoding)
    try:
        status = os.stat(path)  # follows links: /dev/stdout is a link to the stream
    except FileNotFoundError:
        mode = _new_file_mode()
    else:
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(status.st_mode):
            _write_stream(path, data)
            return
        mode = stat.S_IMODE(status.st_mode)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _naming(error, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise _naming(error, path) from None
        raise
    _fsync_directory(target.parent)
