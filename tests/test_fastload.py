"""The loader's fast path: the same tree, positions and problems as libyaml, or libyaml.

:func:`checker.load.parse` first scans a file line by line for the block-style YAML claim
files are written in, and hands the whole file to libyaml on anything it is not certain
of. These tests compare the two paths on every YAML file of the tests and the bundled
claims, a generated set, and seeded mutations and random documents near the subset's
edges: wherever the fast path answers, its answer must be libyaml's, node for node.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from checker.generate import generate
from checker.load import Limits, Mapping, Node, Scalar, Sequence, _fast_tree, decode, parse
from checker.problems import Problem

REPO = Path(__file__).resolve().parents[1]

Shape = tuple[object, ...]


def shape(node: Node | None) -> Shape | None:
    """Everything of a tree the validator reads: kinds, text, quoting, positions, order."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.plain, node.line, node.column)
    if isinstance(node, Mapping):
        pairs = tuple((name, shape(key), shape(v)) for name, (key, v) in node.items.items())
        return ("mapping", node.line, node.column, pairs)
    assert isinstance(node, Sequence)
    return ("sequence", node.line, node.column, tuple(shape(item) for item in node.items))


def said(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [(p.code, p.file, p.line, p.column, p.message, p.severity) for p in problems]


def same_as_libyaml(text: str, limits: Limits | None = None) -> bool:
    """Whether the fast path took the text; fails the test if its answer is not libyaml's."""
    limits = limits or Limits()
    fast = _fast_tree("f.yaml", text, limits)
    root, problems = parse("f.yaml", text, limits, fast=False)
    if fast is None:
        return False
    assert (shape(fast[0]), said(fast[1])) == (shape(root), said(problems)), text
    # parse() itself answers with the fast path's result
    taken, taken_problems = parse("f.yaml", text, limits)
    assert (shape(taken), said(taken_problems)) == (shape(root), said(problems))
    return True


def corpus() -> list[tuple[str, str]]:
    """Every YAML text of the tests and the bundled claims that decodes."""
    found = sorted(REPO.glob("tests/**/*.yaml")) + sorted(REPO.glob("tests/**/*.yml"))
    found += sorted(REPO.glob("claims/*.yaml"))
    texts = []
    for path in found:
        text, _ = decode(path.name, path.read_bytes(), Limits())
        if text is not None:
            texts.append((str(path.relative_to(REPO)), text))
    return texts


CORPUS = corpus()


def test_corpus_files_agree() -> None:
    """On every test and bundled claim file the fast path answers as libyaml or defers."""
    taken = sum(same_as_libyaml(text) for _, text in CORPUS)
    assert taken > len(CORPUS) // 2  # most of them are in the subset


def test_bundled_sources_take_the_fast_path() -> None:
    """The bundled source files are in the subset, so a regression that defers shows.
    (Its registry's multi-line flow lists and the resolutions' folded text are not.)"""
    claims = [t for name, t in CORPUS if name.startswith("claims/") and "\nclaims:" in t]
    assert len(claims) >= 3 and all(same_as_libyaml(text) for text in claims)


def test_generated_set_agrees(tmp_path: Path) -> None:
    """A generated claim set (flow values, quotes, lists) is in the subset and agrees."""
    generate(tmp_path / "set", 1500, seed=7)
    texts = [p.read_text("utf-8") for p in sorted((tmp_path / "set").rglob("*.yaml"))]
    assert texts and all(same_as_libyaml(text) for text in texts)


TOKENS = [
    ": ", ":", " #", "#", "- ", "-", '"', "'", "''", "{", "}", "[", "]", ", ", ",", "\\",
    "\t", "...", "---", "? ", "&a ", "*a", "!", "!!str ", "|", ">", "%", "@", "`", "~", "\xa0",
    "\u3000", "\ufeff", "é", "日本", "\U0001f600", "\n", " ", "  ", "null", "x", "-1", "- x",
    "a: b", "\x1b", "\x7f", "<<: ", "key:", " - ", '"a"', "'b'", "{a: 1}", "[a, b]", '\\"',
    ":x", "x:", " :", "\ud7ff", "\ue000", "\ufffe", "\r\n", "1e3", "a,b", "\u2028", "\x85",
    "\u2029", "\r",
]  # fmt: skip


def mutate(rng: random.Random, text: str) -> str:
    """A few edits of the kinds that move a file across the subset's edge."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0:
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
        elif kind == 1:
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + lines[i][at + rng.randint(1, 4) :]
        elif kind == 2:
            shift = rng.choice([-2, -1, 1, 2, 3])
            if shift > 0:
                lines[i] = " " * shift + lines[i]
            elif not lines[i][:-shift].strip(" "):
                lines[i] = lines[i][-shift:]
        elif kind == 3:
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
        elif kind == 4 and len(lines) > 1:
            del lines[i]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


KEYS = ["a", "b", "id", "key-1", "x_y", "1", "true", "no", "null", "a.b", "Ab9"]
SCALARS = [
    "x", "x y", "x  y", "a#b", "a:b", "http://e.org/a?b=c#d", "-1", "1.5", "~", "null", "...",
    '"dq"', '"a # b"', '""', '" lead"', "'it''s'", "''", "'a \" b'", "[a, \"b\", 'c']",
    "{a: 1, b: \"2\"}", "{}", "[]", "[ ]", "é ü", "日本語", "2025-09-01", "{a: 1, a: 2}", "a, b",
    "x -1", "1,000", "~1942-06-24", "p. 11", "a - b", "a:", "'", '"', "[a, [b]]", "{a: [b]}",
    "x\xa0y", "!x", "&x", "*x", "|", ">", "@x", "%x", "?x", "-x", "- x", ":x", ",x",
]  # fmt: skip


def document(rng: random.Random, depth: int = 0, indent: int = 0) -> list[str]:
    """Lines of a random block document built from the subset's pieces and near misses."""
    step = rng.choice([1, 2, 2, 2, 3, 4])
    pad = " " * indent
    lines: list[str] = []
    mapping = rng.random() < 0.7
    for _ in range(rng.randint(1, 4)):
        head = f"{pad}{rng.choice(KEYS)}:" if mapping else f"{pad}-"
        roll = rng.random()
        if depth < 3 and roll < 0.3:
            lines.append(head + rng.choice(["", "", " ", "  # c"]))
            inner = indent + step
            if mapping and rng.random() < 0.3:
                inner = indent  # "key:" then "- item" at the key's column
                lines += [f"{pad}- {rng.choice(SCALARS)}" for _ in range(rng.randint(1, 3))]
                continue
            lines += document(rng, depth + 1, inner)
        elif not mapping and depth < 3 and roll < 0.45:
            inner = document(rng, depth + 1, indent + 2)
            first = inner[0][indent + 2 :] if inner[0].startswith(" " * (indent + 2)) else None
            if first is not None and not first.startswith("-"):
                lines.append(f"{pad}- {first}")  # "- key: value" and the item's other keys
                lines += inner[1:]
            else:
                lines.append(head)
                lines += inner
        elif roll < 0.55:
            lines.append(head)  # no value: null
        else:
            comment = rng.choice(["", "", "", " # note", "  #", " #x"])
            lines.append(f"{head}{rng.choice([' ', ' ', '  '])}{rng.choice(SCALARS)}{comment}")
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "# comment", f"{pad}  # indented comment", "   "]))
    return lines


@pytest.mark.parametrize("seed", range(4))
def test_mutations_agree(seed: int) -> None:
    """Seeded mutations of the corpus: wherever the fast path answers, libyaml agrees."""
    rng = random.Random(seed)
    taken = 0
    for _ in range(1500):
        _, text = rng.choice(CORPUS)
        taken += same_as_libyaml(mutate(rng, text[:3000]))
    assert taken > 100  # the mutations do reach the fast path


@pytest.mark.parametrize("seed", range(4))
def test_random_documents_agree(seed: int) -> None:
    """Random documents of the subset and its near misses, whole and mutated, agree."""
    rng = random.Random(1000 + seed)
    taken = 0
    for _ in range(1500):
        text = "\n".join(document(rng)) + rng.choice(["", "\n", "\n\n"])
        if rng.random() < 0.5:
            text = mutate(rng, text)
        taken += same_as_libyaml(text)
    assert taken > 300


@pytest.mark.parametrize(
    "text",
    [
        "a: b: c\n",  # a colon and a space inside a plain value
        'a: "x" y\n',  # text after a closing quote
        "a:\n\tb: 1\n",  # a tab
        "a: b\n  c\n",  # a plain value continued below
        "a: 'x\n  y'\n",  # a quoted value over two lines
        "a:\n  b: 1\n c: 2\n",  # an indentation between two levels
        "- a\nb: 1\n",  # a mapping after the root list
        "a: [1, 2\nb: 3\n",  # an unclosed flow list
        'a: "\\x"\n',  # an escape
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: 1\n---\nb: 2\n",  # a second document
        "a: \x1b\n",  # a control character
        "a: |\n  text\n",  # a block scalar
    ],
)
def test_near_misses_defer_to_libyaml(text: str) -> None:
    """Just outside the subset the fast path defers, so libyaml's answer stands."""
    assert _fast_tree("f.yaml", text, Limits()) is None
    assert said(parse("f.yaml", text)[1]) == said(parse("f.yaml", text, fast=False)[1])


def test_duplicate_keys_and_empty_values_in_the_subset() -> None:
    """Duplicate keys (block and flow) and empty values come out as libyaml's path says."""
    text = "a: 1\nb:\n  - x\n  -\n  - {k: 1, k: 2}\na: 2\nc:\n"
    assert same_as_libyaml(text)
    _, problems = parse("f.yaml", text)
    assert [(p.code, p.line, p.column) for p in problems] == [("CC009", 5, 12), ("CC009", 6, 1)]


def test_long_values_defer_to_the_limit_check() -> None:
    """A value over the scalar limit is left to libyaml's path, which reports CC012."""
    text = "a: " + "x" * 50 + "\n"
    limits = Limits(max_scalar_chars=20)
    assert _fast_tree("f.yaml", text, limits) is None
    assert [p.code for p in parse("f.yaml", text, limits)[1]] == ["CC012"]


def test_a_lower_depth_limit_is_kept() -> None:
    """Under a nesting limit lower than the fast path's own, libyaml's path reports CC006."""
    text = "a:\n  b:\n    c:\n      d: [1]\n"
    limits = Limits(max_depth=3)
    assert _fast_tree("f.yaml", text, limits) is None
    root, problems = parse("f.yaml", text, limits)
    assert root is None and [(p.code, p.line) for p in problems] == [("CC006", 4)]
    assert same_as_libyaml(text)  # within the default limit the fast path takes it
