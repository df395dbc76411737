"""Speed of ``contractsmith check`` over the CUAD development files, with worker processes.

    python -m benchmarks.bench_check_cuad [--data DIR] [-j 2] [--source txt|pdf]
                                          [--repeat N] [--analyse-only]

DIR defaults to $CONTRACTSMITH_SHARED/data/cuad-dev (CONTRACTSMITH_SHARED defaults to
``../shared`` next to the repository; CUAD v1 by The Atticus Project, CC BY 4.0).

By default it times the full command the target is set for,
``contractsmith check DIR -j N --format json -o FILE`` (process start, spaCy import,
reading, analysis, wording rules, playbook and report), ``--repeat`` times, and prints
the best and worst wall-clock seconds and the peak resident memory of each process of
the run (the command and its workers, read from /proc while it runs). Target: 394 TXT
in <= 30 s with -j 2, < 500 MB per worker.

``--analyse-only`` times reading and analysis alone in this benchmark's own workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0
TARGET_MB = 500.0


def default_data() -> Path:
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev"


# --- the full command -----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _peak_kb(pid: int) -> int | None:
    """The process's peak resident memory so far (VmHWM), or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds the process has used so far, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_cli(folder: Path, jobs: int) -> tuple[float, int, int, dict[int, tuple[int, float]]]:
    """Run the check command once: (seconds, exit code, its pid, and per process of the run
    its peak RSS in KB and CPU seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "contractsmith", "check", str(folder)]
        cmd += ["-j", str(jobs), "--format", "json", "-o", str(Path(tmp) / "report.json")]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p
        )
        peaks: dict[int, tuple[int, float]] = {}
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        while proc.poll() is None:
            for pid in [proc.pid, *_children(proc.pid)]:
                kb, cpu = _peak_kb(pid), _cpu_seconds(pid)
                if kb is not None and cpu is not None:
                    peaks[pid] = (kb, cpu)  # VmHWM is already the peak so far
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, proc.pid, peaks


def bench_cli(folder: Path, jobs: int, repeat: int) -> int:
    count = len(list(folder.glob("*.*")))
    times = []
    worker_mb = 0.0
    for run in range(1, repeat + 1):
        elapsed, code, command, peaks = run_cli(folder, jobs)
        times.append(elapsed)
        # Exit 1 only says some finding reached --fail-on; 2 or more is a failure.
        if code > 1:
            print(f"run {run}: contractsmith check exited {code}", file=sys.stderr)
            return 1
        print(f"run {run}: {elapsed:.1f} s, {count / elapsed:.1f} contracts/s")
        # CPU seconds say how much work there was whatever else the machine was doing.
        for pid, (kb, cpu) in sorted(peaks.items()):
            if pid != command:
                worker_mb = max(worker_mb, kb / 1024)
            role = "command" if pid == command else "worker"
            print(f"  {role} {pid}: peak RSS {kb / 1024:.0f} MB, CPU {cpu:.1f} s (last seen)")
    print(f"contracts: {count} ({folder.name}) with -j {jobs}, full check to JSON")
    print(f"seconds: best {min(times):.1f}, worst {max(times):.1f} (target <= {TARGET_SECONDS:g})")
    print(f"peak RSS per worker: {worker_mb:.0f} MB (target < {TARGET_MB:g})")
    return 0


# --- reading and analysis alone -------------------------------------------------------


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


def bench_analyse(folder: Path, jobs: int, source: str) -> int:
    files = sorted(str(p) for p in folder.glob(f"*.{source}"))
    # Largest first, dealt round-robin, so the workers finish together.
    files.sort(key=lambda p: -os.path.getsize(p))
    shards = [files[i::jobs] for i in range(jobs)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(_work, shards))
    elapsed = time.perf_counter() - t0
    total = sum(r[1] for r in results)
    print(f"contracts: {total} ({source}) with -j {jobs}, read and analyse only")
    print(f"seconds: {elapsed:.1f} (including process start and spaCy import)")
    print(f"contracts/second: {total / elapsed:.1f}")
    for pid, done, secs, peak in results:
        print(f"worker {pid}: {done} contracts, {secs:.1f} s busy, peak RSS {peak / 1024:.0f} MB")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--source", choices=["txt", "pdf"], default="txt")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2, help="full-command runs (default 2)")
    ap.add_argument("--analyse-only", action="store_true", help="time read + analyse only")
    args = ap.parse_args()
    folder = args.data / args.source
    if not folder.is_dir():
        print(f"{folder}: not found (set CONTRACTSMITH_SHARED or --data)", file=sys.stderr)
        return 2
    if args.analyse_only:
        return bench_analyse(folder, args.jobs, args.source)
    return bench_cli(folder, args.jobs, max(1, args.repeat))


if __name__ == "__main__":
    sys.exit(main())
