"""Check time against input size, on shapes of text that once made it superlinear.

Each shape is a small unit of contract-like text repeated to 100 KB and to 400 KB, and
checked in this process after a warm-up (so the figures leave out start-up). Linear work
takes about 4x as long for 4x the text; the target is a ratio of at most 5.5 for every
shape, and at most 30 s for the 400 KB file (half the per-file time limit). Exit status 1
when a shape misses either. Run it on a quiet machine: other load skews the ratios.

    python -m benchmarks.bench_scaling [SHAPE ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from contractsmith.analyse.check import check_document

SMALL, LARGE = 100_000, 400_000
MAX_RATIO, MAX_LARGE_S = 5.5, 30.0


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _numbered_headings(size: int) -> str:
    units = (
        f"{i}. HEADING {i}\n{i}.1 The Creator shall post within {i} days.\n\n" for i in range(size)
    )
    out, n = [], 0
    for unit in units:
        out.append(unit)
        n += len(unit)
        if n >= size:
            break
    return "".join(out)[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    # Each item opens a list nested in the one before (lead-ins that grow with the text).
    "nested-items": _repeat("The Creator shall:\n(a) post content promptly as agreed;\n"),
    # The same vague clause under a heading, again and again (completeness fallbacks).
    "repeated-sections": _repeat("ARTICLE 1 PAYMENT\nThe Brand shall pay the fee promptly.\n\n"),
    # One block split only at semicolons (sentence starts looked up per candidate).
    "semicolons": _repeat("Fee: 100; "),
    "one-line": _repeat("The Influencer shall promptly deliver the Content as requested. "),
    "numbered-lines": _repeat("1. The Influencer shall post approximately 4 Stories, TBC.\n"),
    "inline-markers": _repeat("(i) the brand may end it; (ii) the creator may end it; "),
    "labelled-fields": _repeat("Go-live date: TBC\nFee: to be agreed\n"),
    "numbered-headings": _numbered_headings,
}


def _time(text: str) -> tuple[float, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shape.txt"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        report = check_document(str(path))
        return time.perf_counter() - start, report.error


def main(argv: list[str]) -> int:
    names = argv or list(SHAPES)
    _time(SHAPES["one-line"](2_000))  # load the rules and the pipeline once
    missed = []
    print(f"{'shape':20s} {'100 KB':>8s} {'400 KB':>8s} {'ratio':>6s}")
    for name in names:
        small, err_small = _time(SHAPES[name](SMALL))
        large, err_large = _time(SHAPES[name](LARGE))
        ratio = large / max(small, 1e-3)
        ok = ratio <= MAX_RATIO and large <= MAX_LARGE_S and not (err_small or err_large)
        missed += [] if ok else [name]
        note = "" if ok else "  MISSED " + (err_small or err_large or "")
        print(f"{name:20s} {small:7.2f}s {large:7.2f}s {ratio:6.1f}{note}", flush=True)
    print(f"target: ratio <= {MAX_RATIO}, 400 KB <= {MAX_LARGE_S:g} s; missed: {missed or 'none'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
