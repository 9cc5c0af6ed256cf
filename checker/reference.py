"""The claim-file reference shipped with the package (``REFERENCE.md`` beside this module).

``python -m checker.reference`` prints it, so an installed claimcheck carries its own
format documentation; ``claimcheck --help`` points here.
"""

from __future__ import annotations

from importlib.resources import files


def text() -> str:
    """The reference, as Markdown."""
    return files("checker").joinpath("REFERENCE.md").read_text(encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess
    import sys

    sys.stdout.write(text())
