"""Output formats: one module per format, each a function ``View -> str``.

Formatters render; they compute nothing. What they show is the run's view model
(:class:`~checker.report.view.View`), built once per run by :func:`rendering`. A format
bounded by what its platform accepts takes its bound as a keyword option
(:data:`OPTIONS`), which the command line passes only to that format.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.analysis import Analysis
from checker.report import github, html, json_report, junit, markdown, sarif, text
from checker.report.view import View

Formatter = Callable[..., str]  # (View, **options) -> str

CHECK_FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
REPORT_FORMATTERS: dict[str, Formatter] = {
    "json": json_report.render,
    "md": markdown.render,
    "html": html.render,
}

# The keyword options each format takes (command-line option names with - for _).
OPTIONS: dict[str, frozenset[str]] = {
    "sarif": frozenset({"max_results"}),
    "md": frozenset({"max_chars"}),
}


def rendering(formatter: Formatter, **options: int) -> Callable[[Analysis], str]:
    """``formatter`` with ``options`` as a function of a run: the view built, then laid out."""
    return lambda analysis: formatter(View(analysis), **options)
