"""Which files a run reads and which it reports on.

A claim file means something only with its registry: a file named alone
(``claimcheck check claims/new.yaml``) is checked as part of its claim set, found as
the nearest folder at or above the file that holds a registry file (or the folder given
by ``--root``), and the run reports problems and discrepancies of the named files only.
A folder is reported whole. A PATH under which no claim file is found is a usage error:
a CI job pointed at the wrong folder must not pass over nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import ClaimcheckError
from checker.load import FoundFile, discover, load_file
from checker.pipeline import likely_registry
from checker.vocabulary import kind_of

SUFFIXES = (".yaml", ".yml")


class ScopeError(ClaimcheckError):
    """A PATH that cannot be checked (nothing in it): a usage error."""


@dataclass(frozen=True)
class Scope:
    """The PATHs to read and, when files were named alone, the files to report on.

    ``focus`` is None when everything read is reported (only folders were given, or a
    named file has no registry above it). ``roots`` maps each named file to the claim
    set folder it was checked with, ``None`` when none was found.
    """

    paths: tuple[str, ...]
    focus: frozenset[str] | None = None
    roots: tuple[tuple[str, str | None], ...] = ()


def holds_registry(folder: Path) -> bool:
    """Whether ``folder`` itself (not its subfolders) holds a registry file."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return False
    for name in names:
        if name.startswith(".") or not name.endswith(SUFFIXES):
            continue
        path = folder / name
        if path.is_symlink() or not path.is_file():
            continue
        found = FoundFile(str(path), path, folder)
        if likely_registry(found) and kind_of(load_file(found)) == "registry":
            return True
    return False


def find_root(file: str) -> str | None:
    """The nearest folder at or above ``file`` that holds a registry file, written so
    that the file's path below it is the path as given (``claims/new.yaml`` ->
    ``claims``), or None.

    The search stops at the top of a git work tree (a folder holding ``.git``) and at
    the file system's root.
    """
    shown = os.path.dirname(file) or "."
    real = Path(file).resolve().parent
    while True:
        if holds_registry(real):
            return shown
        if (real / ".git").exists() or real.parent == real:
            return None
        real = real.parent
        shown = os.path.normpath(os.path.join(shown, os.pardir))


def _has_claim_files(folder: str) -> bool:
    return next(iter(discover([folder])), None) is not None


def plan(paths: Sequence[str], root: str | None = None) -> Scope:
    """The files to read for ``paths`` and the ones to report on.

    Raises :class:`ScopeError` for a folder holding no claim file (``*.yaml``,
    ``*.yml``; dot-folders are skipped) or a ``--root`` that is none.
    """
    if root is not None and not os.path.isdir(root):
        raise ScopeError(f"--root {root!r} is not a folder")
    folders = [p for p in paths if os.path.isdir(p)]
    for folder in folders:
        if not _has_claim_files(folder):
            where = os.path.abspath(folder)
            shown = folder if where == folder else f"{folder} ({where})"
            raise ScopeError(f"no claim files (*.yaml, *.yml) in {shown} or its subfolders")
    files = [p for p in paths if not os.path.isdir(p)]
    roots = tuple((f, root if root is not None else find_root(f)) for f in files)
    added = sorted({r for _, r in roots if r is not None} - set(folders))
    if not added:
        return Scope(tuple(paths), None, roots)
    # Folders first, so a file reached through a folder keeps the folder's sort order;
    # discover() names a file given directly by the path given.
    read = tuple(added) + tuple(paths)
    focus = {found.display for found in discover(folders)} | set(files)
    return Scope(read, frozenset(focus), roots)
