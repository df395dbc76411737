"""Run the rule-data lint on a folder of category rules and turn the result into Findings.

One ``FileResult`` per rule file (and one for the baseline), so the shared report
writers and exit policy serve ``contractsmith rules lint`` as they serve ``lint``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from contractsmith.analyse.categories import RuleError, load_rules_from
from contractsmith.findings import Finding, Location, Severity
from contractsmith.report.findings_writers import FileResult
from contractsmith.rules.datalint.baseline import (
    BASELINE_NAME,
    Baseline,
    BaselineError,
    Comparison,
    Entry,
    compare,
    corpus_id,
    load_baseline,
    write_baseline,
)
from contractsmith.rules.datalint.codes import K_RULES
from contractsmith.rules.datalint.inventory import RuleFile, rule_files
from contractsmith.rules.datalint.measure import Limits, measure
from contractsmith.rules.datalint.usage import (
    DEFAULT_MIN_DOCUMENTS,
    Usage,
    carve_out_usage,
    corpus_files,
    rarely_used,
)
from contractsmith.rules.datalint.violations import Violation


@dataclass
class RulesLintOptions:
    """What to lint and against what: limits, an optional corpus, the baseline."""

    directory: Path
    limits: Limits = field(default_factory=Limits)
    corpus: Path | None = None
    min_documents: int = DEFAULT_MIN_DOCUMENTS
    baseline: Path | None = None  # None: <directory>/_lint_baseline.yaml
    use_baseline: bool = True
    update_baseline: bool = False
    jobs: int = 1

    @property
    def baseline_path(self) -> Path:
        return self.baseline or self.directory / BASELINE_NAME


@dataclass
class RulesLintResult:
    """Per-file results for the report, and the numbers behind them."""

    results: list[FileResult]
    violations: list[Violation]
    comparison: Comparison | None = None
    usage: Usage | None = None  # with a corpus: the documents each carve-out mattered in

    @property
    def documents(self) -> int:
        return self.usage.documents if self.usage else 0

    @property
    def corpus_errors(self) -> dict[str, str]:
        return self.usage.errors if self.usage else {}


def _finding(code: str, file: str, message: str) -> Finding:
    """A finding of ``code`` (severity, hint and why from its registry entry)."""
    meta = K_RULES[code]
    return Finding(
        rule=code,
        severity=Severity.parse(meta.severity),
        message=message,
        location=Location(file=file),
        suggestion=meta.help,
        why=meta.why,
    )


def _violation_findings(
    comparison: Comparison | None, violations: list[Violation]
) -> list[tuple[str, Finding]]:
    """(rule file, finding) for every violation to report: all of them without a
    baseline; new, worse and stale ones with one."""
    if comparison is None:
        return [(v.file, _finding(v.code, v.file, v.message)) for v in violations]
    out = [
        (v.file, _finding(v.code, v.file, f"{v.message} [not in baseline]")) for v in comparison.new
    ]
    for v, e in comparison.worse:
        out.append((v.file, _finding(v.code, v.file, f"{v.message} [baseline: {e.value}]")))
    for e, v in comparison.stale:
        state = "fixed" if v is None else f"improved to {v.value}"
        out.append(
            (
                e.file,
                _finding(
                    "K004",
                    e.file,
                    f"baseline entry {e.code} {e.where} (value {e.value}) is {state}: "
                    "update the baseline",
                ),
            )
        )
    return out


def _measure(
    options: RulesLintOptions, files: list[RuleFile]
) -> tuple[list[Violation], Usage | None]:
    if options.corpus is None:
        return measure(files, options.limits), None
    documents = corpus_files(options.corpus)
    usage = carve_out_usage(options.directory, files, documents, options.jobs)
    return rarely_used(files, usage, options.min_documents), usage


def lint_rules(options: RulesLintOptions) -> RulesLintResult:
    """Measure the rules in ``options.directory``: K001/K002 without a corpus, K003 with
    one; compare with (or write) the baseline."""
    directory = options.directory
    names = sorted(p.name for p in directory.glob("*.yaml") if not p.name.startswith("_"))
    by_file: dict[str, FileResult] = {n: FileResult(str(directory / n)) for n in names}
    base_path = options.baseline_path
    base_result = FileResult(str(base_path))
    try:
        load_rules_from(directory)  # schema and expressions: the loader's own checks
        files = rule_files(directory)
    except RuleError as exc:
        return RulesLintResult([_unreadable(str(directory), str(exc))], [])
    violations, usage = _measure(options, files)
    documents = usage.documents if usage else 0
    comparison = None
    cid = corpus_id(options.corpus) if options.corpus else None
    if options.use_baseline:
        try:
            baseline = load_baseline(base_path)
        except BaselineError as exc:
            return RulesLintResult([_unreadable(str(base_path), str(exc))], violations)
        if options.update_baseline:
            baseline = write_baseline(base_path, violations, baseline, cid, documents)
        comparison = compare(violations, _accepted(baseline, cid))
    for file, finding in _violation_findings(comparison, violations):
        by_file.setdefault(file, FileResult(str(directory / file))).findings.append(finding)
    for path, error in (usage.errors if usage else {}).items():
        by_file[path] = FileResult(path, error=error)
    results = list(by_file.values())
    if options.use_baseline:
        results.append(base_result)
    return RulesLintResult(results, violations, comparison, usage)


def _accepted(baseline: Baseline, cid: str | None) -> list[Entry]:
    return baseline.corpora.get(cid, []) if cid else baseline.entries


def _unreadable(path: str, message: str) -> FileResult:
    result = FileResult(path)
    result.findings.append(_finding("K005", path, message))
    return result
