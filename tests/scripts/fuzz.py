"""Fuzz the whole input path: bytes -> decode -> parse -> validate -> analyse -> text output.

    python tests/scripts/fuzz.py --seconds 60            # atheris (coverage-guided libFuzzer)
    python tests/scripts/fuzz.py --seconds 60 --random   # plain random mutation, no atheris
    python tests/scripts/fuzz.py --seconds 60 --differential  # the loader's two paths

``--differential`` fuzzes only the loader: wherever its line-scanning fast path takes an
input, the tree, positions and problems must be those of libyaml's path (atheris when
installed, else random mutation).

Seeds are every YAML file under tests/bad/ and claims/. An input crashes the run when
anything other than a problem comes out: an exception, a problem outside its document,
or a control character in text output. atheris writes the crashing input to
``--artifacts`` (default: a temporary folder); turn each into a test under
tests/regressions/. Not collected by pytest (the file name does not start with test_).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

NASTY = [
    b"\t", b"\n", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!str ", b"|",
    b"'", b'"', b"#", b"%YAML 1.1\n", b"---\n", b"...\n", b"<<: ", b"? ", b"\x00", b"\x1b",
    b"\xc2\x85", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\xe2\x80\xa8", b"\xe9", b"~",
    b"2023-02-30", b"1970s", b"..", b"320 billion USD", b"no", b"yes", b"1e9",
]  # fmt: skip


def seeds() -> list[bytes]:
    found = sorted(REPO.glob("tests/bad/*/*.yaml")) + sorted(REPO.glob("claims/*.yaml"))
    return [p.read_bytes() for p in found if p.name != "expected.yaml"]


def make_target() -> object:
    """The function that checks one input; imported lazily so atheris can instrument."""
    from checker.analysis import analyse_claimset
    from checker.evidence import ArchivedText
    from checker.load import Document, Limits, decode, parse
    from checker.pipeline import validate_documents as validate
    from checker.report import json_report, text
    from checker.report.view import View
    from checker.text import best_passage, fold
    from checker.values import ValueSyntaxError, parse_boolean, parse_date, parse_quantity

    limits = Limits(max_file_bytes=1 << 20)
    registry_text = (REPO / "tests/bad/yaml-syntax/a-registry.yaml").read_text()
    registry_root, _ = parse("a-registry.yaml", registry_text)
    nowhere = Path("/nonexistent-claimcheck-set")

    def located(problems: list, documents: dict[str, str]) -> None:
        for p in problems:
            lines = documents[p.file].split("\n")
            if not (1 <= p.line <= len(lines) and 1 <= p.column <= len(lines[p.line - 1]) + 1):
                raise AssertionError(f"problem outside its document: {p}")

    def target(data: bytes) -> None:
        decoded, problems = decode("f.yaml", data, limits)
        if decoded is None:
            return
        root, problems = parse("f.yaml", decoded, limits)
        located(problems, {"f.yaml": decoded})
        documents = [
            Document("a-registry.yaml", nowhere / "a", registry_root, [], nowhere),
            Document("f.yaml", nowhere / "f.yaml", root, problems, nowhere),
        ]
        analysis = analyse_claimset(validate(documents))
        located(
            [f.problem for f in analysis.findings],
            {"f.yaml": decoded, "a-registry.yaml": registry_text},
        )
        shown = text.render(View(analysis))
        if not all(ch.isprintable() or ch == "\n" for ch in shown):
            raise AssertionError(f"raw control character in text output: {shown!r}")
        json_report.render(View(analysis))
        sample = decoded[:200]
        for parser in (parse_date, parse_quantity, parse_boolean):
            with contextlib.suppress(ValueSyntaxError):
                parser(sample)
        archived = ArchivedText.from_text(decoded)
        needle = fold(sample[:60])
        if needle and archived.folded:
            found = best_passage(needle, archived.folded, 90)
            if found is not None:
                archived.line_at(found[1])

    return target


def make_differential_target() -> object:
    """The function that compares the loader's fast path with libyaml's on one input."""
    from checker.load import Limits, Mapping, Node, Scalar, _fast_tree, decode, parse

    limits = Limits(max_file_bytes=1 << 20)

    def shape(node: Node | None) -> object:
        if node is None or isinstance(node, Scalar):
            return node and (node.value, node.plain, node.line, node.column)
        if isinstance(node, Mapping):
            pairs = [(k, shape(key), shape(v)) for k, (key, v) in node.items.items()]
            return ("map", node.line, node.column, pairs)
        return ("seq", node.line, node.column, [shape(item) for item in node.items])

    def target(data: bytes) -> None:
        decoded, _ = decode("f.yaml", data, limits)
        if decoded is None:
            return
        fast = _fast_tree("f.yaml", decoded, limits)
        if fast is None:
            return
        root, problems = parse("f.yaml", decoded, limits, fast=False)
        if (shape(fast[0]), fast[1]) != (shape(root), problems):
            raise AssertionError("the fast path and libyaml disagree")

    return target


def run_atheris(seconds: int, artifacts: Path, differential: bool = False) -> int:
    import atheris

    with atheris.instrument_imports():
        target = make_differential_target() if differential else make_target()
    corpus = Path(tempfile.mkdtemp(prefix="claimcheck-corpus-"))
    for n, seed in enumerate(seeds()):
        (corpus / f"seed-{n}").write_bytes(seed)
    args = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-max_len=65536",
        f"-artifact_prefix={artifacts}/",
        str(corpus),
    ]
    atheris.Setup(args, target)  # type: ignore[arg-type]
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    return 0


def mutate(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(5)
        if kind == 0:
            data = data[:at] + rng.choice(NASTY) + data[at:]
        elif kind == 1:
            data = data[:at] + data[at + rng.randint(1, 8) :]
        elif kind == 2 and data:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 3:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            data = data[:at] + other[start : start + rng.randint(1, 200)] + data[at:]
        else:
            data = data[:at] + data[max(0, at - 40) : at] * rng.randint(1, 3) + data[at:]
    return data


def run_random(seconds: int, artifacts: Path, seed: int, differential: bool = False) -> int:
    target = make_differential_target() if differential else make_target()
    pool = seeds()
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(pool), pool)
        runs += 1
        try:
            target(data)  # type: ignore[operator]
        except Exception as exc:
            artifacts.mkdir(parents=True, exist_ok=True)
            crash = artifacts / f"crash-{runs}"
            crash.write_bytes(data)
            print(f"crash after {runs} runs: {type(exc).__name__}: {exc}\n  input: {crash}")
            return 1
    print(f"{runs} inputs in {seconds} s, no crash")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="time budget (default 60)")
    parser.add_argument("--random", action="store_true", help="random mutation, no atheris")
    parser.add_argument("--seed", type=int, default=0, help="seed for --random")
    parser.add_argument(
        "--differential", action="store_true", help="compare the loader's fast path with libyaml"
    )
    parser.add_argument("--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "fuzz")
    options = parser.parse_args()
    options.artifacts.mkdir(parents=True, exist_ok=True)
    if not options.random:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed (pip install atheris); using --random")
        else:
            return run_atheris(options.seconds, options.artifacts, options.differential)
    return run_random(options.seconds, options.artifacts, options.seed, options.differential)


if __name__ == "__main__":
    sys.exit(main())
