"""Where the loader's time goes, per event: libyaml's event stream against our tree.

Not a test (pytest does not collect it). Usage::

    python tests/scripts/benchmark_loader.py DIR [--repeat N]

Over every ``*.yaml`` under DIR (e.g. a set written by ``claimcheck generate``), in this
process and in turn N times (default 3), it measures:

- ``events``: libyaml's event stream alone (``CBaseLoader.get_event`` until the end);
- ``parse``: :func:`checker.load.parse_bytes`, what a run does (the line-scanning fast
  path, or libyaml for a file it defers);
- ``libyaml path``: the same with the fast path off, libyaml's events turned into our nodes;
- ``CSafeLoader``: PyYAML's ``yaml.load(..., Loader=CSafeLoader)``, the benchmark's yardstick;

and prints the median seconds, the nanoseconds per event, each one's ratio to
CSafeLoader within its repetition (paired), and how many files the fast path took.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from checker.load import Limits, _fast_tree, decode, parse, parse_bytes  # noqa: E402


def _events(data: bytes) -> int:
    parser = yaml.CBaseLoader(data.decode("utf-8"))
    count = 0
    try:
        while parser.get_event() is not None:
            count += 1
            if not parser.check_event():
                break
    finally:
        parser.dispose()
    return count


def _libyaml(path: str, data: bytes, limits: Limits) -> object:
    text, problems = decode(path, data, limits)
    return problems if text is None else parse(path, text, limits, fast=False)


def _takes_fast_path(path: str, data: bytes, limits: Limits) -> bool:
    text, _ = decode(path, data, limits)
    return text is not None and _fast_tree(path, text, limits) is not None


def _timed(work: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    gc.enable()
    return took


def main(argv: list[str]) -> int:
    repeat = 3
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        del argv[i : i + 2]
    if len(argv) != 1:
        print(__doc__)
        return 2
    files = [(str(p), p.read_bytes()) for p in sorted(Path(argv[0]).rglob("*.yaml"))]
    limits = Limits()
    events = sum(_events(data) for _, data in files)
    megabytes = sum(len(data) for _, data in files) / 1e6
    work: dict[str, Callable[[], object]] = {
        "events": lambda: [_events(data) for _, data in files],
        "parse": lambda: [parse_bytes(path, data, limits) for path, data in files],
        "libyaml path": lambda: [_libyaml(path, data, limits) for path, data in files],
        "CSafeLoader": lambda: [yaml.load(data, Loader=yaml.CSafeLoader) for _, data in files],
    }
    seconds: dict[str, list[float]] = {name: [] for name in work}
    ratios: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(repeat):
        took = {name: _timed(run) for name, run in work.items()}
        for name in work:
            seconds[name].append(took[name])
            ratios[name].append(took[name] / took["CSafeLoader"])
    fast = sum(_takes_fast_path(path, data, limits) for path, data in files)
    print(f"{len(files)} files, {megabytes:.0f} MB, {events:,} events; medians of {repeat} runs")
    print(f"{fast} of {len(files)} files take the fast path")
    print(f"  {'':<12} {'seconds':>8} {'ns/event':>9} {'ratio':>6}")
    for name in work:
        took = statistics.median(seconds[name])
        print(
            f"  {name:<12} {took:8.2f} {took / events * 1e9:9.0f}"
            f" {statistics.median(ratios[name]):6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
