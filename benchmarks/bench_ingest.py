"""Ingest benchmark: read every CUAD contract (PDF and TXT) and compare PDF speed with pypdf.

For each PDF it times pypdf's plain ``page.extract_text()`` over all pages and then
``read_document`` on the same file (alternating which goes first), and reports the
totals, the speed ratio (target: read_document at >= 80% of pypdf's speed), the files
that were refused with their messages, and the slowest files. TXT files are timed too.

Run from the repository root::

    python -m benchmarks.bench_ingest [--shared DIR] [--limit N] [--kind pdf|txt|all]

The data folder defaults to ``$CONTRACTSMITH_SHARED`` or ``../shared`` next to the
repository; the CUAD files are expected under ``data/cuad-dev/{pdf,txt}``.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from contractsmith.ingest import IngestError, read_document

REPO = Path(__file__).resolve().parent.parent


def shared_dir(arg: str | None) -> Path:
    """The shared data folder: --shared, else $CONTRACTSMITH_SHARED, else <repo>/../shared."""
    return Path(arg or os.environ.get("CONTRACTSMITH_SHARED") or REPO.parent / "shared")


def plain_pypdf(path: Path) -> int:
    """Extract all pages with pypdf's defaults; return the number of characters."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return sum(len(page.extract_text() or "") for page in reader.pages)


def timed_read(path: Path) -> tuple[float, str | None, int]:
    """(seconds, error message or None, block count) for read_document(path)."""
    started = time.perf_counter()
    try:
        doc = read_document(path)
        return time.perf_counter() - started, None, len(doc.blocks)
    except IngestError as exc:
        return time.perf_counter() - started, str(exc), 0


def bench_pdfs(files: list[Path]) -> None:
    ours_total = base_total = 0.0
    errors: list[tuple[str, str]] = []
    base_errors: list[tuple[str, str]] = []
    slow: list[tuple[float, float, str]] = []
    for i, path in enumerate(files):
        base_t = 0.0
        ours_first = i % 2 == 1
        if ours_first:
            ours_t, err, _ = timed_read(path)
        started = time.perf_counter()
        try:
            plain_pypdf(path)
        except Exception as exc:  # noqa: BLE001 - the baseline may fail where we must not
            base_errors.append((path.name, f"{type(exc).__name__}: {exc}"))
        base_t = time.perf_counter() - started
        if not ours_first:
            ours_t, err, _ = timed_read(path)
        ours_total += ours_t
        base_total += base_t
        slow.append((ours_t, base_t, path.name))
        if err:
            errors.append((path.name, err))
        if (i + 1) % 50 == 0:
            print(f"  ... {i + 1}/{len(files)} PDFs", file=sys.stderr, flush=True)
    n = len(files)
    print(f"PDF files: {n}")
    print(f"  pypdf extract_text  total {base_total:8.2f} s  ({base_total / max(n, 1):.3f} s/file)")
    print(f"  read_document       total {ours_total:8.2f} s  ({ours_total / max(n, 1):.3f} s/file)")
    speed = base_total / ours_total if ours_total else float("nan")
    verdict = "meets" if speed >= 0.8 else "misses"
    print(f"  speed vs pypdf (totals): {speed:.1%} ({verdict} the 80% target)")
    ratios = sorted(b / o for o, b, _ in slow if o > 0 and b > 0)
    if ratios:
        print(f"  speed vs pypdf (median per file): {statistics.median(ratios):.1%}")
    if len(slow) > 1:
        ours_max, base_max, name = max(slow, key=lambda row: row[1])
        rest = (base_total - base_max) / max(ours_total - ours_max, 1e-9)
        print(f"  speed vs pypdf without the slowest file ({name[:40]}): {rest:.1%}")
    print(f"  refused by read_document: {len(errors)}; pypdf baseline raised: {len(base_errors)}")
    for name, msg in errors:
        print(f"    {name}: {msg}")
    for name, msg in base_errors:
        print(f"    (pypdf) {name}: {msg}")
    print("  slowest (ours, pypdf):")
    for ours_t, base_t, name in sorted(slow, reverse=True)[:5]:
        print(f"    {ours_t:6.2f} s {base_t:6.2f} s  {name}")


def bench_txts(files: list[Path]) -> None:
    total = 0.0
    errors: list[tuple[str, str]] = []
    blocks = 0
    for path in files:
        t, err, count = timed_read(path)
        total += t
        blocks += count
        if err:
            errors.append((path.name, err))
    n = len(files)
    print(f"TXT files: {n}")
    print(
        f"  read_document total {total:.2f} s ({total / max(n, 1) * 1000:.1f} ms/file), "
        f"{blocks} blocks"
    )
    print(f"  refused: {len(errors)}")
    for name, msg in errors:
        print(f"    {name}: {msg}")
    kinds = Counter(msg.split(":")[0] for _, msg in errors)
    if kinds:
        print(f"  by kind: {dict(kinds)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", help="shared data folder (default: $CONTRACTSMITH_SHARED or ../shared)"
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N files of each kind")
    parser.add_argument("--kind", choices=("pdf", "txt", "all"), default="all")
    args = parser.parse_args(argv)
    cuad = shared_dir(args.shared) / "data" / "cuad-dev"
    if not cuad.is_dir():
        print(f"CUAD data not found under {cuad}; pass --shared or set CONTRACTSMITH_SHARED")
        return 2
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    for kind in ("pdf", "txt"):
        if args.kind not in (kind, "all"):
            continue
        files = sorted((cuad / kind).glob(f"*.{kind}"))
        if args.limit:
            files = files[: args.limit]
        (bench_pdfs if kind == "pdf" else bench_txts)(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
