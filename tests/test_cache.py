"""The cache: reused for unchanged files and runs, never a source of different findings."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import cache as cache_module
from checker import incremental
from checker.analysis import analyse
from checker.cache import Cache
from checker.generate import generate
from checker.report import CHECK_FORMATTERS, REPORT_FORMATTERS
from checker.report.json_report import document
from checker.report.view import View
from tests.helpers import REPO, run_cli


def _findings(path: Path, cache: Cache | None) -> object:
    return document(View(analyse([str(path)], cache=cache, jobs=1, assembled=True)))


def _kinds(directory: Path) -> dict[bytes, list[Path]]:
    """Cache entries by their magic line."""
    found: dict[bytes, list[Path]] = {}
    for entry in sorted(directory.rglob("*.bin")):
        found.setdefault(entry.read_bytes().split(b"\n", 1)[0], []).append(entry)
    return found


def test_warm_cache_reuses_validated_results(tmp_path: Path) -> None:
    """A second run neither parses nor validates unchanged files, and reports exactly
    what an uncached run does."""
    generate(tmp_path / "set", 800, conflict_rate=0.2, seed=4)
    (tmp_path / "set" / "broken.yaml").write_text("claims: [\n", encoding="utf-8")
    registries = len(list((tmp_path / "set" / "registry").glob("*.yaml")))
    others = len(list((tmp_path / "set").rglob("*.yaml"))) - registries
    assert registries >= 1 and others == 2
    cold_cache = Cache(tmp_path / "cache")
    cold = _findings(tmp_path / "set", cold_cache)
    assert (cold_cache.misses, cold_cache.result_hits) == (registries, 0)
    assert cold_cache.topics_reused == 0 and cold_cache.topics_computed > 0
    warm_cache = Cache(tmp_path / "cache")
    warm = _findings(tmp_path / "set", warm_cache)
    # Nothing is parsed or even read back: the sealed registry and every topic's
    # conclusions are reused, and no file's validated result is needed.
    assert (warm_cache.hits, warm_cache.misses, warm_cache.registry_hits) == (0, 0, 1)
    assert (warm_cache.result_hits, warm_cache.result_misses) == (0, 0)
    assert (warm_cache.topics_reused, warm_cache.topics_computed) == (
        cold_cache.topics_computed,
        0,
    )
    assert cold == warm == _findings(tmp_path / "set", None)
    # Without the topics entry, the files' validated results are read back instead.
    for entry in _kinds(tmp_path / "cache")[b"claimcheck-topics-cache 2"]:
        entry.unlink()
    results = Cache(tmp_path / "cache")
    assert _findings(tmp_path / "set", results) == cold
    assert (results.result_hits, results.result_misses) == (others, 0)


def test_edited_file_alone_is_validated_again(tmp_path: Path) -> None:
    """Changing a file's bytes changes its key: the edit is seen, the others are reused."""
    generate(tmp_path / "set", 300, sources=3, seed=1)
    _findings(tmp_path / "set", Cache(tmp_path / "cache"))
    sources = sorted((tmp_path / "set" / "sources").rglob("*.yaml"))
    assert len(sources) == 3
    sources[1].write_text(sources[1].read_text(encoding="utf-8") + "  - id: [\n", "utf-8")
    again = Cache(tmp_path / "cache")
    found = _findings(tmp_path / "set", again)
    # Only the edited file is validated; only the topics its claims were about concluded
    # (most of the 39: the file lost every claim to the syntax error), the others reused.
    # Read back: the edited file's former result (what changed) and the two others'
    # (their claims about those topics).
    assert (again.result_hits, again.result_misses) == (3, 1)
    assert again.topics_computed > 0 and again.topics_reused > 0
    assert isinstance(found, dict) and found["summary"]["errors"] == 1
    assert found == _findings(tmp_path / "set", None)


def test_results_missing_from_the_cache_are_recomputed(tmp_path: Path) -> None:
    """An edited file whose former result is gone has every topic of it recomputed; an
    unchanged file's result gone sends the run to the ordinary path: same findings."""
    generate(tmp_path / "set", 300, sources=3, seed=2)
    target = sorted((tmp_path / "set" / "sources").rglob("*.yaml"))[1]

    def edit(n: int) -> None:
        text = target.read_text(encoding="utf-8")
        at = text.index('    quote: "') + 12
        target.write_text(f"{text[:at]}edit {n}: {text[at:]}", encoding="utf-8")

    def results() -> set[Path]:
        return set(_kinds(tmp_path / "cache").get(b"claimcheck-result-cache 1", []))

    _findings(tmp_path / "set", Cache(tmp_path / "cache"))
    before = results()
    edit(1)
    one = Cache(tmp_path / "cache")
    assert _findings(tmp_path / "set", one) == _findings(tmp_path / "set", None)
    assert one.topics_computed == 1
    (former,) = results() - before  # the edited file's result
    former.unlink()
    edit(2)
    every = Cache(tmp_path / "cache")
    assert _findings(tmp_path / "set", every) == _findings(tmp_path / "set", None)
    assert every.topics_computed > 20 and every.topics_reused > 0
    for entry in results():
        entry.unlink()
    edit(3)
    ordinary = Cache(tmp_path / "cache")
    assert _findings(tmp_path / "set", ordinary) == _findings(tmp_path / "set", None)
    assert (ordinary.topics_computed, ordinary.topics_reused) == (0, 0)


def test_a_set_too_large_for_the_bound_keeps_no_per_topic_entry(tmp_path: Path) -> None:
    """Where the per-topic entry would not fit the cache's bound, runs take the ordinary
    path (each file's validated result reused), with the same findings, and write none."""
    generate(tmp_path / "set", 300, sources=3, seed=1)
    size = sum(f.stat().st_size for f in (tmp_path / "set").rglob("*.yaml"))
    tight = size * incremental.ENTRY_FACTOR - 1
    first = Cache(tmp_path / "cache", limit=tight)
    found = _findings(tmp_path / "set", first)
    again = Cache(tmp_path / "cache", limit=tight)
    assert _findings(tmp_path / "set", again) == found == _findings(tmp_path / "set", None)
    assert first.topics_computed == again.topics_reused == again.topics_computed == 0
    assert again.result_hits > 0
    assert b"claimcheck-topics-cache 2" not in _kinds(tmp_path / "cache")
    roomy = Cache(tmp_path / "cache", limit=tight + 1)
    assert _findings(tmp_path / "set", roomy) == found and roomy.topics_computed > 0


def test_registry_change_invalidates_every_result(tmp_path: Path) -> None:
    """Source files are validated against the registry: editing it re-validates them all."""
    generate(tmp_path / "set", 300, sources=3, seed=5)
    _findings(tmp_path / "set", Cache(tmp_path / "cache"))
    registry = tmp_path / "set" / "registry" / "properties.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "settings:\n  fuzzy_threshold: 99\n",
        encoding="utf-8",
    )
    registries = len(list((tmp_path / "set" / "registry").glob("*.yaml")))
    again = Cache(tmp_path / "cache")
    found = _findings(tmp_path / "set", again)
    assert (again.result_hits, again.result_misses) == (0, 3)
    assert (again.hits, again.misses) == (registries - 1, 1)
    assert found == _findings(tmp_path / "set", None)


def _outputs(root: Path, cache: bool) -> dict[str, tuple[int, str]]:
    """Every format of `check` and `report` on ``root``: (exit code, output)."""
    extra = [] if cache else ["--no-cache"]
    found = {}
    for command, formats in (("check", CHECK_FORMATTERS), ("report", REPORT_FORMATTERS)):
        for fmt in sorted(formats):
            result = run_cli(command, str(root), "-f", fmt, *extra)
            found[f"{command} {fmt}"] = (result.exit_code, result.stdout)
    return found


def _discrepancy_ids(root: Path) -> set[str]:
    result = run_cli("check", str(root), "-f", "json", "--no-cache")
    return {d["id"] for d in json.loads(result.stdout)["discrepancies"]}


def test_every_format_is_byte_identical_over_a_sequence_of_edits(tmp_path: Path) -> None:
    """After each edit (a conflicting claim, its resolution, a renamed source, a registry
    change, a deleted file), the first cached run (reusing unchanged files) and the second
    (replaying the run) print exactly what a run without cache prints, in every format."""
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    before = _discrepancy_ids(root)

    def add_conflict() -> None:
        with (root / "web-en-2023-durdovicova.yaml").open("a", encoding="utf-8") as out:
            out.write(
                "  - id: article-count-twelve\n"
                "    subject: North Atlantic Treaty\n"
                "    property: article-count\n"
                "    value: 12\n"
                '    quote: "The treaty has twelve articles"\n'
            )

    def resolve_it() -> None:
        (topic,) = _discrepancy_ids(root) - before
        report = json.loads(run_cli("check", str(root), "-f", "json", "--no-cache").stdout)
        (found,) = [d for d in report["discrepancies"] if d["id"] == topic]
        (value,) = [v["value"] for v in found["values"] if v["value"].startswith("14")]
        result = run_cli(
            "resolve", topic, "--verdict", "accept", "--value", value, "--reviewer", "R",
            "--rationale", "the treaty text", str(root),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr

    def rename_source() -> None:
        (root / "web-ja-2023-anon.yaml").rename(root / "web-ja-2023-renamed.yaml")

    def change_registry() -> None:  # the claims' subject is now matched approximately
        registry = root / "registry.yaml"
        text = registry.read_text(encoding="utf-8")
        old = "    label: North Atlantic Treaty\n"
        assert old in text
        registry.write_text(text.replace(old, "    label: Treaty of Washington\n"), "utf-8")

    def delete_file() -> None:
        (root / "ankasam-2023-kecialan.yaml").unlink()

    seen = set()
    for edit in (None, add_conflict, resolve_it, rename_source, change_registry, delete_file):
        if edit is not None:
            edit()
        expected = _outputs(root, cache=False)
        assert _outputs(root, cache=True) == expected, edit
        assert _outputs(root, cache=True) == expected, edit
        seen.add(json.dumps(expected, sort_keys=True))
    assert len(seen) == 6  # every edit changed some output: the test compares real changes


def _founded_claim(root: Path) -> tuple[Path, str]:
    """A source file and the subject of one of its `founded` claims (a date property)."""
    for path in sorted((root / "sources").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        at = text.find('    property: "founded"\n')
        if at >= 0:
            line = text[: at - 1].rsplit("\n", 1)[1]
            return path, line.split(": ", 1)[1]
    raise AssertionError("no founded claim")


def test_topics_reused_give_the_same_bytes_over_a_sequence_of_edits(tmp_path: Path) -> None:
    """On a generated set, after each edit (a new conflicting claim in another file, a
    value changed in place, a claim removed, a new source file, a source id used twice and
    fixed, a renamed file, a registry change, a deleted file, a quote edited, every line of
    a file moved), a cached run recomputes only the topics whose claims changed and reuses
    the others (counted in-process on a twin copy), and every format of the CLI prints
    what a run without cache prints."""
    roots = [tmp_path / "cli" / "set", tmp_path / "counted" / "set"]
    generate(roots[0], 400, sources=4, conflict_rate=0.3, seed=7)
    shutil.copytree(roots[0], roots[1])
    sources = [p.relative_to(roots[0]) for p in sorted((roots[0] / "sources").rglob("*.yaml"))]

    def add_conflict(root: Path) -> None:
        path, subject = _founded_claim(root)
        other = root / next(s for s in sources if root / s != path)
        with other.open("a", encoding="utf-8") as out:
            out.write(
                f"  - id: founded-elsewhere\n    subject: {subject}\n"
                '    property: "founded"\n    value: 1850\n    quote: "founded in 1850"\n'
            )

    def change_value(root: Path) -> None:
        path = root / sources[2]
        text = path.read_text(encoding="utf-8")
        at = text.index('    property: "founded"\n    value: ')
        end = text.index("\n", at + len('    property: "founded"\n'))
        path.write_text(text[:at] + '    property: "founded"\n    value: 1851' + text[end:])

    def remove_claim(root: Path) -> None:
        path = root / sources[0]
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.rindex("  - id: ")], encoding="utf-8")

    def new_source(root: Path) -> None:
        text = (root / sources[3]).read_text(encoding="utf-8")
        old_id = text.split("\n", 2)[1].split(": ", 1)[1]
        (root / "sources" / "new.yaml").write_text(text.replace(old_id, "new-source", 1))

    def duplicate_source_id(root: Path) -> None:
        (root / "sources" / "twin.yaml").write_text(
            (root / sources[1]).read_text(encoding="utf-8"), encoding="utf-8"
        )

    def fix_duplicate(root: Path) -> None:
        (root / "sources" / "twin.yaml").unlink()

    def rename_file(root: Path) -> None:
        (root / "sources" / "new.yaml").rename(root / "sources" / "renamed.yaml")

    def change_registry(root: Path) -> None:
        path = root / "registry" / "properties.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "settings:\n  fuzzy_threshold: 99\n", encoding="utf-8")

    def delete_file(root: Path) -> None:
        (root / sources[1]).unlink()

    def edit_quote(root: Path) -> None:
        """The quote of a claim of a discrepancy (reports show it)."""
        report = json.loads(run_cli("check", str(root), "-f", "json", "--no-cache").stdout)
        source, local = report["discrepancies"][0]["values"][0]["claims"][0].split("/")
        path = next(
            p for p in root.rglob("*.yaml") if f"\n  id: {source}\n" in p.read_text("utf-8")
        )
        text = path.read_text(encoding="utf-8")
        at = text.index('    quote: "', text.index(f"  - id: {local}\n")) + 12
        path.write_text(text[:at] + "edited: " + text[at:], encoding="utf-8")

    def shift_lines(root: Path) -> None:
        path = root / sources[3]
        path.write_text("# every claim one line lower\n" + path.read_text(encoding="utf-8"))

    # Whether the counted run must reuse topics (False: the ordinary path or all changed),
    # and how many it recomputes where that is known.
    edits: list[tuple[Callable[[Path], None] | None, bool, int | None]] = [
        (None, False, None),  # the first run: nothing stored yet
        (add_conflict, True, 1),
        (change_value, True, 1),
        (remove_claim, True, 1),
        (new_source, True, None),
        (duplicate_source_id, False, None),  # CC107: the ordinary path
        (fix_duplicate, True, None),
        (rename_file, True, None),
        (change_registry, False, None),  # every file's result and topic recomputed
        (delete_file, True, None),
        (edit_quote, True, 1),  # one claim differs: its topic alone
        (shift_lines, True, None),  # every claim of the file moved: all its topics
    ]
    seen = set()
    for edit, reuses, computed in edits:
        if edit is not None:
            for root in roots:
                edit(root)
        counted = Cache(Path(os.environ["CLAIMCHECK_CACHE_DIR"]))
        assert _findings(roots[1], counted) == _findings(roots[1], None), edit
        if reuses:
            assert counted.topics_reused > 0, edit
        assert counted.topics_computed < 400, edit
        if computed is not None:
            assert counted.topics_computed == computed, edit
        if edit is shift_lines:
            assert counted.topics_computed > 20
        expected = _outputs(roots[0], cache=False)
        assert _outputs(roots[0], cache=True) == expected, edit
        assert _outputs(roots[0], cache=True) == expected, edit
        seen.add(json.dumps(expected, sort_keys=True))
    assert len(seen) == len(edits) - 1  # every edit changed some output (the fix undid one)


def test_flipped_or_truncated_bytes_are_never_trusted(tmp_path: Path) -> None:
    """Every entry (parse, validated result, run) with one byte flipped anywhere, or cut
    short, is a miss: the output stays that of a run without cache."""
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    cache_dir = Path(os.environ["CLAIMCHECK_CACHE_DIR"])
    shutil.rmtree(cache_dir, ignore_errors=True)
    expected = run_cli("check", str(root), "-f", "json", "--no-cache")
    run_cli("check", str(root), "-f", "json")
    kinds = _kinds(cache_dir)
    parse, registry, result, run, topics = (
        b"claimcheck-parse-cache 3",
        b"claimcheck-registry-cache 1",
        b"claimcheck-result-cache 1",
        b"claimcheck-run-cache 1",
        b"claimcheck-topics-cache 2",
    )
    assert sorted(kinds) == [parse, registry, result, run, topics]
    # The entries read before each kind (removed so that the damaged one is read).
    before = {
        run: [],
        topics: [run],
        result: [run, topics],
        registry: [run],
        parse: [run, registry],
    }
    for kind, entries in kinds.items():
        entry = entries[0]
        original = entry.read_bytes()
        for damaged in (
            original[:-1],
            original[: len(original) // 2],
            *(
                original[:at] + bytes([original[at] ^ 0x01]) + original[at + 1 :]
                for at in (0, 30, len(original) // 2, len(original) - 1)
            ),
        ):
            entry.write_bytes(damaged)
            for earlier in before[kind]:
                for path in kinds[earlier]:
                    path.unlink(missing_ok=True)
            output = run_cli("check", str(root), "-f", "json")
            assert (output.exit_code, output.stdout) == (expected.exit_code, expected.stdout)
            # found damaged, written anew (the topics entry holds pickles whose bytes may
            # differ from the first run's, so it is read back instead)
            if kind == topics:
                assert cache_module._payload(entry, cache_module._TOPICS_MAGIC) is not None
            else:
                assert entry.read_bytes() == original
        entry.write_bytes(original)


def test_a_result_entry_can_build_only_model_classes(tmp_path: Path) -> None:
    """An entry with a valid checksum that names any other code is refused unrun."""
    called: list[str] = []
    payload = pickle.dumps(([], [], [], [], [], os.getcwd), 5)
    store = Cache(tmp_path / "cache")
    key = "ab" * 32
    store._store(store._entry(key), cache_module._RESULT_MAGIC, payload)
    assert store.get_result(key) is None
    assert store.result_misses == 1 and not called
    good = pickle.dumps(([], [], [], [], [], 0), 5)
    store._store(store._entry(key), cache_module._RESULT_MAGIC, good)
    assert store.get_result(key) == ([], [], [], [], [], 0)
    forged = cache_module._RESULT_MAGIC + hashlib.sha256(b"x").digest() + good
    store._entry(key).write_bytes(forged)
    assert store.get_result(key) is None


def test_prune_removes_least_recently_used_first(tmp_path: Path) -> None:
    """Over its limit, the cache drops its oldest entries, never those of this run."""
    store = Cache(tmp_path / "cache", limit=3200)  # three entries of 1,055 bytes
    old = time.time() - 3600
    for n in range(5):
        entry = store._entry(f"{n:02d}" + "0" * 62)
        store._store(entry, cache_module._RUN_MAGIC, b"x" * 1000)
        os.utime(entry, (old + n, old + n))
    store._store(store._entry("ff" * 32), cache_module._RUN_MAGIC, b"y" * 1000)  # this run
    store.prune()
    left = sorted(p.name[:2] for p, _ in store.entries())
    assert left == ["03", "04", "ff"]


def test_cli_cache_info_and_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cache info` names the folder and its size; `cache clear` empties it."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache_dir))
    generate(tmp_path / "set", 200, seed=3)
    run_cli("check", str(tmp_path / "set"))
    count = len(list(cache_dir.rglob("*.bin")))
    files = len(list((tmp_path / "set").rglob("*.yaml")))
    sources = len(list((tmp_path / "set" / "sources").rglob("*.yaml")))
    # The registries' parses, the sealed registry, the sources' validated results, the
    # topics' conclusions, the run.
    assert count == (files - sources) + 1 + sources + 1 + 1
    info = run_cli("cache", "info")
    assert info.exit_code == 0
    assert info.stdout.startswith(f"folder:  {cache_dir}\nentries: {count} (")
    cleared = run_cli("cache", "clear")
    assert cleared.exit_code == 0
    assert cleared.stdout.startswith(f"removed {count} entries (")
    assert not list(cache_dir.rglob("*.bin"))


def test_cli_no_cache_writes_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --no-cache` leaves the cache folder alone; plain `check` fills it."""
    generate(tmp_path / "set", 200, seed=3)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache_dir))
    out = tmp_path / "out.json"
    result = run_cli("check", str(tmp_path / "set"), "-f", "json", "-o", str(out), "--no-cache")
    assert result.exit_code in (0, 1)
    assert not cache_dir.exists()
    first = out.read_bytes()
    run_cli("check", str(tmp_path / "set"), "-f", "json", "-o", str(out))
    assert cache_dir.exists() and list(cache_dir.rglob("*.bin"))
    assert out.read_bytes() == first


def test_resolve_keeps_its_lock_out_of_the_claim_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`resolve` locks the resolutions file in the cache folder, not beside the file."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache_dir))
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    result = run_cli(
        "resolve", "japan-nato-partnership/start-date", "--verdict", "open",
        "--reviewer", "R", "--rationale", "looking", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in root.iterdir()) == sorted(
        p.name for p in (REPO / "claims").iterdir()
    )
    assert len(list((cache_dir / "locks").glob("*.lock"))) == 1


def test_archived_texts_are_read_afresh(tmp_path: Path) -> None:
    """A source with `text:` depends on a file outside the claim files' bytes: its result
    and the run are not stored, so an edited archive is seen."""
    root = tmp_path / "set"
    shutil.copytree(REPO / "claims", root)
    source = root / "web-en-2023-durdovicova.yaml"
    text = source.read_text(encoding="utf-8").replace("source:\n", "source:\n  text: a.txt\n", 1)
    source.write_text(text, encoding="utf-8")
    (root / "a.txt").write_text("nothing quoted here\n", encoding="utf-8")
    first = run_cli("check", str(root), "-f", "json")
    (root / "a.txt").write_text(text, encoding="utf-8")  # now every quote is in it
    second = run_cli("check", str(root), "-f", "json")
    assert second.stdout == run_cli("check", str(root), "-f", "json", "--no-cache").stdout
    assert first.stdout != second.stdout


def test_a_registry_edit_is_seen_through_the_registry_entry(tmp_path: Path) -> None:
    """The sealed registry is stored by the registry files' bytes: a new alias resolves
    at once (a subject that was ad hoc becomes the registered entity)."""
    root = tmp_path / "set"
    shutil.copytree(REPO / "claims", root)
    with (root / "web-en-2023-durdovicova.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "  - id: treaty-nickname\n"
            "    subject: The Old Treaty\n"
            "    property: article-count\n"
            "    value: 14\n"
            '    quote: "The old treaty has fourteen articles"\n'
        )
    store = Cache(tmp_path / "cache")
    first = _findings(root, store)
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("Washington Treaty,", "Washington Treaty, The Old Treaty,"))
    again = Cache(tmp_path / "cache")
    second = _findings(root, again)
    assert again.registry_hits == 0
    assert second == _findings(root, None) != first
    assert isinstance(first, dict) and isinstance(second, dict)
    assert first["summary"]["warnings"] == second["summary"]["warnings"] + 1  # CC202 gone


def test_resolve_works_when_the_cache_folder_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unusable cache folder costs the cache, never a command: `resolve` takes its
    lock in the system's temporary folder and `check` runs without cache."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(blocker / "cache"))
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    result = run_cli(
        "resolve", "japan-nato-partnership/start-date", "--verdict", "open",
        "--reviewer", "R", "--rationale", "looking", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    checked = run_cli("check", str(root), "-f", "json")
    assert checked.stdout == run_cli("check", str(root), "-f", "json", "--no-cache").stdout
    assert checked.stderr == ""


@pytest.mark.parametrize("command", ["show", "graph", "resolve"])
def test_every_command_reads_the_claim_set_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """show, graph and resolve store and reuse validated files as check does, with the
    same output; --no-cache leaves the cache folder alone."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache_dir))
    root = tmp_path / "claims"
    shutil.copytree(REPO / "claims", root)
    topic = "japan-nato-partnership/start-date"
    args = {
        "show": ["show", topic, "--no-color"],
        "graph": ["graph", "--output", str(tmp_path / "graph.json")],
        "resolve": ["resolve", topic, "--verdict", "open", "--reviewer", "R",
                    "--rationale", "looking"],
    }[command]  # fmt: skip
    resolutions = (root / "resolutions.yaml").read_bytes()  # resolve rewrites it each run
    cold = run_cli(*args, str(root), "--no-cache")
    assert cold.exit_code == 0, cold.stderr
    assert not cache_dir.exists() or not list(cache_dir.rglob("*.bin"))
    outputs = []
    for _ in range(2):  # the first run fills the cache, the second reads it
        (root / "resolutions.yaml").write_bytes(resolutions)
        result = run_cli(*args, str(root))
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
        assert cache_module._RESULT_MAGIC.rstrip(b"\n") in _kinds(cache_dir)
    assert outputs == [cold.stdout, cold.stdout]
