"""Alert fatigue and sampled precision of the wording rules on professionally drafted contracts.

Runs read_document + analyse + check_wording over the CUAD development TXT files and
prints the median, p90 and max number of warning-or-error V/O findings per contract
(target: median <= 10). Then it scores the precision sample: the findings drawn into
``benchmarks/precision_sample.jsonl`` were judged by hand (right/wrong with a reason)
in ``benchmarks/precision_judgements.csv``; it prints the share judged right (target
>= 80%) and how many sampled findings the current rules no longer produce.

    python -m benchmarks.fatigue [--dir ../shared/data/cuad-dev/txt] [--jobs 2]
    python -m benchmarks.fatigue --draw-sample   # redraw the 100-finding sample

The data folder defaults to $CONTRACTSMITH_SHARED/data/cuad-dev/txt, where
CONTRACTSMITH_SHARED defaults to ``../shared`` relative to the repository root.
Quoted contract text comes from CUAD v1 by The Atticus Project (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SAMPLE_PATH = HERE / "precision_sample.jsonl"
JUDGEMENTS_PATH = HERE / "precision_judgements.csv"
CREDIT = "The Atticus Project, CUAD v1 (CC BY 4.0)"
SAMPLE_SIZE = 100
SEED = 20261126
MEDIAN_TARGET = 10
PRECISION_TARGET = 0.80


def default_dir() -> Path:
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev" / "txt"


def _check_file(path: str) -> tuple[str, list[dict[str, Any]] | None, str | None]:
    """Findings of one contract as plain dicts, or the one-line reason it failed."""
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.analyse.playbook import load_playbook
    from contractsmith.ingest import read_document
    from contractsmith.ingest.model import IngestError
    from contractsmith.ingest.source_map import with_file_lines
    from contractsmith.rules.engine import check_wording

    try:
        document = read_document(path)
        adoc = analyse(document)
    except IngestError as exc:
        return path, None, str(exc)
    out = []
    # as `check` runs them: under the default (influencer) playbook's wording policy
    policy = load_playbook().wording
    for finding in with_file_lines(check_wording(adoc, policy=policy), document):
        row = finding.to_dict()  # its location's line is in the file, for re-checking by hand
        row["line"] = finding.location.line
        out.append(row)
    return path, out, None


def _counted(f: dict[str, Any]) -> bool:
    return f["rule"][0] in "VO" and f["severity"] in ("warning", "error")


def _key(f: dict[str, Any]) -> str:
    """Stable identity of a finding: file, rule and phrase offset."""
    return f"{f['file']}|{f['rule']}|{f['start']}"


def _core(text: str | None) -> str:
    """A finding's quoted text without the ellipses that mark a cut, spaces collapsed."""
    return " ".join((text or "").replace("\u2026", " ").split())


class _Live:
    """The findings the current rules report, to tell whether a judged finding still is.

    A finding is the same when its key (file, rule, offset) is, or when the same rule in
    the same file quotes the same words: reading changes (a page footer dropped, a
    sentence joined over a page break) move offsets and widen quotes without changing
    what was found.
    """

    def __init__(self, results: dict[str, list[dict[str, Any]]]) -> None:
        counted = [f for fs in results.values() for f in fs if _counted(f)]
        self.keys = {_key(f) for f in counted}
        self.quotes: dict[tuple[str, str], list[str]] = {}
        for f in counted:
            self.quotes.setdefault((f["file"], f["rule"]), []).append(_core(f["text"]))

    def __contains__(self, row: dict[str, Any]) -> bool:
        if row["key"] in self.keys:
            return True
        quote = _core(row.get("text"))
        if len(quote) < 20:
            return False
        return any(
            quote in now or now in quote
            for now in self.quotes.get((row["file"], row["rule"]), [])
            if len(now) >= 20
        )


def run(
    folder: Path, jobs: int, limit: int | None, stride: int = 1
) -> dict[str, list[dict[str, Any]]]:
    paths = sorted(str(p) for p in folder.glob("*.txt"))[::stride]
    if limit:
        paths = paths[:limit]
    if not paths:
        raise SystemExit(f"fatigue: no .txt files in {folder}")
    results: dict[str, list[dict[str, Any]]] = {}
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(_check_file, paths, chunksize=4))
    else:
        outcomes = [_check_file(p) for p in paths]
    for path, findings, error in outcomes:
        name = Path(path).name
        if error is not None:
            print(f"{name}: skipped: {error}", file=sys.stderr)
            continue
        for f in findings or []:
            f["file"] = name
            f["start"] = f["location"]["start"]
        results[name] = findings or []
    return results


def percentile(values: list[int], q: float) -> float:
    """The ``q`` quantile of ``values``, interpolated (0.0 for none)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def draw_sample(results: dict[str, list[dict[str, Any]]], size: int, seed: int) -> list[dict]:
    pool = sorted(
        (f for fs in results.values() for f in fs if _counted(f)),
        key=lambda f: (f["file"], f["start"], f["rule"]),
    )
    chosen = random.Random(seed).sample(pool, min(size, len(pool)))
    chosen.sort(key=lambda f: (f["file"], f["start"], f["rule"]))
    return [
        {
            "id": i + 1,
            "key": _key(f),
            "file": f["file"],
            "line": f.get("line"),
            "rule": f["rule"],
            "severity": f["severity"],
            "category": f["category"],
            "text": f["text"],
            "message": f["message"],
        }
        for i, f in enumerate(chosen)
    ]


def write_sample(sample: list[dict]) -> None:
    lines = [json.dumps({"_credit": f"Quoted contract text: {CREDIT}"}, ensure_ascii=False)]
    lines += [json.dumps(row, ensure_ascii=False) for row in sample]
    SAMPLE_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_sample() -> list[dict]:
    if not SAMPLE_PATH.is_file():
        return []
    rows = [json.loads(line) for line in SAMPLE_PATH.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "id" in r]


def read_judgements() -> dict[str, tuple[str, str]]:
    """``key -> (verdict, reason)`` from the judgements CSV."""
    if not JUDGEMENTS_PATH.is_file():
        return {}
    with JUDGEMENTS_PATH.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    return {r["key"]: (r["verdict"].strip().lower(), r["reason"]) for r in rows}


def report(results: dict[str, list[dict[str, Any]]], elapsed: float) -> bool:
    counts = [sum(1 for f in fs if _counted(f)) for fs in results.values()]
    median = statistics.median(counts) if counts else 0
    by_rule = Counter(f["rule"] for fs in results.values() for f in fs if _counted(f))
    by_sev = Counter(f["severity"] for fs in results.values() for f in fs)
    print(f"contracts checked: {len(counts)}  ({elapsed:.1f} s)")
    print(
        f"warning+error V/O findings per contract: median {median:g}, "
        f"p90 {percentile(counts, 0.9):g}, max {max(counts, default=0)}, "
        f"mean {statistics.fmean(counts) if counts else 0:.2f}, total {sum(counts)}"
    )
    print("by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items())))
    print("all findings by severity: " + ", ".join(f"{s} {n}" for s, n in sorted(by_sev.items())))
    ok = median <= MEDIAN_TARGET
    print(f"median target <= {MEDIAN_TARGET}: {'met' if ok else 'NOT met'}")
    return ok


def precision(results: dict[str, list[dict[str, Any]]] | None) -> bool:
    sample = read_sample()
    if not sample:
        print("precision: no sample yet (run with --draw-sample)")
        return False
    judged = read_judgements()
    verdicts = [judged.get(row["key"], (None, ""))[0] for row in sample]
    right = sum(1 for v in verdicts if v == "right")
    wrong = sum(1 for v in verdicts if v == "wrong")
    missing = sum(1 for v in verdicts if v not in ("right", "wrong"))
    share = right / (right + wrong) if right + wrong else 0.0
    print(
        f"precision sample: {len(sample)} findings, judged right {right}, wrong {wrong}, "
        f"unjudged {missing}: {share:.1%} right"
    )
    for field in ("severity", "rule"):
        tally: dict[str, list[int]] = {}
        for row, verdict in zip(sample, verdicts, strict=True):
            counts = tally.setdefault(row[field], [0, 0])
            counts[0] += verdict == "right"
            counts[1] += 1
        parts = ", ".join(f"{k} {r}/{n}" for k, (r, n) in sorted(tally.items()))
        print(f"  right by {field}: {parts}")
    if results is not None:
        live = _Live(results)
        stale = [row for row in sample if row not in live]
        still = [judged.get(r["key"], ("", ""))[0] for r in sample if r in live]
        live_share = still.count("right") / max(1, len(still))
        print(
            f"sampled findings the current rules no longer report: {len(stale)} "
            f"(share right among the rest: {live_share:.1%})"
        )
    ok = share >= PRECISION_TARGET and missing == 0
    print(f"precision target >= {PRECISION_TARGET:.0%}: {'met' if ok else 'NOT met'}")
    return ok


def dev_rounds(results: dict[str, list[dict[str, Any]]] | None) -> None:
    """Report the earlier (development) samples the rules were tuned on, for comparison.

    Also how often each round's verdict agrees with the latest judgements on the findings
    both judged: a measure of how consistently readers judge.
    """
    latest = read_judgements()

    def round_number(path: Path) -> int:
        return int(path.name.split(".round", 1)[1].split(".", 1)[0])

    live = None if results is None else _Live(results)
    for path in sorted(HERE.glob("precision_sample.round*.jsonl"), key=round_number):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        rows = [r for r in rows if "id" in r]
        right = sum(1 for r in rows if r.get("verdict") == "right")
        line = f"{path.name} (development, tuned on): {right}/{len(rows)} judged right"
        if live is not None:
            kept = [r for r in rows if r in live]
            kept_right = sum(1 for r in kept if r.get("verdict") == "right")
            line += (
                f"; still reported {len(kept)}, of which right {kept_right} "
                f"({kept_right / max(1, len(kept)):.0%})"
            )
        shared = [r for r in rows if r["key"] in latest]
        if shared:
            same = sum(1 for r in shared if r.get("verdict") == latest[r["key"]][0])
            line += f"; agrees with the latest judgements on {same}/{len(shared)}"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fatigue", description=__doc__)
    parser.add_argument("--dir", type=Path, default=None, help="folder of contract .txt files")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=int, default=None, help="check only the first N files")
    parser.add_argument("--stride", type=int, default=1, help="check every Nth file only")
    parser.add_argument("--draw-sample", action="store_true", help="redraw the precision sample")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dump", type=Path, default=None, help="write all findings as JSONL")
    args = parser.parse_args(argv)
    folder = args.dir or default_dir()
    if not folder.is_dir():
        print(f"fatigue: data folder not found: {folder} (set --dir or CONTRACTSMITH_SHARED)")
        return 2
    started = time.perf_counter()
    results = run(folder, args.jobs, args.limit, args.stride)
    elapsed = time.perf_counter() - started
    ok = report(results, elapsed)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for fs in results.values():
                for f in fs:
                    fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    if args.draw_sample:
        write_sample(draw_sample(results, SAMPLE_SIZE, args.seed))
        print(f"wrote {SAMPLE_PATH.relative_to(REPO)}")
    dev_rounds(results)
    ok = precision(results) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
