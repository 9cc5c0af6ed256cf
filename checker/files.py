"""Writing files atomically: a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import filecmp
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(
    path: str | Path, data: str | bytes | tuple[bytes, ...], *, durable: bool = True
) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename over.

    ``data`` may be a tuple of byte strings written one after the other (a big cache
    entry and its header, never joined into one more copy). ``durable=False`` skips the
    fsync, for files whose loss in a crash costs nothing (a cache entry): readers still
    see a whole file or none.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    parts = payload if isinstance(payload, tuple) else (payload,)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        # The temporary file is ours, not the user's: name the file they asked for.
        raise OSError(exc.errno, f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise OSError(exc.errno, f"cannot write {target}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class AtomicBatch:
    """Write many files atomically with one sync instead of one fsync per file.

    :meth:`stage` streams a file's bytes into a temporary file beside its target and keeps
    it only when the bytes differ from the target's; :meth:`commit` syncs once (so every
    new file's data is on disk before any rename) and renames each over its target.
    Readers see each file whole, old or new; memory stays that of one chunk.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[str, Path]] = []

    def stage(self, path: str | Path, chunks: Iterable[bytes]) -> bool:
        """Stage ``path``'s new content; False (nothing staged) when it is unchanged."""
        target = Path(path)
        directory = target.parent if str(target.parent) else Path(".")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                size = handle.tell()
            if target.is_file() and target.stat().st_size == size and _same(tmp, target):
                os.unlink(tmp)
                return False
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self.staged.append((tmp, target))
        return True

    def commit(self) -> None:
        if self.staged:
            os.sync()
        for tmp, target in self.staged:
            os.replace(tmp, target)
        self.staged.clear()

    def discard(self) -> None:
        for tmp, _ in self.staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self.staged.clear()


def _same(a: str | Path, b: str | Path) -> bool:
    return filecmp.cmp(a, b, shallow=False)
