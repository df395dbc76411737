"""Check benchmark: a batch of CUAD contracts through ``check`` with 1 and 2 workers.

Times the whole batch (read, analyse, wording rules, playbook) serially and with
``jobs=2``, checks that both runs give byte-identical JSON reports, and prints files per
second, the speed-up, the slowest files and how long each report format takes to write.

Run from the repository root::

    python -m benchmarks.bench_check [--shared DIR] [--limit N] [--kind txt|pdf] [--jobs N]

The data folder defaults to ``$CONTRACTSMITH_SHARED`` or ``../shared`` next to the
repository; the CUAD files are expected under ``data/cuad-dev/{pdf,txt}`` (CUAD v1 by
The Atticus Project, CC BY 4.0).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from contractsmith.analyse.check import check, check_document
from contractsmith.report.check_csv import render_csv
from contractsmith.report.check_json import render_json
from contractsmith.report.check_sarif import render_sarif
from contractsmith.report.check_text import render_text
from contractsmith.report.html import render_html

REPO = Path(__file__).resolve().parent.parent


def shared_dir(arg: str | None) -> Path:
    """The shared data folder: --shared, else $CONTRACTSMITH_SHARED, else <repo>/../shared."""
    return Path(arg or os.environ.get("CONTRACTSMITH_SHARED") or REPO.parent / "shared")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="shared data folder (default: ../shared)")
    parser.add_argument("--limit", type=int, default=40, help="number of contracts (default 40)")
    parser.add_argument("--kind", choices=("txt", "pdf"), default="txt")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel run")
    args = parser.parse_args(argv)

    folder = shared_dir(args.shared) / "data" / "cuad-dev" / args.kind
    if not folder.is_dir():
        print(f"bench_check: no CUAD {args.kind} files at {folder}", file=sys.stderr)
        return 2
    files = sorted(folder.glob(f"*.{args.kind}"))[: args.limit]
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} CUAD {args.kind} contracts, {size / 1e6:.1f} MB")

    started = time.perf_counter()
    check_document(str(files[0]))  # load spaCy and the rules once before timing
    print(f"warm-up (pipeline load + first file): {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    serial = check(files, jobs=1)
    t1 = time.perf_counter() - started
    started = time.perf_counter()
    parallel = check(files, jobs=args.jobs)
    tn = time.perf_counter() - started
    same = render_json(serial) == render_json(parallel)
    print(f"jobs=1: {t1:.2f} s, {len(files) / t1:.2f} files/s")
    print(f"jobs={args.jobs}: {tn:.2f} s, {len(files) / tn:.2f} files/s, speed-up {t1 / tn:.2f}x")
    print(f"identical JSON reports: {same}")
    print(
        f"findings: {len(serial.findings)}, unreadable: {serial.unreadable}, "
        f"missing clauses: {sum(len(d.missing) for d in serial.documents)}"
    )

    timings = []
    for path in files[:10]:
        started = time.perf_counter()
        check_document(str(path))
        timings.append((time.perf_counter() - started, path.name, path.stat().st_size))
    print("slowest of the first 10 files:")
    for seconds, name, nbytes in sorted(timings, reverse=True)[:3]:
        print(f"  {seconds:6.2f} s  {nbytes / 1e3:7.0f} kB  {name}")

    for label, render in (
        ("text", render_text),
        ("json", render_json),
        ("csv", render_csv),
        ("sarif", render_sarif),
        ("html", render_html),
    ):
        started = time.perf_counter()
        out = render(serial)
        print(f"render {label:<5}: {time.perf_counter() - started:.3f} s, {len(out) / 1e3:.0f} kB")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
