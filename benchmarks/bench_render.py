"""DOCX rendering speed: many copies of the canonical spec, one process.

Run from the repository root: ``python -m benchmarks.bench_render [--count 200]``.
Target: at least 20 contracts per second on one core. The clause library and the Word
shell are loaded once for the batch, as ``contractsmith render`` does. Two figures are
printed: end to end (load + validate + assemble + DOCX + atomic write) and the render
step alone (specs already loaded and validated).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TARGET_PER_SECOND = 20.0


def make_specs(source: Path, folder: Path, count: int) -> list[Path]:
    """Write ``count`` variations of ``source`` (names, reference, fee) to ``folder``."""
    from contractsmith.spec.load import load_spec

    base = load_spec(source).data
    paths = []
    for index in range(count):
        data = copy.deepcopy(base)
        parties = data.get("parties", {})
        if "brand" in parties:
            parties["brand"]["legal_name"] = f"Brand {index:03d} & Co. Holdings, Inc."
        if "creator" in parties:
            parties["creator"]["legal_name"] = f"Creator {index:03d} Media LLC"
        data["reference"] = f"BENCH-{index:04d}"
        data["title"] = f"{data.get('title', 'Agreement')} No. {index}"
        comp = data.get("compensation")
        if isinstance(comp, dict) and "fee" in comp:
            comp["fee"] = f"{10000 + 25 * index}.00"
        path = folder / f"bench_{index:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="contracts to render")
    parser.add_argument("--spec", type=Path, default=REPO / "examples" / "sponsorship.yaml")
    parser.add_argument("--clauses", type=Path, default=None, help="clause library folder")
    args = parser.parse_args(argv)

    from contractsmith.generate.docx_writer import load_shell
    from contractsmith.generate.render import load_spec_file, render, render_many
    from contractsmith.library import load_library

    library = load_library(args.clauses)
    if library.findings:
        print(
            f"clause library at {library.root} has {len(library.findings)} problem(s); "
            "pass --clauses to use another",
            file=sys.stderr,
        )
        return 1
    shell = load_shell()
    with tempfile.TemporaryDirectory(prefix="cs-bench-render-") as tmp:
        folder = Path(tmp)
        specs = make_specs(args.spec, folder, args.count)
        out = folder / "out"
        # warm-up: compile clause bodies and the shell once, as the first contract of a batch does
        warm = render_many(specs[:1], out, library=library, template=shell)
        if warm.failures:
            for line in warm.failures[0].lines():
                print(line, file=sys.stderr)
            return 1
        sections = len(warm.rendered[0].manifest["clauses"])

        started, cpu_started = time.perf_counter(), time.process_time()
        batch = render_many(specs, out, library=library, template=shell)
        total = time.perf_counter() - started
        cpu_total = time.process_time() - cpu_started
        if batch.failures:
            print(
                f"{len(batch.failures)} spec(s) failed, e.g. {batch.failures[0].lines()[0]}",
                file=sys.stderr,
            )
            return 1

        loaded = [load_spec_file(p) for p in specs]
        timings = []
        for spec in loaded:
            t0 = time.perf_counter()
            render(spec, out, library=library, template=shell)
            timings.append(time.perf_counter() - t0)
        sizes = [p.stat().st_size for p in out.glob("*.docx")]

    per = total / args.count
    print(
        f"contracts rendered:            {args.count} ({sections} sections each, "
        f"median DOCX {statistics.median(sizes) / 1024:.1f} KiB)"
    )
    print(
        f"end to end:                    {per * 1000:.1f} ms per contract, "
        f"{1 / per:.1f} contracts/s (total {total:.2f} s)"
    )
    cpu_per = cpu_total / args.count
    print(
        f"end to end, CPU time:          {cpu_per * 1000:.1f} ms per contract, "
        f"{1 / cpu_per:.1f} contracts/s per core (less sensitive to a busy machine)"
    )
    render_mean = statistics.fmean(timings)
    p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
    print(
        f"render step (spec preloaded):  {render_mean * 1000:.1f} ms per contract, "
        f"{1 / render_mean:.1f} contracts/s, p95 {p95 * 1000:.1f} ms"
    )
    verdict = "meets" if 1 / per >= TARGET_PER_SECOND else "misses"
    print(f"target >= {TARGET_PER_SECOND:.0f} contracts/s end to end (wall clock): {verdict}")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
