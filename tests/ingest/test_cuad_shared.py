"""Smoke run over a slice of the CUAD development set in ../shared (skipped when absent).

The full run over all 394 PDFs and TXTs, with timings, is ``python -m benchmarks.bench_ingest``.
"""

from __future__ import annotations

import pytest

from contractsmith.ingest import IngestError, Limits, read_document


@pytest.mark.shared
@pytest.mark.parametrize("kind", ["pdf", "txt"])
def test_smallest_cuad_files_read_cleanly(shared_dir, kind):
    folder = shared_dir / "data" / "cuad-dev" / kind
    files = sorted(folder.glob(f"*.{kind}"), key=lambda p: p.stat().st_size)[:8]
    if not files:
        pytest.skip(f"no CUAD {kind} files under {folder}")
    for path in files:
        try:
            doc = read_document(path, Limits(timeout_s=60))
        except IngestError as exc:  # pragma: no cover - reported with the file name
            pytest.fail(f"{path.name}: {exc}")
        assert doc.blocks and doc.text.strip()
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text
