"""How often a finding's file line and column land on the right words, over real contracts.

For every CUAD development TXT file it picks 30 seeded random non-blank places in the
document's normalised text, maps each to the file with ``ingest.source_map.SourceMap``,
and compares the next six visible characters on both sides (ignoring whitespace and the
marks the reader drops: ``* _ ` # > -``). Prints how many agree.

    python -m benchmarks.check_source_lines [--shared DIR]

Quoted contract text comes from CUAD v1 by The Atticus Project (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import random
import re
import sys

from benchmarks.bench_ingest import shared_dir
from contractsmith.ingest import read_document
from contractsmith.ingest.source_map import SourceMap

PLACES_PER_FILE = 30
_INVISIBLE = re.compile(r"[\s*_`#>-]+")


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)[:6]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_source_lines")
    parser.add_argument("--shared", help="shared data folder (default: ../shared)")
    args = parser.parse_args(argv)
    folder = shared_dir(args.shared) / "data" / "cuad-dev" / "txt"
    files = sorted(folder.glob("*.txt"))
    if not files:
        print(f"no CUAD TXT files under {folder}", file=sys.stderr)
        return 2
    total = same = 0
    misses: list[str] = []
    for path in files:
        doc = read_document(path)
        lines = SourceMap(doc)
        rng = random.Random(path.name)
        for _ in range(PLACES_PER_FILE):
            offset = rng.randrange(0, max(1, len(doc.text) - 20))
            pos = None if doc.text[offset].isspace() else lines.source_offset(offset)
            if pos is None:
                continue
            total += 1
            want = _visible(doc.text[offset : offset + 40])
            if want == _visible((doc.source or "")[pos : pos + 60]):
                same += 1
            elif len(misses) < 5:
                misses.append(f"  {path.name[:40]}: {doc.text[offset : offset + 20]!r}")
    print(f"files: {len(files)}, places checked: {total}")
    print(f"file position starts with the same visible text: {same} ({same / total:.1%})")
    if misses:
        print("first differences (often a hyphen or mark inside the compared window):")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
