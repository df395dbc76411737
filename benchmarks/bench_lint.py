"""Lint speed on a 200-clause library (the project's clauses plus generated copies).

Run: ``python -m benchmarks.bench_lint [--clauses 200]``. Target: under 10 s on 2 cores,
without LibreOffice. The generated clauses are copies of real ones under new ids, so
they are parsed, schema-checked, locked and rendered like the originals.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_library(target: Path, total: int) -> int:
    """Copy clauses/ to ``target`` and add copies until it holds ``total`` clauses."""
    shutil.copytree(REPO / "clauses", target)
    originals = sorted(p for p in target.rglob("*.md") if p.parent != target)
    count = len(originals)
    i = 0
    while count < total:
        src = originals[i % len(originals)]
        text = src.read_text(encoding="utf-8")
        new_stem = f"{src.stem}_bench{i}"
        category = src.parent.name
        text = re.sub(r"^id: .*$", f"id: {category}.{new_stem}", text, count=1, flags=re.M)
        text = re.sub(r"^order: .*$", f"order: {1000 + i}", text, count=1, flags=re.M)
        (src.parent / f"{new_stem}.md").write_text(text, encoding="utf-8")
        count += 1
        i += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "contractsmith"
    with tempfile.TemporaryDirectory(prefix="cs-bench-lint-") as tmp:
        lib = Path(tmp) / "clauses"
        n = build_library(lib, args.clauses)
        subprocess.run(
            [
                str(exe),
                "lint",
                str(lib),
                "--update-lock",
                "--no-render",
                "--no-wording",
                "--fail-on",
                "never",
            ],
            check=True,
            capture_output=True,
        )
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            proc = subprocess.run(
                [
                    str(exe),
                    "lint",
                    str(lib),
                    "--examples",
                    str(REPO / "examples"),
                    "--format",
                    "json",
                    "--fail-on",
                    "never",
                ],
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
        best, worst = min(times), max(times)
        print(
            f"lint of a {n}-clause library (CLI, full checks incl. rendering and wording): "
            f"best {best:.2f} s, worst {worst:.2f} s over {args.repeat} runs "
            f"(target < 10 s) -> {'OK' if worst < 10 else 'SLOW'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
