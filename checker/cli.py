"""The command line: click options -> settings -> run() -> exit code.

The only module that prints or exits.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from checker import __version__
from checker.analysis import Analysis, analyse, gc_paused
from checker.cache import Cache, default_directory, max_bytes
from checker.errors import ClaimcheckError
from checker.files import write_atomic
from checker.model import Verdict
from checker.pipeline import reads_outside_files, replayed
from checker.problems import Severity
from checker.report import CHECK_FORMATTERS, OPTIONS, REPORT_FORMATTERS, Formatter, rendering
from checker.report.show import render as render_show
from checker.report.trust import TRUST_FORMATTERS
from checker.report.view import View, plural
from checker.scope import Scope, plan
from checker.vocabulary import DRAFT_LANGUAGES

if TYPE_CHECKING:
    from checker.importer import Settings as ImportSettings
    from checker.resolutions_file import Request

# Modules only some commands need (the baseline, the resolutions file's writer, the claim
# schema) are imported by those commands: every run of `check` starts without them.

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

# The console script's runs, kept until its fast exit (see :func:`entry`): freeing the
# millions of objects of a run took 0.18 s at 100k claims (--no-cache), and nothing needs it.
_kept_until_exit: list[object] | None = None


@dataclass(frozen=True)
class Inputs:
    """What every command analyses, and how: the claim files, the cache, the workers.
    ``root``: the claim set of files named as PATH (only their findings are reported)."""

    paths: tuple[str, ...]
    cache: bool = True
    jobs: int | None = None
    root: str | None = None

    def analyse(self, *, focused: bool = True) -> Analysis:
        """The analysis of the claim set; ``focused``: reported for the named files only
        (show, resolve and graph look at a topic or the whole graph: never focused)."""
        scope = _scope(self.paths, self.root)
        return self.analysed(scope, _cache(self.cache), focused)

    def analysed(
        self, scope: Scope, cache: Cache | None, focused: bool = True, *, assembled: bool = False
    ) -> Analysis:
        """``assembled``: the caller only renders reports, so an analysis assembled from
        the cache's stored topics will do (see checker.incremental)."""
        analysis = analyse(
            list(scope.paths),
            cache=cache,
            jobs=self.jobs,
            assembled=assembled and scope.focus is None,
        )
        if _kept_until_exit is not None:
            _kept_until_exit.append(analysis)
        return analysis if scope.focus is None or not focused else analysis.focused(scope.focus)


@dataclass(frozen=True)
class OutputSettings:
    inputs: Inputs
    format: str
    output: str | None
    baseline: str | None = None
    # Options of one format (``max_results`` for sarif...), given only when set.
    options: tuple[tuple[str, int], ...] = ()

    def formatter(self, formatters: dict[str, Formatter]) -> Callable[[Analysis], str]:
        """The chosen format's formatter with the options given for it."""
        return rendering(formatters[self.format], **dict(self.options))

    def rendered(self, command: str, render: Callable[[Analysis], str]) -> tuple[str, int]:
        """The rendered report and exit code, replayed from the cache when no claim file
        changed since a run that stored them (see checker.pipeline.replayed)."""
        inputs = self.inputs
        scope = _scope(inputs.paths, inputs.root)
        cache = _cache(inputs.cache)

        def compute() -> tuple[str, int, bool]:
            analysis = inputs.analysed(scope, cache, assembled=True)
            return render(analysis), analysis.exit_code, not reads_outside_files(analysis.claimset)

        focus = "\n".join(sorted(scope.focus)) if scope.focus is not None else "(all)"
        options = (f"{name}={value}" for name, value in self.options)
        what = "\0".join((command, self.format, focus, *options, *_output_environment()))
        return replayed(list(scope.paths), cache, what, compute)


def _scope(paths: tuple[str, ...], root: str | None = None) -> Scope:
    """The files to read; a named file without a registry above it is checked alone."""
    scope = plan(paths, root)
    for file, found in scope.roots:
        if found is None:
            click.echo(
                f"claimcheck: no registry file in the folder of {file} or above; "
                "checking it alone (name its claim set with --root)",
                err=True,
            )
    return scope


def _output_environment() -> tuple[str, ...]:
    """What of the environment a formatter may look at (colour conventions, a terminal)."""
    names = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM")
    return (*(f"{name}={os.environ.get(name)}" for name in names), str(sys.stdout.isatty()))


def _cache(enabled: bool) -> Cache | None:
    return Cache(default_directory(os.environ), max_bytes(os.environ)) if enabled else None


def _emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _options(fmt: str, given: dict[str, int | None]) -> tuple[tuple[str, int], ...]:
    """The format options that were given; one the format does not take is a usage error."""
    chosen = tuple((name, value) for name, value in given.items() if value is not None)
    for name, _ in chosen:
        if name not in OPTIONS.get(fmt, frozenset()):
            takes = [f for f, names in OPTIONS.items() if name in names]
            option = "--" + name.replace("_", "-")
            raise click.UsageError(f"{option} applies to --format {' or '.join(takes)} only")
    return chosen


def run_check(settings: OutputSettings) -> int:
    if settings.baseline is None:
        text, code = settings.rendered("check", settings.formatter(CHECK_FORMATTERS))
        _emit(text, settings.output)
        return code
    from checker.baseline import compare
    from checker.baseline import load as load_baseline

    known = load_baseline(settings.baseline)
    analysis = settings.inputs.analyse()
    _emit(settings.formatter(CHECK_FORMATTERS)(analysis), settings.output)
    # The baseline summary goes to stderr so stdout stays the chosen format.
    comparison = compare(analysis, known)
    for line in comparison.summary_lines():
        click.echo(line, err=True)
    return comparison.exit_code


def run_schema(output: str | None) -> int:
    from checker import schema as claim_schema

    _emit(claim_schema.shipped(), output)
    return EXIT_OK


_REPORT_EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def report_format(output: str | None, is_terminal: bool) -> str:
    """``report`` without --format: the --output file's extension, else Markdown for a
    person at a terminal, else JSON (a pipe: a program reads it)."""
    if output is not None:
        return _REPORT_EXTENSIONS.get(os.path.splitext(output)[1].lower(), "json")
    return "md" if is_terminal else "json"


def run_report(settings: OutputSettings) -> int:
    text, _ = settings.rendered("report", settings.formatter(REPORT_FORMATTERS))
    _emit(text, settings.output)
    return EXIT_OK


def _guarded(run: Callable[..., int], *args: Any) -> None:
    """Run a command; a request it cannot carry out, or an unexpected exception, is one
    line on stderr (exit 2), never a traceback."""
    try:
        with gc_paused():  # formatting a big analysis, too, is millions of objects
            code = run(*args)
    except ClaimcheckError as exc:
        click.echo(f"claimcheck: {exc}", err=True)
        code = EXIT_USAGE
    except OSError as exc:
        click.echo(
            f"claimcheck: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True
        )
        code = EXIT_USAGE
    except Exception as exc:  # a bug in claimcheck must still not print a traceback
        click.echo(f"claimcheck: {_internal_error(exc)}", err=True)
        code = EXIT_USAGE  # "could not check" (contract §5), never mistaken for findings
    sys.exit(code)


def _internal_error(exc: BaseException) -> str:
    """One line for an unexpected exception, naming the file that holds its traceback."""
    what = f"internal error ({type(exc).__name__}: {exc})".replace("\n", " ")
    details = "".join(traceback.format_exception(exc))
    try:
        fd, path = tempfile.mkstemp(prefix="claimcheck-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(f"claimcheck {__version__}, Python {sys.version.split()[0]}\n{details}")
    except OSError as write_error:
        return f"{what}; the details could not be written ({write_error}); please report it"
    return f"{what}; details in {path}; please report it"


def _or_default(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The given PATHs, else ``claims``; a missing default is a usage error like any PATH."""
    if paths:
        return paths
    if not os.path.exists("claims"):
        message = "no PATH given and no 'claims' folder here"
        if os.environ.get("PRE_COMMIT"):  # set by pre-commit for its hooks
            message += (
                "; this repository keeps its claims elsewhere: give the claimcheck hook "
                "args: [FOLDER] and files: ^FOLDER/ in .pre-commit-config.yaml"
            )
        raise click.UsageError(message)
    return ("claims",)


PATHS = click.argument(
    "paths",
    nargs=-1,
    metavar="[PATH]...",
    type=click.Path(exists=True, file_okay=True, dir_okay=True),
)


def _paths_help(alone: bool = False) -> str:
    named = (
        "read with the rest of its claim set (the nearest folder at or above it holding a "
        "registry file, or --root) and reported alone"
        if alone
        else "read with the rest of its claim set (the nearest folder at or above it "
        "holding a registry file)"
    )
    return (
        "\nPATH: a claim-set folder (every *.yaml and *.yml below it; dot-folders are "
        f"skipped) or a single claim file, {named}. Default: ./claims. A folder holding "
        "no claim file is a usage error (exit 2).\n"
    )


def _exit_help(ok: str, findings: str | None = None, also: str = "") -> str:
    lines = ["", "\b", "Exit codes:", f"  0  {ok}"]
    if findings:
        lines.append(f"  1  {findings}")
    lines += [
        f"  2  could not run: usage error (unknown option, {also}a PATH missing or",
        "     holding no claim file, an output file that cannot be written) or an",
        "     internal error",
    ]
    return "\n".join(lines) + "\n"


OUTPUT = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (atomically: a whole file or none) instead of stdout.",
)

NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file afresh instead of reusing what an earlier run found in unchanged "
    "files (cache: $CLAIMCHECK_CACHE_DIR, else $XDG_CACHE_HOME/claimcheck, else "
    "~/.cache/claimcheck; see `claimcheck cache --help`).",
)
ROOT = click.option(
    "--root",
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False),
    help="The claim set a FILE given as PATH belongs to (default: the nearest folder at or "
    "above the file that holds a registry file). The whole set is read; only the named "
    "files' problems and discrepancies are reported.",
)
JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large claim sets (default: CPU count, at most 8; "
    "sets under 8 MB always run in one process).",
)


F = TypeVar("F", bound=Callable[..., Any])


FORMAT_HELP = {
    "text": "one line per finding, FILE:LINE:COLUMN: CODE message, then a summary line",
    "github": "GitHub Actions workflow commands: annotations on a pull request's diff",
    "sarif": "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers",
    "junit": "JUnit XML for CI test dashboards: a test case per discrepancy and per file",
    "json": "the machine-readable report (summary, problems, discrepancies, scorecard)",
    "md": "Markdown for people and pull-request comments",
    "html": "one self-contained web page with filters, quotes and timelines",
}


def _format_option(
    formatters: dict[str, Any], default: str | None, note: str = ""
) -> Callable[[F], F]:
    """``--format`` choosing among a command's registered formatters, each explained."""
    names = sorted(formatters)
    explained = "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in names)
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(names),
        default=default,
        show_default=default is not None,
        help=f"{explained}.{note}",
    )


MAIN_HELP = (
    """Cross-reference factual claims from many sources and find where they contradict.

A claim set is a folder of YAML files of three kinds: source files (one article's
claims, each with a verbatim quote), registry files (entities and properties with
their aliases in every language) and resolutions files (reviewers' verdicts). The
complete file format: REFERENCE.md in the installed checker package (checker/ in the
source tree), printed by `python -m checker.reference`.
"""
    + _paths_help()
    + _exit_help("done (check: nothing fails)", "check: findings, see `claimcheck check --help`")
    + "\nRun `claimcheck COMMAND --help` for a command's options."
)


class _Commands(click.Group):
    """A group whose command list shows each command's whole first sentence (click
    cuts them at the terminal's width with "...")."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=_Commands,
    help=MAIN_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    pass


CHECK_HELP = (
    """Check claim files; exit 1 on an error or an unresolved discrepancy.

Validates every file (YAML, schema, names, values, quotes against archived texts),
compares the claims of each topic and applies the reviewers' resolutions. It fails
on an error problem, an open discrepancy without resolution (an open plan-vs-actual
one only with `settings: plan_vs_actual: error`), or a stale resolution; a
discrepancy acknowledged with an `open` verdict does not fail.
"""
    + _paths_help(alone=True)
    + _exit_help("nothing fails", "findings: an error problem or a discrepancy that fails")
)


@main.command(help=CHECK_HELP, short_help="Check claim files; exit 1 on errors or discrepancies.")
@PATHS
@_format_option(CHECK_FORMATTERS, "text")
@OUTPUT
@click.option(
    "--baseline",
    metavar="REPORT.json",
    type=click.Path(exists=True, dir_okay=False),
    help="An earlier `check --format json` report: only findings not in it fail the run.",
)
@ROOT
@NO_CACHE
@JOBS
@click.option(
    "--max-results",
    type=click.IntRange(min=1),
    help="sarif: at most N results, errors first, the last saying how many were left out "
    "[default: 5000, what GitHub code scanning keeps of a run].",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    baseline: str | None,
    root: str | None,
    no_cache: bool,
    jobs: int | None,
    max_results: int | None,
) -> None:
    options = _options(fmt, {"max_results": max_results})
    inputs = Inputs(_or_default(paths), not no_cache, jobs, root)
    settings = OutputSettings(inputs, fmt, output, baseline, options)
    _guarded(run_check, settings)


REPORT_HELP = (
    """Write a discrepancy report for people (md, html) or machines (json).

Without --format: Markdown on a terminal; with --output, the file name's extension
(.md, .html, .json) decides; else (a pipe) JSON. The exit code is 0 whatever the
findings (use check to fail a build).
"""
    + _paths_help(alone=True)
    + _exit_help("the report written, whatever it finds")
)


@main.command(help=REPORT_HELP, short_help="Write a report: Markdown, HTML or JSON.")
@PATHS
@_format_option(
    REPORT_FORMATTERS,
    None,
    " Default: md on a terminal, else from --output's extension, else json.",
)
@OUTPUT
@ROOT
@NO_CACHE
@JOBS
@click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    help="md: at most N characters, failing discrepancies first, then a line saying what "
    "was left out; never cut inside a table, code fence or Mermaid block; 0: no limit "
    "[default: 65536, a pull-request comment; a job summary holds 1048576].",
)
def report(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    root: str | None,
    no_cache: bool,
    jobs: int | None,
    max_chars: int | None,
) -> None:
    chosen = fmt or report_format(output, sys.stdout.isatty())
    options = _options(chosen, {"max_chars": max_chars})
    inputs = Inputs(_or_default(paths), not no_cache, jobs, root)
    settings = OutputSettings(inputs, chosen, output, None, options)
    _guarded(run_report, settings)


@main.command(short_help="Print the JSON Schema of claim files, for editors.")
@OUTPUT
def schema(output: str | None) -> None:
    """Print the JSON Schema of the three kinds of claim file, for editors.

    Save it (`claimcheck schema --output claimcheck.schema.json`) and put
    `# yaml-language-server: $schema=../claimcheck.schema.json` (a path relative to the
    claim file) at the top of a claim file for completion and validation while typing.

    \b
    Exit codes:
      0  written
      2  could not run: usage error (unknown option, an output file that cannot be
         written) or an internal error
    """
    _guarded(run_schema, output)


@dataclass(frozen=True)
class ResolveSettings:
    request: Request
    inputs: Inputs
    file: str | None


def run_resolve(settings: ResolveSettings) -> int:
    from checker.resolutions_file import resolve

    outcome = resolve(
        settings.inputs.analyse(focused=False),
        settings.request,
        list(settings.inputs.paths),
        settings.file,
        lock_dir=default_directory(os.environ) / "locks",
    )
    request = settings.request
    verdict = request.verdict + (f" {outcome.value}" if outcome.value is not None else "")
    click.echo(
        f"{outcome.action} the resolution of {request.topic} ({verdict}) in {outcome.file}; "
        f"values seen: {', '.join(outcome.values_seen)}"
    )
    past = outcome.replaced
    if past is not None:
        was = past.verdict + (f" {past.value}" if past.value is not None else "")
        was += f" by {past.reviewer}" if past.reviewer else ""
        was += f" of {past.date}" if past.date else ""
        click.echo(f"replaced: {was} (kept in the entry's history)")
    return EXIT_OK


RESOLVE_HELP = (
    """Record a reviewer's verdict on the discrepancy TOPIC in a resolutions file.

TOPIC is a discrepancy id, SUBJECT/PROPERTY, as check, report and show print it.
The entry records the values you saw (values_seen) and today's date; when a new
value appears later the resolution goes stale and check fails until a reviewer
looks again. Re-resolving a topic keeps the earlier verdict, reviewer, date,
rationale and evidence in the entry's history (newest first). Every other byte of
the file is kept; the file is written atomically under a lock.
"""
    + _paths_help()
    + _exit_help("the resolution written", also="TOPIC no discrepancy, ")
)


@main.command("resolve", help=RESOLVE_HELP, short_help="Record a reviewer's verdict on a topic.")
@click.argument("topic")
@click.option(
    "--verdict",
    required=True,
    type=click.Choice([verdict.value for verdict in Verdict]),
    help="accept: --value is the right value (claims that conflict with it are rejected); "
    "distinct: the names mean different things; scoped: each value holds in its own scope "
    "(time, definition); open: acknowledged, stays open but no longer fails check.",
)
@click.option(
    "--value",
    help="The value judged right (accept only), as `show` lists it.",
)
@click.option("--reviewer", required=True, help="Your name, as it should appear in reports.")
@click.option("--rationale", required=True, help="Why: free text, kept with the verdict.")
@click.option(
    "--evidence",
    multiple=True,
    metavar="URL",
    help="A supporting link; repeat for several. Added to the entry's earlier evidence.",
)
@click.option(
    "--replace-evidence",
    is_flag=True,
    help="The --evidence given replaces the entry's earlier evidence (none given: the "
    "entry keeps no evidence); the earlier list stays in the history.",
)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False),
    help="The resolutions file to write (default: the one holding TOPIC's entry, else the "
    "set's only resolutions file, else PATH/resolutions.yaml).",
)
@PATHS
@NO_CACHE
@JOBS
def resolve_command(
    topic: str,
    verdict: str,
    value: str | None,
    reviewer: str,
    rationale: str,
    evidence: tuple[str, ...],
    replace_evidence: bool,
    file: str | None,
    paths: tuple[str, ...],
    no_cache: bool,
    jobs: int | None,
) -> None:
    from checker.resolutions_file import Request

    today = datetime.date.today().isoformat()
    request = Request(topic, verdict, reviewer, rationale, today, value, evidence, replace_evidence)
    inputs = Inputs(_or_default(paths), not no_cache, jobs)
    _guarded(run_resolve, ResolveSettings(request, inputs, file))


@dataclass(frozen=True)
class ShowSettings:
    topic: str
    inputs: Inputs
    width: int
    styled: bool


def run_show(settings: ShowSettings) -> int:
    analysis = settings.inputs.analyse(focused=False)
    text = render_show(View(analysis), settings.topic, width=settings.width, styled=settings.styled)
    # color=: click would strip the codes from a pipe even when --color asks for them
    click.echo(text, nl=False, color=settings.styled)
    return EXIT_OK


def use_color(choice: bool | None, environ: Mapping[str, str], is_terminal: bool) -> bool:
    """``--color``/``--no-color`` win; else colour on a terminal unless ``NO_COLOR`` is set
    to anything but the empty string (no-color.org)."""
    if choice is not None:
        return choice
    return is_terminal and not environ.get("NO_COLOR")


SHOW_HELP = (
    """Show the discrepancy TOPIC for review: values, claims, quotes, resolution.

TOPIC is a discrepancy id, SUBJECT/PROPERTY, as check and report print it. Shows
each value with the sources that give it, every quote beside its translation, the
conflicting pairs, the resolution and its history. Then record a verdict with
`claimcheck resolve`.
"""
    + _paths_help()
    + _exit_help("shown", also="TOPIC no discrepancy, ")
)


@main.command(help=SHOW_HELP, short_help="Show one discrepancy for review.")
@click.argument("topic")
@PATHS
@click.option(
    "--color/--no-color",
    default=None,
    help="Emphasis with ANSI codes [default: on a terminal, unless NO_COLOR is set].",
)
@NO_CACHE
@JOBS
def show(
    topic: str, paths: tuple[str, ...], color: bool | None, no_cache: bool, jobs: int | None
) -> None:
    width = shutil.get_terminal_size((100, 24)).columns
    styled = use_color(color, os.environ, sys.stdout.isatty())
    inputs = Inputs(_or_default(paths), not no_cache, jobs)
    _guarded(run_show, ShowSettings(topic, inputs, width, styled))


def run_trust(settings: OutputSettings) -> int:
    analysis = settings.inputs.analyse()
    _emit(rendering(TRUST_FORMATTERS[settings.format])(analysis), settings.output)
    return EXIT_OK


TRUST_HELP = (
    """Rank the sources by trust, with suspected copying between them.

Trust (0-1) is how often a source's values are the likely or accepted ones, learnt
jointly over all topics with the likely values and with copy detection (contract
8.4): two sources sharing many likely-false values probably copy one from the other,
and a copier's statements count for less. Per source: trust, claims, claims
corroborated by another source, contradicted, judged likely false, and its suspected
copying partners; then each suspected pair with shared false values as evidence.
The estimate informs reviewers; it never changes a discrepancy's status.
"""
    + _paths_help(alone=True)
    + _exit_help("the ranking written")
)


@main.command(help=TRUST_HELP, short_help="Rank the sources by trust; suspected copying.")
@PATHS
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(sorted(TRUST_FORMATTERS)),
    default="text",
    show_default=True,
    help="text: a ranked table, then the suspected copying pairs; json: the same as data.",
)
@OUTPUT
@ROOT
@NO_CACHE
@JOBS
def trust(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    root: str | None,
    no_cache: bool,
    jobs: int | None,
) -> None:
    settings = OutputSettings(Inputs(_or_default(paths), not no_cache, jobs, root), fmt, output)
    _guarded(run_trust, settings)


@dataclass(frozen=True)
class GraphSettings:
    inputs: Inputs
    output: str
    format: str


def run_graph(settings: GraphSettings) -> int:
    analysis = settings.inputs.analyse(focused=False)
    from checker import export  # networkx: a tenth of a second of start-up, only here

    write_atomic(settings.output, export.render(analysis, settings.format))
    return EXIT_OK


GRAPH_HELP = (
    """Export the claim graph for Gephi and other graph tools.

Nodes: claims, sources and entities with their attributes; edges: agrees,
compatible, conflicts (claim to claim), from (claim to source), about (claim to
entity).
"""
    + _paths_help()
    + _exit_help("the file written")
)


@main.command(help=GRAPH_HELP, short_help="Export the claim graph (GraphML, GEXF, JSON).")
@PATHS
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="FILE.graphml (GraphML), FILE.gexf (Gephi's GEXF) or FILE.json (networkx "
    "node-link JSON); the extension picks the format.",
)
@NO_CACHE
@JOBS
def graph(paths: tuple[str, ...], output: str, no_cache: bool, jobs: int | None) -> None:
    from checker import export

    fmt = export.format_for(output)
    if fmt is None:
        raise click.BadParameter(
            "the file name must end in .graphml, .gexf or .json", param_hint="'--output'"
        )
    inputs = Inputs(_or_default(paths), not no_cache, jobs)
    _guarded(run_graph, GraphSettings(inputs, output, fmt))


@main.group()
def cache() -> None:
    """The cache of earlier runs' results: where it is, how big, clear it.

    Folder: $CLAIMCHECK_CACHE_DIR, else $XDG_CACHE_HOME/claimcheck, else
    ~/.cache/claimcheck. Bounded to $CLAIMCHECK_CACHE_MAX_MB megabytes (default 512):
    after a run that wrote entries, the least recently used go first. Deleting the
    folder, or any entry, is always safe.

    \b
    Exit codes:
      0  done
      2  could not run: usage error (unknown option) or an internal error
    """


def _cache_stats(store: Cache) -> tuple[int, int]:
    sizes = [info.st_size for _, info in store.entries()]
    return len(sizes), sum(sizes)


def run_cache_info() -> int:
    store = Cache(default_directory(os.environ), max_bytes(os.environ))
    count, size = _cache_stats(store)
    click.echo(f"folder:  {store.directory}")
    click.echo(f"entries: {count} ({size / 1e6:.1f} MB of at most {store.limit / 1e6:.0f} MB)")
    return EXIT_OK


def run_cache_clear() -> int:
    store = Cache(default_directory(os.environ), max_bytes(os.environ))
    count, size = store.clear()
    entries = "entry" if count == 1 else "entries"
    click.echo(f"removed {count} {entries} ({size / 1e6:.1f} MB) from {store.directory}")
    return EXIT_OK


@cache.command("info")
def cache_info() -> None:
    """Print the cache folder, its number of entries and size."""
    _guarded(run_cache_info)


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cache entry (the next run checks every file afresh)."""
    _guarded(run_cache_clear)


@dataclass(frozen=True)
class GenerateSettings:
    outdir: str
    claims: int
    sources: int | None
    conflict_rate: float
    seed: int
    accuracy: tuple[float, float] | None = None
    copiers: int = 0
    copy_rate: float = 0.8


def _accuracy_range(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[float, float] | None:
    """``LO..HI`` (two numbers in 0..1) for --accuracy."""
    if value is None:
        return None
    lo, sep, hi = value.partition("..")
    try:
        pair = (float(lo), float(hi)) if sep else (float(lo), float(lo))
    except ValueError:
        raise click.BadParameter("expected LO..HI, e.g. 0.6..0.95") from None
    if not 0 <= pair[0] <= pair[1] <= 1:
        raise click.BadParameter("expected 0 <= LO <= HI <= 1")
    return pair


def run_generate(settings: GenerateSettings) -> int:
    from checker.generate import generate

    made = generate(
        settings.outdir,
        settings.claims,
        sources=settings.sources,
        conflict_rate=settings.conflict_rate,
        seed=settings.seed,
        accuracy=settings.accuracy,
        copiers=settings.copiers,
        copy_rate=settings.copy_rate,
    )
    injected = "" if settings.accuracy or settings.copiers else "injected "
    click.echo(
        f"{made.outdir}: {plural(made.claims, 'claim')}, {plural(made.sources, 'source')}, "
        f"{plural(made.topics, 'topic')}, "
        f"{plural(made.discrepancies, injected + 'discrepancy', injected + 'discrepancies')} "
        f"(answer: {made.answer})"
    )
    return EXIT_OK


@main.command(short_help="Write a synthetic claim set with known conflicts.")
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--claims", "-n", type=click.IntRange(min=1), required=True, help="How many claims.")
@click.option(
    "--sources",
    type=click.IntRange(min=1),
    help="How many source files  [default: one per 1000 claims, rounded, at least 1].",
)
@click.option(
    "--conflict-rate",
    type=click.FloatRange(0, 1),
    default=0.05,
    show_default=True,
    help="Share of topics that get an injected conflict.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--accuracy",
    metavar="LO..HI",
    callback=_accuracy_range,
    help="Sources of known accuracy, uniform in LO..HI, instead of injected conflicts "
    "(the answer lists each source's accuracy and every false claim).",
)
@click.option(
    "--copiers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="How many of the sources copy (in threes, each three one inaccurate source); "
    "implies --accuracy 0.6..0.95 when not given.",
)
@click.option(
    "--copy-rate",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="How often a copier repeats its original's claim where the original speaks.",
)
def generate(
    outdir: str,
    claims: int,
    sources: int | None,
    conflict_rate: float,
    seed: int,
    accuracy: tuple[float, float] | None,
    copiers: int,
    copy_rate: float,
) -> None:
    """Write a synthetic claim set with known conflicts into OUTDIR.

    For benchmarks and tests: a registry, source files and resolutions, with an injected
    share of conflicting topics; the expected discrepancies are written to
    OUTDIR.answer.json. The same options and seed give the same files. With --accuracy
    or --copiers, sources of known accuracy (and copiers) state true or false values
    instead, and the answer also lists each source's accuracy and every false claim.

    \b
    Exit codes:
      0  written
      2  could not run: usage error or an internal error
    """
    settings = GenerateSettings(
        outdir, claims, sources, conflict_rate, seed, accuracy, copiers, copy_rate
    )
    _guarded(run_generate, settings)


@dataclass(frozen=True)
class DraftSettings:
    text: str
    source: str
    registry_from: str
    language: str | None
    output: str | None
    published: str | None = None


def run_draft(settings: DraftSettings) -> int:
    from checker import draft as drafting

    request = drafting.read_article(settings.text)
    registry = drafting.load_registry(settings.registry_from)
    if not registry.properties:
        click.echo(
            f"claimcheck: no properties registered in {settings.registry_from}: "
            "nothing can be drafted (give the claim set with --registry-from)",
            err=True,
        )
        return EXIT_USAGE
    result = drafting.draft(request.text, registry, settings.language, settings.published)
    text_path = (
        None
        if request.was_html
        else drafting.relative_text_path(settings.text, settings.output or os.curdir + "/x")
    )
    rendered = drafting.render(
        result,
        settings.source,
        drafting.first_line(request.text),
        text_path,
        from_html=request.was_html,
    )
    _emit(rendered, settings.output)
    uncertain = sum(c.uncertain for c in result.claims)
    click.echo(
        f"{settings.text}: {plural(len(result.claims), 'claim')} drafted ({uncertain} uncertain) "
        f"from {plural(len(result.sentences), 'sentence')}, language {result.language}"
        + ("" if settings.language else " (detected)"),
        err=True,
    )
    return EXIT_OK


def _source_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise click.BadParameter(f"{value!r} is not a source id ([a-z0-9][a-z0-9-]*)")
    return value


@main.command("draft")
@click.argument("text", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", required=True, callback=_source_id, help="The id of the new source file.")
@click.option(
    "--registry-from",
    type=click.Path(exists=True),
    help="The claim set whose registry names entities and properties [default: claims].",
)
@click.option(
    "--language",
    type=click.Choice(DRAFT_LANGUAGES),
    help="The article's language [default: detected].",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the draft to FILE (refused if it exists) instead of stdout.",
)
@click.option(
    "--published",
    metavar="DATE",
    help="When the article was published (a claim-format date such as 2023-05): the "
    "draft's `published`, and the year of months written without one ('by July').",
)
def draft_command(
    text: str,
    source: str,
    registry_from: str | None,
    language: str | None,
    output: str | None,
    published: str | None,
) -> None:
    """Propose claims from an article (UTF-8 text or HTML) for an analyst to review.

    \b
    Exit codes:
      0  the draft written
      2  could not run: usage error (unknown option, no registry, an output file
         that exists or cannot be written) or an internal error
    """
    if registry_from is None:
        if not os.path.exists("claims"):
            raise click.UsageError("no --registry-from given and no 'claims' folder here")
        registry_from = "claims"
    if output is not None and os.path.exists(output):
        raise click.UsageError(f"{output} exists; drafting never overwrites a file")
    if published is not None:
        from checker.draft import publication_year
        from checker.values import ValueSyntaxError

        try:
            publication_year(published)
        except ValueSyntaxError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from None
    _guarded(run_draft, DraftSettings(text, source, registry_from, language, output, published))


def run_import(settings: ImportSettings) -> int:
    from checker import importer
    from checker.report.escape import clean

    total = importer.table_bytes(settings.tables)
    # A bar only on a terminal, and only for tables worth watching (a few seconds of work).
    show_bar = sys.stderr.isatty() and total > 4 * 1024 * 1024
    if show_bar:
        with click.progressbar(
            length=total, label="importing", file=sys.stderr, show_eta=True
        ) as bar:
            outcome = importer.run_import(settings, bar.update)
    else:
        outcome = importer.run_import(settings)
    errors = outcome.errors
    for p in outcome.problems:
        prefix = "" if p.severity is Severity.ERROR else "warning: "
        click.echo(f"{clean(p.file)}:{p.line}:{p.column}: {p.code} {prefix}{clean(p.message)}")
    warnings = len(outcome.problems) - errors
    if outcome.wrote_nothing:
        why = (
            f"stopped after {plural(errors, 'error')}"
            if outcome.stopped
            else "the mapping has errors"
        )
        click.echo(
            f"{why}: nothing written to {settings.into}; "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    else:
        click.echo(
            f"{plural(outcome.rows, 'row')}, {plural(outcome.claims, 'claim')}, "
            f"{plural(outcome.sources, 'source')}: {plural(outcome.written, 'file')} written, "
            f"{outcome.unchanged} unchanged, {outcome.removed} removed in {settings.into}; "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    return EXIT_FINDINGS if errors else EXIT_OK


@main.command("import")
@click.argument("tables", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--mapping",
    "-m",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="MAPPING.yaml: how columns become sources, subjects, properties and values.",
)
@click.option(
    "--into",
    required=True,
    type=click.Path(file_okay=False),
    help="The claim-set folder to write (DIR/registry.yaml, DIR/sources/ID.yaml).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Import into a folder that already holds claim files (only changed files are "
    "rewritten; resolutions files are never touched).",
)
@click.option(
    "--max-errors",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after N error problems, writing nothing.",
)
def import_command(
    tables: tuple[str, ...], mapping: str, into: str, force: bool, max_errors: int | None
) -> None:
    """Import CSV, TSV or JSON Lines TABLEs into a claim set, as MAPPING.yaml says.

    \b
    Exit codes:
      0  imported
      1  error problems in the tables or the mapping
      2  could not run: usage error (unknown option, a table missing) or an internal
         error
    """
    from checker.importer import Settings as ImportSettings_

    settings = ImportSettings_(tables, mapping, into, force, max_errors)
    _guarded(run_import, settings)


def entry() -> None:
    """The console script: ``main``, then exit without freeing every object.

    On a big claim set the interpreter's clean-up of millions of objects took a tenth of
    the run; nothing needs it (files are written atomically and closed, worker processes
    joined), so flush the streams and leave at once, as mypy does.
    """
    global _kept_until_exit
    _kept_until_exit = []
    try:
        main()
        code = EXIT_OK
    except SystemExit as exc:
        if isinstance(exc.code, int):
            code = exc.code
        elif exc.code is None:
            code = EXIT_OK
        else:
            click.echo(exc.code, err=True)
            code = EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: the reader has gone
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover - ``python -m checker.cli``
    entry()
