"""Run every benchmark in turn (``make bench``); each prints its own numbers.

Benchmarks that need the development data in ``../shared`` (or CONTRACTSMITH_SHARED)
say so and are skipped when it is absent. Exit status 1 when any benchmark failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = [
    "bench_render",
    "bench_pdf",
    "bench_lint",
    "bench_ingest",
    "bench_check_cuad",
    "bench_check",
    "bench_review",
    "eval_cuad",
    "fatigue",
    "injected_wording",
    "check_source_lines",
]


def main() -> int:
    names = [n for n in ORDER if (HERE / f"{n}.py").exists()]
    names += sorted(p.stem for p in HERE.glob("bench_*.py") if p.stem not in names)
    failed: list[str] = []
    for name in names:
        print(f"\n=== benchmarks.{name} ===", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=HERE.parent)
        print(
            f"--- {name}: exit {proc.returncode} in {time.perf_counter() - start:.1f} s", flush=True
        )
        if proc.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
