"""Speed of read + analyse over the CUAD development TXT files, with worker processes.

    python -m benchmarks.bench_check_cuad [--data DIR] [-j 2] [--source txt|pdf]

DIR defaults to $CONTRACTSMITH_SHARED/data/cuad-dev (CONTRACTSMITH_SHARED defaults to
``../shared`` next to the repository). Prints the wall-clock seconds, contracts per
second and each worker's peak resident memory. Target: 394 TXT in <= 30 s with -j 2,
< 500 MB per worker.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_data() -> Path:
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev"


def _work(paths: list[str]) -> tuple[int, int, float, int]:
    """Read and analyse ``paths`` in this worker: (pid, contracts, seconds, peak RSS KB)."""
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.ingest import IngestError, read_document

    start = time.perf_counter()
    done = 0
    for p in paths:
        try:
            analyse(read_document(p))
            done += 1
        except IngestError as exc:
            print(f"{p}: {exc}", file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return os.getpid(), done, time.perf_counter() - start, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--source", choices=["txt", "pdf"], default="txt")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    folder = args.data / args.source
    if not folder.is_dir():
        print(f"{folder}: not found (set CONTRACTSMITH_SHARED or --data)", file=sys.stderr)
        return 2
    files = sorted(str(p) for p in folder.glob(f"*.{args.source}"))
    # Largest first, dealt round-robin, so the workers finish together.
    files.sort(key=lambda p: -os.path.getsize(p))
    shards = [files[i :: args.jobs] for i in range(args.jobs)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(_work, shards))
    elapsed = time.perf_counter() - t0
    total = sum(r[1] for r in results)
    print(f"contracts: {total} ({args.source}) with -j {args.jobs}")
    print(f"seconds: {elapsed:.1f} (including process start and spaCy import)")
    print(f"contracts/second: {total / elapsed:.1f}")
    for pid, done, secs, peak in results:
        print(f"worker {pid}: {done} contracts, {secs:.1f} s busy, peak RSS {peak / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
