"""Precision of the loud wording findings on the team's influencer agreements.

Warning-or-error V/O/D findings were sampled at random from the influencer corpus and
judged blind (right or wrong, with a reason) by a reviewer who had not seen the rules:

* ``influencer_precision_sample.json`` / ``influencer_precision_judgements.csv``:
  the first sample (60 findings of rules 1.9.0 before the wording fixes it led to; drawn
  from every split, lockboxes included). The rules were then changed while reading its
  judgements, so its figure for the current rules is **in-sample**.
* ``influencer_precision_sample2.json`` / ``influencer_precision_judgements2.csv``: a
  second sample of 60 findings from the development documents, drawn after those fixes
  from findings not in the first sample and judged before any change: its as-drawn
  figure is **held out**; the rules were then changed again while reading its
  judgements, so its figure for the current rules is in-sample too.
* ``influencer_precision_sample3.json`` / ``influencer_precision_judgements3.csv``: a
  third sample of 60 further findings of the rules after both rounds of fixes, judged
  before any change: its as-drawn figure is **held out** (one more change, D006 met by an
  approval clause, followed it).
* ``influencer_precision_sample4.json`` / ``influencer_precision_judgements4.csv``: every
  loud finding on the development documents that was in none of the first three samples
  (46), for the rules after a last small change, judged before any further change:
  **held out**.
* ``influencer_precision_sample5.json`` / ``influencer_precision_judgements5.csv``: every
  loud finding (21) of rules 1.10.0 on batch w17, twelve documents written after those
  rules and before any change made while reading them, judged blind: **held out**. The
  wording rules were then changed on w17's labelled sentences, so the current-rules
  figure for it is in-sample.

For each sample this prints the share judged right among the findings as drawn, and
among those the current rules still report (a finding is still reported when the same
rule flags the same words in the same document).

    python -m benchmarks.influencer_precision
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpora" / "influencer"
SAMPLES = (
    ("first sample", "", ""),
    ("second sample (as drawn: held out)", "2", "2"),
    ("third sample (as drawn: held out)", "3", "3"),
    ("fourth: every remaining finding (as drawn: held out)", "4", "4"),
    ("fifth: every finding on batch w17, unseen when drawn (as drawn: held out)", "5", "5"),
)


def _current(file: str, cache: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """(rule, flagged words) of every warning-or-error wording finding the current rules
    report in ``file``."""
    if file not in cache:
        from contractsmith.analyse.pipeline import analyse
        from contractsmith.analyse.playbook import load_playbook
        from contractsmith.ingest import read_document
        from contractsmith.rules.engine import check_wording

        doc = read_document(str(CORPUS / file))
        cache[file] = [
            (f.rule, doc.text[f.location.start : f.location.end])
            for f in check_wording(analyse(doc), policy=load_playbook().wording)
            if f.severity.value in ("warning", "error") and f.rule[0] in "VOD"
        ]
    return cache[file]


def main() -> int:
    cache: dict[str, list[tuple[str, str]]] = {}
    for name, s_suffix, j_suffix in SAMPLES:
        sample_path = HERE / f"influencer_precision_sample{s_suffix}.json"
        judged_path = HERE / f"influencer_precision_judgements{j_suffix}.csv"
        if not sample_path.is_file() or not judged_path.is_file():
            print(f"{name}: not found")
            continue
        sample = json.loads(sample_path.read_text(encoding="utf-8"))
        with judged_path.open(newline="", encoding="utf-8") as fh:
            verdict = {int(r["id"]): r["verdict"].strip() for r in csv.DictReader(fh)}
        drawn = [verdict[it["id"]] == "right" for it in sample]
        kept = [
            verdict[it["id"]] == "right"
            for it in sample
            if (it["rule"], it["flagged_text"]) in _current(it["file"], cache)
        ]
        print(
            f"{name}: as drawn {sum(drawn)}/{len(drawn)} right ({sum(drawn) / len(drawn):.2f}); "
            f"still reported by the current rules (in-sample) {len(kept)}, right {sum(kept)}"
            + (f" ({sum(kept) / len(kept):.2f})" if kept else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
