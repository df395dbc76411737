"""How the wording rules serve a brand's reviewer on the team's influencer agreements.

``corpora/influencer/wording-labels.jsonl`` marks sentences of the development documents
as ``weak`` (a reviewer must be told, at warning or error) or ``fine`` (precise drafting),
labelled by a reviewer who had not seen the rules. This runs the real ``check`` path
(read, analyse, wording rules) on each labelled document and reports:

* weak sentences flagged at warning or error (target >= 0.85), and at any severity;
* fine sentences flagged at warning or error (target <= 0.12);
* warning-or-error V/O/D findings per document (median, max).

A sentence counts as flagged when a finding's span overlaps the sentence's span in the
document text. Figures are in-sample for any rule tuned on this corpus.

    python -m benchmarks.wording_influencer [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpora" / "influencer"
LABELS = CORPUS / "wording-labels.jsonl"
LOUD = ("warning", "error")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|^\s*[>#|]+|\s\|\s")


def _spans(document_text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in the document text, whitespace-insensitively."""
    # Markdown emphasis, quoting and table pipes are not in the read text
    words = [re.escape(w) for w in _MARKUP.sub(" ", quote).split()]
    if not words:
        return None
    m = re.search(r"[\s*_>|#]+".join(words), document_text)
    return (m.start(), m.end()) if m else None


def _check(
    job: tuple[str, str, list[dict[str, Any]]],
) -> tuple[str, list[dict[str, Any]], int, str]:
    """Label outcomes and the loud-finding count of one document.

    The wording rules run as ``check`` runs them: under the default (influencer)
    playbook's wording policy.
    """
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.analyse.playbook import load_playbook
    from contractsmith.ingest import read_document
    from contractsmith.rules.engine import check_wording

    corpus, path, labels = job
    document = read_document(str(Path(corpus) / path))
    policy = load_playbook().wording
    findings = [f for f in check_wording(analyse(document), policy=policy) if f.rule[0] in "VOD"]
    text = document.text
    outcomes = []
    for label in labels:
        span = _spans(text, label["quote"])
        hit: list[str] = []
        if span is not None:
            for f in findings:
                start, end = f.location.start, f.location.end
                if start is not None and end is not None and start < span[1] and end > span[0]:
                    hit.append(f.severity.value)
        outcomes.append({**label, "found": span is not None, "severities": hit})
    loud = sum(1 for f in findings if f.severity.value in LOUD)
    return path, outcomes, loud, ""


def run(jobs: int, labels: Path = LABELS, corpus: Path = CORPUS) -> dict[str, Any]:
    """Score every labelled document; returns the figures as a dict.

    ``labels`` is a JSONL file of labelled quotes whose ``file`` is relative to ``corpus``.
    """
    by_file: dict[str, list[dict[str, Any]]] = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_file.setdefault(row["file"], []).append(row)
    work = [(str(corpus), path, rows) for path, rows in sorted(by_file.items())]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_check, work))
    else:
        results = [_check(w) for w in work]
    counts: Counter[str] = Counter()
    missed: list[str] = []
    loud_per_doc = []
    for path, outcomes, loud, _ in results:
        loud_per_doc.append(loud)
        for o in outcomes:
            kind = o["label"]
            if not o["found"]:
                counts[f"{kind}_unlocated"] += 1
                continue
            counts[kind] += 1
            if any(s in LOUD for s in o["severities"]):
                counts[f"{kind}_loud"] += 1
            elif o["label"] == "weak":
                missed.append(f"{path}: [{o['class']}] {o['quote'][:90]}")
            if o["severities"]:
                counts[f"{kind}_any"] += 1
    return {
        "documents": len(results),
        "counts": dict(counts),
        "loud_median": statistics.median(loud_per_doc) if loud_per_doc else 0,
        "loud_max": max(loud_per_doc, default=0),
        "missed": missed,
    }


def format_report(r: dict[str, Any]) -> str:
    c = r["counts"]
    weak, fine = c.get("weak", 0), c.get("fine", 0)
    lines = [
        f"documents: {r['documents']}",
        f"weak sentences flagged at warning or error: {c.get('weak_loud', 0)} of {weak}"
        f" ({c.get('weak_loud', 0) / weak if weak else 0:.2f}; target >= 0.85)",
        f"weak sentences flagged at any severity: {c.get('weak_any', 0)} of {weak}",
        f"fine sentences flagged at warning or error: {c.get('fine_loud', 0)} of {fine}"
        f" ({c.get('fine_loud', 0) / fine if fine else 0:.2f}; target <= 0.12)",
        f"labelled quotes not found in the read text: weak {c.get('weak_unlocated', 0)},"
        f" fine {c.get('fine_unlocated', 0)}",
        f"warning-or-error V/O/D findings per document: median {r['loud_median']},"
        f" max {r['loud_max']}",
        "weak sentences not flagged at warning or error:",
        *(f"  {m}" for m in r["missed"]),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--labels", type=Path, default=LABELS, help="labelled quotes (JSONL)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder the files are in")
    args = parser.parse_args(argv)
    print(format_report(run(args.jobs, args.labels, args.corpus)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
