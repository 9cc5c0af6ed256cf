"""Regenerate the committed reports of the bundled claim set.

Run ``python tests/scripts/refresh_reports.py``.

Writes ``reports/claims.<format>`` for every format ``claimcheck report`` offers (json, and
md/html where registered), exactly as ``claimcheck report claims --format <format> --output
reports/claims.<format>`` run from the project root would. ``tests/test_corpus.py`` fails
when a committed report differs from what this script would write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLAIMS = "claims"  # relative, as on the command line: reports show paths as given
REPORTS = REPO / "reports"


def report_path(fmt: str) -> Path:
    """Where the committed report in ``fmt`` lives."""
    return REPORTS / f"claims.{fmt}"


def render_reports() -> dict[str, str]:
    """Every report format rendered from ``claims/``, run from the project root."""
    from checker.analysis import analyse
    from checker.report import REPORT_FORMATTERS
    from checker.report.view import View

    here = Path.cwd()
    os.chdir(REPO)
    try:
        view = View(analyse([CLAIMS]))  # built once, read by every format
        return {fmt: render(view) for fmt, render in sorted(REPORT_FORMATTERS.items())}
    finally:
        os.chdir(here)


def main() -> int:
    from checker.files import write_atomic

    REPORTS.mkdir(exist_ok=True)
    for fmt, text in render_reports().items():
        path = report_path(fmt)
        old = path.read_bytes() if path.exists() else None
        write_atomic(path, text)
        state = "unchanged" if old == text.encode("utf-8") else "written"
        print(f"{path.relative_to(REPO)}: {state}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
