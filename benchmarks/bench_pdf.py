"""PDF conversion throughput: the batched LibreOffice pool against one soffice per document.

Run from the repository root: ``python -m benchmarks.bench_pdf [--n 200] [--naive-n 20]``.

N variations of the canonical sponsorship spec are rendered to DOCX once, then converted
in the same run by (a) the pool (``--jobs`` workers, one LibreOffice process per chunk
of ``--chunk`` documents) and (b) a naive loop running ``soffice --convert-to pdf`` once
per document with a warmed profile. (b) is timed over the first ``--naive-n`` documents
and its per-document rate extrapolated; the output says so. Target: (a) >= 5x (b).

The resident memory (VmRSS from /proc) of the pool's LibreOffice processes is sampled
throughout (a); first, last and max are printed, plus each office process's peak in
start order, which shows whether memory grows from one recycled process to the next.
Exit status 1 when soffice is missing or a conversion failed.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

TARGET_RATIO = 5.0


def make_docx_batch(folder: Path, count: int) -> list[Path]:
    """Render ``count`` variations of examples/sponsorship.yaml to DOCX in ``folder``."""
    from contractsmith.generate.render import render_many
    from contractsmith.resources import examples_dir

    base = yaml.safe_load((examples_dir() / "sponsorship.yaml").read_text(encoding="utf-8"))
    base.pop("$schema", None)
    specs = folder / "specs"
    specs.mkdir(parents=True)
    paths = []
    for index in range(count):
        data = copy.deepcopy(base)
        data["reference"] = f"BENCH-{index:04d}"
        parties = data.get("parties", {})
        if "creator" in parties:
            parties["creator"]["legal_name"] = f"Creator {index:03d} Media LLC"
        path = specs / f"contract{index:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    result = render_many(paths, folder / "docx")
    if result.failures:
        first = result.failures[0]
        raise SystemExit(f"bench_pdf: rendering failed: {first.lines()[0]}")
    return [Path(r.docx_path) for r in result.rendered]


class RssSampler:
    """Samples the summed VmRSS of every process in the registered process groups."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.groups: list[int] = []
        self.samples: list[int] = []  # KiB, summed over live office processes
        self.peaks: dict[int, int] = {}  # process group -> its peak KiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def watch(self, proc: subprocess.Popen[bytes]) -> None:
        self.groups.append(proc.pid)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            per_group = _rss_by_group(set(self.groups))
            if per_group:
                self.samples.append(sum(per_group.values()))
            for group, kib in per_group.items():
                self.peaks[group] = max(self.peaks.get(group, 0), kib)


def _rss_by_group(groups: set[int]) -> dict[int, int]:
    totals: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgrp = int(stat.rsplit(")", 1)[1].split()[2])
            if pgrp not in groups:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    totals[pgrp] = totals.get(pgrp, 0) + int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return totals


def run_pool(docs: list[Path], out: Path, jobs: int, chunk: int, sampler: RssSampler) -> float:
    """Convert with the pool; return seconds. Raises SystemExit on any failure."""
    from contractsmith.generate.pdf_pool import ConverterPool
    from contractsmith.generate.soffice import require_soffice

    out.mkdir(parents=True)
    errors: list[str] = []

    def done(index: int, pdf: Path | None, error: str | None) -> None:
        if error is not None or pdf is None:
            errors.append(f"{docs[index].name}: {error}")
        else:
            shutil.copyfile(pdf, out / f"{docs[index].stem}.pdf")

    pool = ConverterPool(
        require_soffice(), jobs=jobs, timeout=120, chunk_size=chunk, on_start=sampler.watch
    )
    sampler.start()
    start = time.perf_counter()
    try:
        pool.convert(docs, done)
    finally:
        elapsed = time.perf_counter() - start
        sampler.stop()
    if errors:
        raise SystemExit(f"bench_pdf: {len(errors)} pool conversion(s) failed: {errors[0]}")
    return elapsed


def run_naive(docs: list[Path], out: Path) -> float:
    """One ``soffice --convert-to pdf`` per document (warmed profile); return seconds."""
    from contractsmith.generate.soffice import require_soffice

    soffice = require_soffice()
    out.mkdir(parents=True)
    profile = Path(tempfile.mkdtemp(prefix="bench-naive-"))
    base = [soffice, f"-env:UserInstallation={(profile / 'p').as_uri()}", "--headless"]
    try:
        warm = out / "warm"
        subprocess.run(
            [*base, "--convert-to", "pdf", "--outdir", str(warm), str(docs[0])],
            capture_output=True,
            timeout=300,
            check=False,
        )
        start = time.perf_counter()
        for doc in docs:
            subprocess.run(
                [*base, "--convert-to", "pdf", "--outdir", str(out), str(doc)],
                capture_output=True,
                timeout=300,
                check=False,
            )
        elapsed = time.perf_counter() - start
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    missing = [d.name for d in docs if not (out / f"{d.stem}.pdf").exists()]
    if missing:
        raise SystemExit(f"bench_pdf: naive conversion produced no PDF for {missing[0]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents for the pool (a)")
    parser.add_argument("--naive-n", type=int, default=20, help="documents timed for (b)")
    parser.add_argument("--jobs", type=int, default=2, help="pool workers")
    parser.add_argument("--chunk", type=int, default=50, help="documents per office process")
    args = parser.parse_args(argv)

    from contractsmith.generate.soffice import find_soffice, soffice_version

    soffice = find_soffice()
    if soffice is None:
        print("bench_pdf: LibreOffice (soffice) not found; set CONTRACTSMITH_SOFFICE")
        return 1
    print(
        f"LibreOffice: {soffice_version(soffice) or soffice}; cores: {os.cpu_count()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        docs = make_docx_batch(root, args.n)
        rendered_in = time.perf_counter() - start
        from pypdf import PdfReader

        sampler = RssSampler()
        pool_s = run_pool(docs, root / "pool", args.jobs, args.chunk, sampler)
        pages = len(PdfReader(str(root / "pool" / f"{docs[0].stem}.pdf")).pages)
        naive_docs = docs[: max(1, min(args.naive_n, len(docs)))]
        naive_s = run_naive(naive_docs, root / "naive")

    pool_rate = len(docs) / pool_s
    naive_rate = len(naive_docs) / naive_s
    ratio = pool_rate / naive_rate
    print(
        f"documents: {len(docs)} DOCX contracts ({pages} pages each), rendered in "
        f"{rendered_in:.1f} s"
    )
    print(
        f"(a) pool, {args.jobs} workers, {args.chunk} docs per office process: "
        f"{len(docs)} docs in {pool_s:.1f} s = {pool_rate:.2f} docs/s"
    )
    print(
        f"(b) naive, one soffice per document: {len(naive_docs)} docs in {naive_s:.1f} s = "
        f"{naive_rate:.2f} docs/s (timed over {len(naive_docs)} of {len(docs)} documents; "
        f"per-document rate extrapolated)"
    )
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(f"speed-up (a)/(b): {ratio:.1f}x ({verdict} the {TARGET_RATIO:g}x target)")
    if sampler.samples:
        peaks = [sampler.peaks[g] / 1024 for g in sampler.groups if g in sampler.peaks]
        print(
            f"LibreOffice RSS, peak of each office process in start order ({len(peaks)} "
            f"processes): first {peaks[0]:.0f} MiB, last {peaks[-1]:.0f} MiB, "
            f"max {max(peaks):.0f} MiB"
        )
        print("  per process (MiB): " + ", ".join(f"{p:.0f}" for p in peaks))
        print(
            f"  summed over the live office processes ({len(sampler.samples)} samples every "
            f"{sampler.interval:g} s): max {max(sampler.samples) / 1024:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
