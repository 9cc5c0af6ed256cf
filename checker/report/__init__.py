"""Output formats: one module per format, each a function ``Analysis -> str``.

Formatters render; they compute nothing that the analysis does not already hold.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.analysis import Analysis
from checker.report import github, html, json_report, junit, markdown, sarif, text

Formatter = Callable[[Analysis], str]

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
