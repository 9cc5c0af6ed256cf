"""The parse cache: reused for unchanged files, never a source of different findings."""

from __future__ import annotations

import hashlib
import json
import marshal
from pathlib import Path

import pytest

from checker import cache as cache_module
from checker.analysis import analyse
from checker.cache import ParseCache
from checker.generate import generate
from checker.report.json_report import document
from tests.conftest import run_cli


def _findings(path: Path, cache: ParseCache | None) -> object:
    return document(analyse([str(path)], cache=cache))


def test_warm_cache_gives_the_same_report_without_parsing(tmp_path: Path) -> None:
    """A second run reuses every parse and reports exactly what an uncached run does."""
    generate(tmp_path / "set", 800, conflict_rate=0.2, seed=4)
    (tmp_path / "set" / "broken.yaml").write_text("claims: [\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    cold = _findings(tmp_path / "set", cache)
    assert cache.misses == 4 and cache.hits == 0
    warm_cache = ParseCache(tmp_path / "cache")
    warm = _findings(tmp_path / "set", warm_cache)
    assert warm_cache.hits == 4 and warm_cache.misses == 0
    assert cold == warm == _findings(tmp_path / "set", None)


def test_edited_file_is_parsed_again(tmp_path: Path) -> None:
    """Changing a file's bytes changes its key, so the edit is seen."""
    generate(tmp_path / "set", 300, seed=1)
    cache = ParseCache(tmp_path / "cache")
    _findings(tmp_path / "set", cache)
    source = next((tmp_path / "set" / "sources").rglob("*.yaml"))
    source.write_text(source.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    again = ParseCache(tmp_path / "cache")
    found = _findings(tmp_path / "set", again)
    assert again.misses == 1
    assert isinstance(found, dict) and found["summary"]["errors"] == 1


def test_corrupt_or_hostile_entries_are_misses(tmp_path: Path) -> None:
    """Truncated, garbage and forged-checksum entries are re-parsed, never trusted."""
    generate(tmp_path / "set", 300, seed=2)
    cache_dir = tmp_path / "cache"
    expected = _findings(tmp_path / "set", ParseCache(cache_dir))
    entries = sorted(cache_dir.rglob("*.bin"))
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # truncated
    entries[1].write_bytes(b"\x00garbage" * 50)
    # A well-formed entry (valid checksum) whose tree has the wrong types.
    payload = marshal.dumps(((1, "x", 1, ((("k", 1, 1, True), (None,)),)), ()))
    blob = cache_module._MAGIC + hashlib.sha256(payload).digest() + payload
    entries[2].write_bytes(blob)
    cache = ParseCache(cache_dir)
    assert _findings(tmp_path / "set", cache) == expected
    assert cache.misses == 3


def test_cli_no_cache_writes_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --no-cache` leaves the cache folder alone; plain `check` fills it."""
    generate(tmp_path / "set", 200, seed=3)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(cache_dir))
    out = tmp_path / "out.json"
    result = run_cli("check", str(tmp_path / "set"), "-f", "json", "-o", str(out), "--no-cache")
    assert result.exit_code in (0, 1)
    assert not cache_dir.exists()
    first = json.loads(out.read_text(encoding="utf-8"))
    run_cli("check", str(tmp_path / "set"), "-f", "json", "-o", str(out))
    assert len(list(cache_dir.rglob("*.bin"))) == 3
    assert json.loads(out.read_text(encoding="utf-8")) == first
