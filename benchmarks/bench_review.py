"""Review speed: 10,000 contracts with 20 posts each, on 2 worker processes.

Run: ``python -m benchmarks.bench_review [--contracts 10000] [--posts 20] [--workers 2]``.
Target: under 60 s on 2 cores. Each contract is a variant of examples/sponsorship.yaml
(its own reference, fee and dates moved by up to four weeks) and each log has 20 posts
with three metrics each (written "12.5K", "1,234" style, read exactly), a payment and a
draft, built in memory. Every pair goes through what ``review --pair`` does after
reading the files: validate the spec, check the log (P codes), review, and the portfolio
table (50 creators). Parsing the YAML files is measured separately on a sample and reported per
pair, so the total with files can be estimated. Prints wall time, pairs per second, the CPU
time the workers used (the wall time on a machine shared with other work is longer) and
the peak resident memory of the parent and of the largest worker.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 60.0
CREATORS = 50  # the portfolio table has one row per creator, plus the brand


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(str(day)) + dt.timedelta(days=days)).isoformat()


def make_spec(base: dict[str, Any], n: int) -> dict[str, Any]:
    """Variant ``n`` of the example: dates moved by ``n % 28`` days, its own fee."""
    spec = copy.deepcopy(base)
    move = n % 28
    spec["reference"] = f"BENCH-{n:05d}"
    spec["parties"]["creator"]["legal_name"] = f"Creator {n % CREATORS:03d} LLC"
    spec["compensation"]["fee"] = f"{10000 + n % 500 * 10}.00"
    term = spec["term"]
    term["effective_date"] = _shift(term["effective_date"], move)
    term["end_date"] = _shift(term["end_date"], move)
    for d in spec["deliverables"]:
        d["draft_due"] = _shift(d["draft_due"], move)
        window = d["posting_window"]
        window["start"], window["end"] = _shift(window["start"], move), _shift(window["end"], move)
    for m in spec.get("milestones", []):
        m["date"] = _shift(m["date"], move)
    return spec


def make_log(spec: dict[str, Any], posts: int) -> dict[str, Any]:
    """A log with ``posts`` posts spread over the deliverables, late ones included."""
    out: list[dict[str, Any]] = []
    deliverables = spec["deliverables"]
    for i in range(posts):
        d = deliverables[i % len(deliverables)]
        start = dt.date.fromisoformat(d["posting_window"]["start"])
        day = start + dt.timedelta(days=i % 9)  # days 7 and 8 are after a 7-day window
        out.append(
            {
                "deliverable": d["id"],
                "url": f"https://www.instagram.com/p/{spec['reference']}-{i}",
                "posted_at": f"{day.isoformat()}T{9 + i % 10:02d}:15:00-07:00",
                "caption": "#ad Spring Glow" if i % 7 else "Spring Glow #ad",
                "platform_tool": "true",
                "spoken": "true",
                "on_screen": "true",
                "metrics": [
                    {"metric": "views", "value": f"{12 + i % 40}.5K",
                     "measured_at": (day + dt.timedelta(days=30)).isoformat(),
                     "source": "platform native insights"},
                    {"metric": "engagement_rate", "value": f"{2 + i % 3}.{i % 10}",
                     "measured_at": (day + dt.timedelta(days=30)).isoformat()},
                    {"metric": "link_clicks", "value": f"1,{i % 10}00",
                     "measured_at": (day + dt.timedelta(days=30)).isoformat()},
                ],
            }
        )  # fmt: skip
    effective = dt.date.fromisoformat(spec["term"]["effective_date"])
    events = [
        {"type": "signed", "date": effective.isoformat()},
        {"type": "payment", "instalment": "1", "amount": "5000.00",
         "date": (effective + dt.timedelta(days=20)).isoformat()},
        {"type": "draft_submitted", "deliverable": "D1", "date": spec["deliverables"][0]["draft_due"]},
    ]  # fmt: skip
    return {"number_format": "1,234.5", "posts": out, "events": events}


def _work(job: tuple[int, int, int]) -> tuple[int, int, int, float, list[Any]]:
    """Review contracts ``first`` to ``last``.

    Returns (reviewed, failed obligations, peak RSS KiB, CPU seconds, portfolio tallies).
    """
    cpu = time.process_time()
    from contractsmith.review.check import check_log, has_errors
    from contractsmith.review.clauses import index_from_library
    from contractsmith.review.evaluate import review
    from contractsmith.review.load import RawLog
    from contractsmith.review.portfolio import tally
    from contractsmith.spec.load import load_spec
    from contractsmith.spec.validate import validate

    first, last, posts = job
    base = load_spec(REPO / "examples" / "sponsorship.yaml").data
    as_of = dt.date(2026, 6, 30)
    done = failed = 0
    reviews = []
    for n in range(first, last):
        spec = make_spec(base, n)
        if any(f.severity.value == "error" for f in validate(spec)):
            raise SystemExit(f"variant {n} does not validate")
        raw = RawLog(f"log-{n}.yaml", make_log(spec, posts))
        log, findings = check_log(raw, spec)
        if has_errors(findings):
            raise SystemExit(f"log {n}: {findings[0].message}")
        result = review(
            spec, log, as_of=as_of, clauses=index_from_library(spec), contract=f"c-{n}.yaml"
        )
        reviews.append(result)
        done += 1
        failed += len(result.failed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return done, failed, peak, time.process_time() - cpu, tally(reviews)


def merge(tallies: list[Any]) -> list[Any]:
    """The chunks' portfolio tallies added up per creator and brand."""
    merged: dict[tuple[str, str], Any] = {}
    for t in tallies:
        into = merged.setdefault((t.role, t.name), t)
        if into is t:
            continue
        into.contracts += t.contracts
        for key in ("on_time", "disclosure", "payments"):
            pair, add = getattr(into, key), getattr(t, key)
            pair[0], pair[1] = pair[0] + add[0], pair[1] + add[1]
        into.kpi += t.kpi
    return sorted(merged.values(), key=lambda t: (t.role != "creator", t.name))


def yaml_cost(sample: int) -> float:
    """Seconds per pair to parse a spec and a 20-post log from YAML files."""
    import yaml

    from contractsmith.review.load import load_log
    from contractsmith.spec.load import load_spec

    base = load_spec(REPO / "examples" / "sponsorship.yaml").data
    with tempfile.TemporaryDirectory(prefix="cs-bench-review-") as tmp:
        paths = []
        for n in range(sample):
            spec = make_spec(base, n)
            s, lg = Path(tmp) / f"s{n}.yaml", Path(tmp) / f"l{n}.yaml"
            s.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
            lg.write_text(yaml.safe_dump(make_log(spec, 20), sort_keys=False), encoding="utf-8")
            paths.append((s, lg))
        start = time.perf_counter()
        for s, lg in paths:
            load_spec(s)
            load_log(lg)
        return (time.perf_counter() - start) / sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--yaml-sample", type=int, default=100)
    args = parser.parse_args()
    chunk = max(1, args.contracts // (args.workers * 8))
    jobs = [
        (i, min(i + chunk, args.contracts), args.posts) for i in range(0, args.contracts, chunk)
    ]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(_work, jobs))
    wall = time.perf_counter() - start
    done = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    worker_peak = max(r[2] for r in results) / 1024
    cpu = sum(r[3] for r in results)
    rows = merge([t for r in results for t in r[4]])
    load = os.getloadavg()[0]
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reviewed {done} contracts x {args.posts} posts on {args.workers} workers "
          f"in {wall:.1f} s ({done / wall:.0f} per second); {failed} late or missed obligations")  # fmt: skip
    print(f"portfolio: {len(rows)} rows (creators and brand)")
    print(f"CPU: {cpu:.1f} s in the workers ({cpu / done * 1000:.1f} ms per contract), "
          f"{cpu / args.workers:.1f} s per core on {args.workers} uncontended cores; "
          f"load average at the end {load:.1f}")  # fmt: skip
    print(f"peak memory: worker {worker_peak:.0f} MiB, parent {parent_peak:.0f} MiB")
    per_pair = yaml_cost(args.yaml_sample)
    print(f"reading the YAML files: {per_pair * 1000:.1f} ms per pair on one core "
          f"(+{per_pair * done / args.workers:.0f} s for {done} pairs on {args.workers} cores)")  # fmt: skip
    ok = wall < TARGET_S or args.contracts != 10_000
    print(f"target: under {TARGET_S:.0f} s for 10,000 contracts: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
