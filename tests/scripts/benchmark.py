"""Benchmark: `claimcheck check` against PyYAML's C loader on generated claim sets.

Not a test (pytest does not collect it). Usage::

    python tests/scripts/benchmark.py [SIZE ...] [--repeat N] [--keep DIR] [--checkout DIR]

For each size (default 10000 100000 1000000 claims) it generates a set in a temporary
folder, then measures, each in its own subprocess on the same files, N times (default
3) in turn:

- loading every file with ``yaml.load(..., Loader=yaml.CSafeLoader)`` and nothing else;
- ``claimcheck check --format json --output FILE``: cold (empty cache), again with
  nothing changed, again after one source file changed, plus ``--no-cache`` and
  ``--no-cache --jobs 1`` when those options exist;

and prints median wall seconds, claims per second, peak memory (the child's peak RSS, or
the sampled resident memory of the child with its worker processes when that is larger)
and the median ratio check / load, each ratio taken within one repetition (paired), so
that a busy machine slows both sides alike, of wall seconds (``ratio``) and of CPU
seconds (``cpu``: user and system time, workers included). Every run also checks that the report's
discrepancies equal the generator's answer, so a fast but wrong checker cannot pass.
``--checkout DIR`` measures the claimcheck found in DIR (e.g. a worktree of an older
commit) instead of this one.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from checker import __version__  # noqa: E402
from checker.generate import answer_path, generate  # noqa: E402

LOAD_ONLY = """
import os, sys, yaml
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    for name in sorted(files):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
            n += 1
print(n)
"""


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 0.0


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and every worker it started (Linux), in MB.

    Read from /proc/PID/statm, which costs nothing (smaps' exact PSS took a tenth of a
    core on two-gigabyte processes and slowed what it measured). Workers count their
    resident pages less the file-backed ones; pages a forked worker still shares with
    its parent count twice, so this errs high. 0 where /proc does not tell.
    """
    total, todo, first = 0.0, [pid], True
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                _, resident, shared = (int(n) for n in handle.read().split()[:3])
            total += (resident if first else resident - shared) * _PAGE_MB
            first = False
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """Run a child; (wall seconds, peak memory in MB, exit code, CPU seconds).

    CPU seconds (user and system, of the child and the workers it waited for) move less
    than wall seconds on a machine shared with other work.

    Peak memory is the larger of the child's own peak RSS (``wait4``) and the sampled
    resident memory of the child with every worker process it started.
    """
    start = time.perf_counter()
    # Started outside the repository: `python -m` puts the working folder first on the
    # path, which would shadow the PYTHONPATH of --checkout.
    child = subprocess.Popen(
        argv,
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peaks = [0.0]
    done = threading.Event()

    def sample() -> None:  # beside the wait, so the wall time is not rounded to a sample
        while not done.wait(0.1):
            peaks.append(_tree_rss_mb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    tree = max(peaks)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stderr is not None:
        err = child.stderr.read().decode()
        if err.strip():
            print(err.strip(), file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return wall, max(usage.ru_maxrss / 1024, tree), child.returncode, cpu


def _claim_pairs(discrepancy: dict[str, Any]) -> list[list[str]]:
    """The conflicting claim pairs, from a version 2 report's index pairs into ``values``
    (a version 1 report listed them as they are)."""
    values, pairs = discrepancy["values"], discrepancy["conflicts"]
    if not pairs or isinstance(pairs[0][0], str):
        return list(pairs)
    return sorted(
        sorted([a, b]) for i, j in pairs for a in values[i]["claims"] for b in values[j]["claims"]
    )


def same_answer(report: Path, outdir: Path) -> bool:
    found = json.loads(report.read_text(encoding="utf-8"))["discrepancies"]
    answer = json.loads(answer_path(outdir).read_text(encoding="utf-8"))["discrepancies"]
    pick = {d["id"]: (d["kind"], _claim_pairs(d)) for d in found}
    return pick == {d["id"]: (d["kind"], d["conflicts"]) for d in answer}


def has_option(option: str, env: dict[str, str]) -> bool:
    helptext = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=False,
    ).stdout
    return option in helptext


def _touch_one_source(outdir: Path, n: int) -> None:
    """Change one source file of the set (the middle one): a real edit of a claim (its
    first claim's quote gains a word), so its claims and every topic they are about are
    checked again; the discrepancies stay those of the generator's answer."""
    sources = sorted((outdir / "sources").rglob("*.yaml"))
    target = sources[len(sources) // 2]
    text = target.read_text(encoding="utf-8")
    at = text.index('    quote: "') + len('    quote: "')  # inside the quoted string
    target.write_text(f"{text[:at]}edit {n}: {text[at:]}", encoding="utf-8")


def bench(size: int, root: Path, repeat: int, env: dict[str, str]) -> list[str]:
    """Paired runs: each repetition measures the load and every check variant in turn,
    and each ratio divides a check's time by the load time of its own repetition (the
    machine's load drifts between repetitions; medians are shown)."""
    outdir = root / f"set-{size}"
    start = time.perf_counter()
    made = generate(outdir, size, seed=size)
    generated = time.perf_counter() - start
    megabytes = sum(p.stat().st_size for p in outdir.rglob("*.yaml")) / 1e6
    report = root / f"report-{size}.json"
    check = [sys.executable, "-m", "checker.cli", "check", str(outdir), "--format", "json"]
    check += ["--output", str(report)]
    rows = [f"{size:,} claims, {made.sources} sources, {made.files} files, {megabytes:.0f} MB;"
            f" generated in {generated:.1f} s; medians of {repeat} paired runs"]  # fmt: skip
    variants: list[tuple[str, list[str], bool]] = [  # label, argv, edit one file first
        ("check, cold cache", check, False),
        ("check, unchanged", check, False),
        ("check, 1 file changed", check, True),
    ]
    if has_option("--no-cache", env):
        variants.append(("check --no-cache", [*check, "--no-cache"], False))
    if has_option("--jobs", env):
        variants.append(("check --no-cache -j1", [*check, "--no-cache", "--jobs", "1"], False))
    seconds: dict[str, list[float]] = {label: [] for label, _, _ in variants}
    ratios: dict[str, list[float]] = {label: [] for label, _, _ in variants}
    cpu_ratios: dict[str, list[float]] = {label: [] for label, _, _ in variants}
    peaks: dict[str, list[float]] = {label: [] for label, _, _ in variants}
    loads: list[tuple[float, float]] = []
    wrong: set[str] = set()
    for rep in range(repeat):
        cache_env = dict(env, XDG_CACHE_HOME=str(root / f"cache-{size}-{rep}"))
        cache_env.pop("CLAIMCHECK_CACHE_DIR", None)
        if hasattr(os, "sync"):
            os.sync()  # the generated set, or the last run's cache, written out
        load_s, load_mb, _, load_cpu = run(
            [sys.executable, "-c", LOAD_ONLY, str(outdir)], cache_env
        )
        loads.append((load_s, load_mb))
        for label, argv, edit in variants:
            if edit:
                _touch_one_source(outdir, rep)
            # Write back what the run before wrote (a cold run writes its whole cache),
            # so the kernel's flushing does not land in this run's time.
            if hasattr(os, "sync"):
                os.sync()
            took, peak, code, cpu = run(argv, cache_env)
            if not (code == 1 and same_answer(report, outdir)):
                wrong.add(label)
            seconds[label].append(took)
            ratios[label].append(took / load_s)
            cpu_ratios[label].append(cpu / load_cpu)
            peaks[label].append(peak)
    rows.append(
        f"  {'':<22} {'seconds':>8} {'claims/s':>10} {'peak MB':>8} {'ratio':>6} {'cpu':>6}"
    )
    for label, _, _ in variants:
        took = statistics.median(seconds[label])
        flag = "  WRONG" if label in wrong else ""
        rows.append(
            f"  {label:<22} {took:8.2f} {size / took:10,.0f} {max(peaks[label]):8.0f}"
            f" {statistics.median(ratios[label]):6.2f}"
            f" {statistics.median(cpu_ratios[label]):6.2f}{flag}"
        )
    load_s = statistics.median(s for s, _ in loads)
    load_mb = max(m for _, m in loads)
    rows.append(
        f"  {'CSafeLoader only':<22} {load_s:8.2f} {size / load_s:10,.0f} {load_mb:8.0f}"
        f" {1:6.2f} {1:6.2f}"
    )
    return rows


def main(argv: list[str]) -> int:
    keep = None
    if "--keep" in argv:
        i = argv.index("--keep")
        keep = Path(argv[i + 1])
        del argv[i : i + 2]
    repeat = 3
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        del argv[i : i + 2]
    env = dict(os.environ)
    if "--checkout" in argv:  # measure another version of claimcheck (e.g. a git worktree)
        i = argv.index("--checkout")
        env["PYTHONPATH"] = str(Path(argv[i + 1]).resolve())
        del argv[i : i + 2]
    sizes = [int(a.replace("_", "")) for a in argv] or [10_000, 100_000, 1_000_000]
    print(
        f"claimcheck {__version__}; Python {platform.python_version()}; "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}); "
        f"PyYAML {yaml.__version__} with libyaml: {yaml.__with_libyaml__}"
    )
    measured = subprocess.run(
        [sys.executable, "-c", "import checker; print(checker.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=False,
    ).stdout.strip()
    print(f"measuring {Path(measured).parent}; {os.getloadavg()[0]:.1f} load average")
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        root = keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for line in bench(size, root, repeat, env):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
