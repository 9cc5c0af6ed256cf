"""The streaming, parallel pipeline gives the same findings as one process reading all."""

from __future__ import annotations

import gc
import os
import shutil
import weakref
from pathlib import Path

import pytest

from checker import pipeline
from checker.analysis import analyse
from checker.cache import Cache
from checker.generate import generate
from checker.load import FoundFile
from checker.report import CHECK_FORMATTERS, REPORT_FORMATTERS, rendering
from checker.report.json_report import render as render_json
from checker.report.view import View
from tests.helpers import REGISTRY, REPO, source, write_set


def _source(sid: str, year: int) -> str:
    return source(sid, year, claim_id="c1", title=f"Source {sid}", quote=f"Founded in {year}.")


def _json(paths: list[str], jobs: int) -> str:
    return render_json(View(analyse(paths, jobs=jobs)))


def test_parallel_run_gives_the_same_bytes_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunked worker processes merge into exactly the serial report."""
    generate(tmp_path / "set", 3_000, conflict_rate=0.1, seed=3)
    serial = _json([str(tmp_path / "set")], jobs=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    calls: list[int] = []
    real = pipeline._parallel

    def counting(*args: object, **kwargs: object) -> list[pipeline.FileResult]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_parallel", counting)
    assert _json([str(tmp_path / "set")], jobs=3) == serial
    assert calls == [1]


def test_duplicate_source_id_across_worker_chunks_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files in different chunks sharing a source id: CC107 on the later one only."""
    files = {"registry.yaml": REGISTRY}
    for n in range(6):
        files[f"s{n}.yaml"] = _source("same" if n in (0, 5) else f"s{n}", 1990)
    write_set(tmp_path, files)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    for jobs in (1, 3):
        cs = pipeline.validate_paths([str(tmp_path)], jobs=jobs)
        duplicates = [p for p in cs.problems if p.code == "CC107"]
        assert [(p.span.file, p.span.line) for p in duplicates] == [(f"{tmp_path}/s5.yaml", 2)]
        assert len(cs.claims) == 5


def test_registry_the_scan_misses_restarts_the_run(tmp_path: Path) -> None:
    """A registry spelled so the byte scan misses it is still found, and names resolve."""
    hidden = REGISTRY.replace("entities:", '"\\x65ntities":').replace(
        "properties:", '"\\x70roperties":'
    )
    write_set(
        tmp_path,
        {
            "a.yaml": _source("a", 1990),
            "b.yaml": _source("b", 2004),
            "registry.yaml": hidden,
        },
    )
    assert not pipeline.likely_registry(FoundFile("r", tmp_path / "registry.yaml", tmp_path))
    analysis = analyse([str(tmp_path)], jobs=1)
    assert [p.code for p in analysis.problems if p.severity.value == "error"] == []
    assert len(analysis.discrepancies) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_scan_neither_blocks_on_a_fifo_nor_reads_outside_links(tmp_path: Path) -> None:
    """The registry scan skips what load_file refuses: FIFOs and links out of the set."""
    root = tmp_path / "set"
    root.mkdir()
    os.mkfifo(root / "pipe.yaml")
    outside = tmp_path / "secret.yaml"
    outside.write_text("entities: {}\n")
    (root / "link.yaml").symlink_to(outside)
    assert not pipeline.likely_registry(FoundFile("p", root / "pipe.yaml", root))
    link = FoundFile("l", root / "link.yaml", root, outside=True)
    assert not pipeline.likely_registry(link)
    codes = sorted(p.code for p in pipeline.validate_paths([str(root)]).problems)
    assert codes == ["CC001", "CC001"]


def test_a_rendered_run_is_freed_without_a_collection(tmp_path: Path) -> None:
    """No format's view holds the run in a reference cycle (collecting one cost 1 s at 100k)."""
    generate(tmp_path / "set", 300, conflict_rate=0.2, seed=5)
    formatters = {**CHECK_FORMATTERS, **REPORT_FORMATTERS}
    gc.collect()
    gc.disable()
    try:
        for name, formatter in formatters.items():
            analysis = analyse([str(tmp_path / "set")], jobs=1)
            freed = weakref.ref(analysis)
            assert rendering(formatter)(analysis)
            del analysis
            assert freed() is None, name
    finally:
        gc.enable()


def test_worker_results_keep_their_archived_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file validated by a worker process brings its archived text's path back, with or
    without a cache, so quotes are checked against it as in one process."""
    root = tmp_path / "set"
    shutil.copytree(REPO / "tests" / "examples" / "CC114" / "set", root)
    text = (root / "news.yaml").read_text(encoding="utf-8")
    for n in range(3):  # files for the workers, each with its own source id
        (root / f"news{n}.yaml").write_text(text.replace("id: news", f"id: news{n}", 1))
    serial = _json([str(root)], jobs=1)
    assert serial.count("CC114") == 4
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    assert _json([str(root)], jobs=3) == serial
    cached = render_json(View(analyse([str(root)], cache=Cache(tmp_path / "c"), jobs=3)))
    assert cached == serial
