"""The loader: spans, duplicate keys, YAML 1.1 text kept as written, limits."""

from __future__ import annotations

import os
from pathlib import Path

from checker.load import Limits, Mapping, Scalar, Sequence, discover, load_file, parse


def _root(text: str) -> Mapping:
    root, problems = parse("f.yaml", text)
    assert problems == []
    assert isinstance(root, Mapping)
    return root


def test_spans_are_one_based() -> None:
    """Keys and values carry 1-based line and column."""
    root = _root("a: 1\nb:\n  - x\n")
    key, value = root.items["a"]
    assert (key.line, key.column, value.line, value.column) == (1, 1, 1, 4)
    seq = root.items["b"][1]
    assert isinstance(seq, Sequence)
    assert (seq.items[0].line, seq.items[0].column) == (3, 5)


def test_scalars_stay_text() -> None:
    """Unquoted dates, booleans and numbers keep their source text; quoting is remembered."""
    root = _root("d: 2025-09-01\nb: no\nn: 320e9\nq: 'no'\n")
    values = {k: v for k, (_, v) in root.items.items()}
    assert all(isinstance(v, Scalar) for v in values.values())
    assert [v.value for v in values.values() if isinstance(v, Scalar)] == [
        "2025-09-01",
        "no",
        "320e9",
        "no",
    ]
    b, q = values["b"], values["q"]
    assert isinstance(b, Scalar) and isinstance(q, Scalar)
    assert b.plain and not q.plain


def test_duplicate_key_is_an_error_at_the_second() -> None:
    """PyYAML silently keeps the last duplicate; we report it at the second key."""
    _, problems = parse("f.yaml", "a: 1\nb: 2\na: 3\n")
    assert [(p.code, p.line, p.column) for p in problems] == [("CC009", 3, 1)]


def test_syntax_error_has_a_location() -> None:
    """A YAML syntax error becomes CC002 at the line libyaml reports."""
    _, problems = parse("f.yaml", "a: [1, 2\nb: 3\n")
    assert [p.code for p in problems] == ["CC002"]
    assert problems[0].line >= 2


def test_alias_bomb_is_bounded() -> None:
    """Billion laughs stops at the alias-expansion limit instead of eating memory."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    root, problems = parse("bomb.yaml", "\n".join(lines) + "\n")
    assert root is None
    assert [p.code for p in problems] == ["CC005"]


def test_small_aliases_are_fine() -> None:
    """An anchor reused a few times is ordinary YAML."""
    root = _root("a: &x [1, 2]\nb: *x\n")
    assert root.items["b"][1] is root.items["a"][1]


def test_nesting_is_bounded() -> None:
    """Deep nesting is an error, not a recursion crash."""
    root, problems = parse("deep.yaml", "[" * 500 + "]" * 500)
    assert root is None and [p.code for p in problems] == ["CC006"]
    # Past libyaml's own 1000-level bound (PyYAML 6.0.4 wheels) it is still CC006.
    root, problems = parse("deep.yaml", "[" * 5000 + "]" * 5000)
    assert root is None and [p.code for p in problems] == ["CC006"]


def test_long_scalar_is_bounded() -> None:
    """A value longer than the limit is an error at its line."""
    _, problems = parse("f.yaml", "a: 1\nb: " + "x" * 200 + "\n", Limits(max_scalar_chars=100))
    assert [(p.code, p.line) for p in problems] == [("CC012", 2)]


def test_tags_are_refused() -> None:
    """Explicit tags such as !!python/object are refused; nothing is constructed."""
    root, problems = parse("f.yaml", "a: !!python/object/apply:os.system ['true']\n")
    assert root is None and [p.code for p in problems] == ["CC013"]


def test_multiple_documents() -> None:
    """Only the first document of a file is read, with an error."""
    root, problems = parse("f.yaml", "a: 1\n---\nb: 2\n")
    assert isinstance(root, Mapping) and "a" in root.items
    assert [(p.code, p.line) for p in problems] == [("CC011", 2)]


def test_bad_bytes(tmp_path: Path) -> None:
    """NUL bytes, non-UTF-8 and empty files are problems with locations."""
    cases = {
        "nul.yaml": (b"a: 1\nb: \x00\n", "CC007", 2),
        "latin1.yaml": (b"a: 1\nb: caf\xe9\n", "CC003", 2),
        "empty.yaml": (b"  \n# only a comment\n", "CC008", 1),
    }
    for name, (data, _code, _line) in cases.items():
        (tmp_path / name).write_bytes(data)
    found = {f.display: load_file(f) for f in discover([str(tmp_path)])}
    for name, (_, code, line) in cases.items():
        document = found[f"{tmp_path}/{name}"]
        assert document.root is None
        assert [(p.code, p.line) for p in document.problems] == [(code, line)]


def test_discover_sorted_and_skips_dot_folders(tmp_path: Path) -> None:
    """Discovery is sorted, recursive, yaml/yml only, and ignores dot-folders."""
    for rel in ("b.yaml", "a/c.yml", ".git/x.yaml", "notes.txt", "a/b.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("a: 1\n")
    shown = [f.display for f in discover([str(tmp_path)])]
    assert shown == [f"{tmp_path}/{r}" for r in ("a/b.yaml", "a/c.yml", "b.yaml")]


def test_discover_skips_symlinks_leaving_the_set(tmp_path: Path) -> None:
    """A symlinked claim file that resolves outside the set is reported, never read."""
    outside = tmp_path / "secret.yaml"
    outside.write_text("password: hunter2\n")
    root = tmp_path / "set"
    root.mkdir()
    (root / "link.yaml").symlink_to(outside)
    (root / "ok.yaml").write_text("a: 1\n")
    documents = {f.real.name: load_file(f) for f in discover([str(root)])}
    link = documents["link.yaml"]
    assert link.root is None and [p.code for p in link.problems] == ["CC001"]
    assert "hunter2" not in repr(link)
    assert documents["ok.yaml"].root is not None


def test_a_file_reached_through_two_paths_is_read_once(tmp_path: Path) -> None:
    """`check set set/a.yaml` checks a.yaml once, not as a duplicate of itself."""
    (tmp_path / "a.yaml").write_text("source: {}\n")
    (tmp_path / "b.yaml").write_text("source: {}\n")
    found = [f.display for f in discover([str(tmp_path), str(tmp_path / "a.yaml"), str(tmp_path)])]
    assert found == [f"{tmp_path}/a.yaml", f"{tmp_path}/b.yaml"]


def test_fifo_named_directly_is_reported_not_skipped(tmp_path: Path) -> None:
    """`check pipe.yaml` on a FIFO reports CC001 instead of checking nothing."""
    os.mkfifo(tmp_path / "pipe.yaml")
    (found,) = discover([str(tmp_path / "pipe.yaml")])
    document = load_file(found)
    assert [p.code for p in document.problems] == ["CC001"]


def test_unquoted_colon_says_quote_the_value() -> None:
    """`title: Japan: the story` is recognised: quote the value, shown quoted."""
    _, problems = parse("f.yaml", "source:\n  title: Japan: the story\n  id: a\n")
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        (
            "CC002",
            2,
            10,
            "invalid YAML: a colon followed by a space inside an unquoted value; "
            'quote the value: title: "Japan: the story"',
        )
    ]
    _, problems = parse("f.yaml", 'claims:\n  - quote: He said: "no"\n')
    assert problems[0].message.endswith("""quote the value: quote: 'He said: "no"'""")


def test_unclosed_quote_is_reported_where_it_opens() -> None:
    """An unclosed quote points at its opening quote, not at the end of the file."""
    _, problems = parse("f.yaml", 'a: 1\nb: "unclosed\nc: 2\nd: 3\n')
    assert [(p.code, p.line, p.column, p.message) for p in problems] == [
        ("CC002", 2, 4, "invalid YAML: this quote is never closed (the file ends first)")
    ]
