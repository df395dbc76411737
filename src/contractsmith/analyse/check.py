"""The checker's orchestrator: files in, one ``Report`` out.

``check(paths)`` expands directories and globs into contract files, reads each one
(``ingest.read_document``), analyses it (``analyse.pipeline.analyse``), runs the wording
rules (V/O/D, ``rules.engine.check_wording``) and the playbook (C family), adds the
reader's notes (I family: text read as Windows-1252, text truncated), and gathers
one ``DocumentReport`` per file. A file that cannot be read becomes an error row; the
batch goes on. With ``jobs > 1`` files are checked in worker processes and the results
come back in input order, so the report is the same whatever ``jobs`` is.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from contractsmith.analyse.model import CATEGORIES, AnalysedDocument
from contractsmith.analyse.playbook import Playbook, check_playbook, load_playbook
from contractsmith.analyse.workers import WORKER_DIED, run_in_workers
from contractsmith.baseline import Baseline
from contractsmith.env import env_number
from contractsmith.findings import Finding, Severity, fails, sort_findings
from contractsmith.ingest.codes import reading_notes
from contractsmith.ingest.limits import file_timeout, time_limit
from contractsmith.ingest.model import IngestError
from contractsmith.selection import code_selected

EXTENSIONS = (".docx", ".pdf", ".txt", ".md", ".markdown")
DEFAULT_MAX_FILES = 100_000

ProgressCallback = Callable[[int, int, str], None]


class CheckUsageError(Exception):
    """A problem with what was asked (no such path, bad code); the message is one line."""


@dataclass(frozen=True)
class Evidence:
    """A sentence that shows a clause is present, with where it is."""

    text: str
    start: int
    end: int
    page: int | None = None
    paragraph: int | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "location": {
                "page": self.page,
                "paragraph": self.paragraph,
                "start": self.start,
                "end": self.end,
            },
        }


@dataclass(frozen=True)
class ClauseResult:
    """Whether one category is present in a document, with its evidence."""

    category: str
    present: bool
    evidence: tuple[Evidence, ...] = ()


@dataclass
class DocumentReport:
    """The result of checking one file: clauses, findings, or the error that stopped it.

    ``text`` is the document's normalised text (the one finding offsets point into); it
    is kept for the HTML report and SARIF line numbers and is not part of the JSON report.
    """

    path: str
    error: str | None = None
    format: str | None = None
    clauses: list[ClauseResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    suppressed: int = 0

    @property
    def missing(self) -> list[str]:
        """Categories the playbook required and the document lacks (from C findings)."""
        return [f.category for f in self.findings if f.rule.startswith("C") and f.category]


@dataclass
class Report:
    """Everything ``check`` found in a run, in input order."""

    documents: list[DocumentReport]
    playbook: Playbook
    select: list[str] | None = None
    ignore: list[str] | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    @property
    def unreadable(self) -> int:
        return sum(1 for d in self.documents if d.error)

    @property
    def suppressed(self) -> int:
        return sum(d.suppressed for d in self.documents)

    def to_dict(self) -> dict:
        """The report as plain data, in the shape of ``schemas/report.schema.json``."""
        from contractsmith.report.check_json import report_dict

        return report_dict(self)

    def exit_code(self, fail_on: str = "error") -> int:
        """1 when a file could not be read or a finding reaches ``fail_on``, else 0."""
        if self.unreadable:
            return 1
        if fail_on == "never":
            return 0
        return 1 if fails(self.findings, Severity.parse(fail_on)) else 0


# --- finding the files -----------------------------------------------------------------


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def max_files() -> int:
    """Most files one run may expand its arguments to (``CONTRACTSMITH_MAX_FILES``)."""
    return int(env_number("CONTRACTSMITH_MAX_FILES", DEFAULT_MAX_FILES, low=1, high=1e9))


def _scan(root: str, *, follow_links: bool, max_depth: int | None) -> Iterator[tuple[str, bool]]:
    """Every ``(path, is_dir)`` under ``root``, sorted per folder, each real folder once.

    Folders are remembered by device and inode, so a symlink loop (or a second link to
    a folder already seen) is not entered again: the walk is bounded by the real tree.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            st = os.stat(folder or ".")
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder or ".") as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        below: list[tuple[str, int]] = []
        for entry in entries:
            path = os.path.join(folder, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=follow_links)
            except OSError:
                continue
            yield path, is_dir
            if is_dir and (max_depth is None or depth + 1 < max_depth):
                below.append((path, depth + 1))
        stack.extend(reversed(below))


class _FileBudget:
    """Counts the files found so far and stops the run past ``max_files()``."""

    def __init__(self) -> None:
        self.left = max_files()

    def take(self, arg: str) -> None:
        self.left -= 1
        if self.left < 0:
            raise CheckUsageError(
                f"{arg}: more than {max_files()} files; name fewer files or folders"
                " (or set CONTRACTSMITH_MAX_FILES)"
            )


def _contract_file(path: str) -> bool:
    name = os.path.basename(path)
    return os.path.splitext(name)[1].lower() in EXTENSIONS and not name.startswith((".", "~$"))


def _walk(folder: Path, budget: _FileBudget | None = None, arg: str | None = None) -> list[str]:
    """Contract files under ``folder`` (symlinked folders are not followed), sorted."""
    budget = budget or _FileBudget()
    found: list[str] = []
    for path, is_dir in _scan(str(folder), follow_links=False, max_depth=None):
        if not is_dir and _contract_file(path) and os.path.isfile(path):
            budget.take(arg or str(folder))
            found.append(path)
    return sorted(found)


def _glob_root(pattern: str) -> tuple[str, list[str]]:
    """Split a glob into the folder before its first wildcard and the segments after."""
    parts = pattern.split(os.sep)
    fixed: list[str] = []
    while parts and not _is_glob(parts[0]):
        fixed.append(parts.pop(0))
    root = os.sep.join(fixed) if fixed != [""] else os.sep
    return root, parts


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _glob_match(segments: list[str], parts: list[str]) -> bool:
    """Whether path ``parts`` match glob ``segments`` (``**`` is zero or more folders)."""
    if not segments:
        return not parts
    head, rest = segments[0], segments[1:]
    if head == "**":
        for i in range(len(parts) + 1):
            if i and _hidden(parts[i - 1]):
                return False
            if _glob_match(rest, parts[i:]):
                return True
        return False
    if not parts or (_hidden(parts[0]) and not head.startswith(".")):
        return False
    return fnmatch.fnmatchcase(parts[0], head) and _glob_match(rest, parts[1:])


def _expand_glob(text: str, budget: _FileBudget) -> list[str]:
    """The contract files a glob names, like ``glob.glob(recursive=True)`` but loop-safe."""
    root, segments = _glob_root(text)
    if not segments or not os.path.isdir(root or "."):
        return []
    depth = None if "**" in segments else len(segments)
    # After a trailing ** the scan itself reaches every file below a matched folder.
    walk_dirs = segments[-1] != "**"
    items: list[str] = []
    for path, is_dir in _scan(root, follow_links=True, max_depth=depth):
        rel = os.path.relpath(path, root or ".").split(os.sep)
        if not _glob_match(segments, rel):
            continue
        if is_dir:
            if walk_dirs:
                items.extend(_walk(Path(path), budget, text))
        elif os.path.splitext(path)[1].lower() in EXTENSIONS:
            budget.take(text)
            items.append(path)
    return items


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Turn files, directories (recursive) and globs into a sorted-per-argument file list.

    Directories and globs contribute only .docx/.pdf/.txt/.md files; a file named
    explicitly is kept whatever its extension (reading it will say what is wrong).
    Raises ``CheckUsageError`` for a path that does not exist, a glob matching nothing,
    or more files than ``max_files()``. Symlink loops are walked once.
    """
    out: list[str] = []
    seen: set[str] = set()
    budget = _FileBudget()
    for raw in paths:
        text = os.fspath(raw)
        path = Path(text)
        if path.is_dir():
            items = _walk(path, budget)
        elif path.exists():
            budget.take(text)
            items = [text]
        elif _is_glob(text):
            items = _expand_glob(text, budget)
            if not items:
                raise CheckUsageError(f"{text}: no contract files match")
        else:
            raise CheckUsageError(f"{text}: no such file or directory")
        for item in items:
            # The real path: a file reached through two symlinked folders is one input.
            key = os.path.normcase(os.path.realpath(item))
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


# --- checking one document ------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    """The three collaborators of a check, as "module:function" references.

    Kept as strings so that worker processes import them themselves; tests swap in
    their own functions the same way.
    """

    reader: str = "contractsmith.ingest:read_document"
    analyser: str = "contractsmith.analyse.pipeline:analyse"
    # called as wording(adoc, select=..., ignore=..., policy=playbook.wording)
    wording: str = "contractsmith.rules.engine:check_wording"

    def load(self, which: str) -> Callable:
        module, attr = getattr(self, which).split(":")
        return getattr(importlib.import_module(module), attr)


DEFAULT_ENGINE = Engine()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if isinstance(exc, IngestError):
        return first or "cannot read this file"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _clause_results(adoc: AnalysedDocument) -> list[ClauseResult]:
    blocks = adoc.document.blocks
    results: list[ClauseResult] = []
    for cat in CATEGORIES:
        presence = adoc.clauses.get(cat)
        if presence is None:
            results.append(ClauseResult(cat, False))
            continue
        evidence = tuple(
            Evidence(
                text=s.text,
                start=s.start,
                end=s.end,
                page=s.page,
                paragraph=blocks[s.block].paragraph if 0 <= s.block < len(blocks) else None,
            )
            for s in sorted(presence.evidence, key=lambda s: (s.start, s.end))
        )
        results.append(ClauseResult(cat, bool(presence.present), evidence))
    return results


def _place(finding: Finding, path: str) -> Finding:
    """The finding with its location's file set to ``path``."""
    if finding.location.file == path:
        return finding
    return replace(finding, location=replace(finding.location, file=path))


def _with_source_lines(findings: list[Finding], document: object) -> list[Finding]:
    """TXT/MD findings with the file's own line and column, for editors and CI.

    The reader is pluggable, so only a document that kept its source text is mapped.
    """
    if not getattr(document, "source", None):
        return findings
    from contractsmith.ingest.source_map import with_file_lines

    return with_file_lines(findings, document)  # type: ignore[arg-type]


def _order_key(f: Finding) -> tuple:
    loc = f.location
    positioned = loc.start is not None and loc.start >= 0
    return (
        1 if positioned else 0,  # document-level findings (missing clauses) first
        loc.start if positioned else -1,
        loc.end if loc.end is not None else -1,
        f.rule,
        f.message,
        f.text or "",
    )


def check_document(
    path: str,
    *,
    playbook: Playbook | str = "influencer",
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    engine: Engine | None = None,
) -> DocumentReport:
    """Check one contract file; never raises for a bad file (the error goes in the report).

    Reading and analysis together are bounded by ``CONTRACTSMITH_FILE_TIMEOUT`` (60 s):
    a file that takes longer becomes an error row. The bound is a timer in a process's
    main thread (the CLI, or each worker of a batch); called from another thread, only
    the reading is bounded.
    """
    engine = engine or DEFAULT_ENGINE
    book = playbook if isinstance(playbook, Playbook) else load_playbook(playbook)
    seconds = file_timeout()
    try:
        with time_limit(seconds, doing="check", hint="(set CONTRACTSMITH_FILE_TIMEOUT)"):
            document = engine.load("reader")(path)
            adoc = engine.load("analyser")(document)
            wording = engine.load("wording")(
                adoc,
                select=list(select) if select is not None else None,
                ignore=list(ignore or ()),
                policy=book.wording,
            )
            findings = list(wording) + check_playbook(adoc, book) + reading_notes(document)
    except Exception as exc:  # a batch goes on past any bad file
        return DocumentReport(path=path, error=_one_line(exc))
    kept = [_place(f, path) for f in findings if code_selected(f.rule, select, ignore)]
    return DocumentReport(
        path=path,
        format=getattr(document, "format", None),
        clauses=_clause_results(adoc),
        findings=_with_source_lines(sorted(kept, key=_order_key), document),
        text=document.text,
    )


# --- the batch ------------------------------------------------------------------------


def _worker_init(engine: Engine) -> None:
    """Load the analysis pipeline (and spaCy) once per worker process."""
    for module_name in (engine.analyser.split(":")[0], "contractsmith.analyse.nlp"):
        try:
            module = importlib.import_module(module_name)
        except Exception:  # reported per file later, with the file's name
            continue
        loader = getattr(module, "get_nlp", None)
        if callable(loader):
            try:
                loader()
            except Exception:
                pass
            return


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _check_task(args: tuple) -> DocumentReport:
    path, playbook, select, ignore, engine = args
    return check_document(path, playbook=playbook, select=select, ignore=ignore, engine=engine)


def check(
    paths: Sequence[str | os.PathLike[str]] | str,
    *,
    playbook: Playbook | str = "influencer",
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    baseline: Baseline | None = None,
    engine: Engine | None = None,
    expand: bool = True,
) -> Report:
    """Check every contract under ``paths`` and return the ``Report``.

    ``select``/``ignore`` take rule codes or prefixes (``V``, ``V0``, ``D002``).
    ``progress(done, total, path)`` is called after each file. ``baseline`` drops
    findings accepted earlier and counts them in ``DocumentReport.suppressed``.
    Raises ``CheckUsageError`` for a path that does not exist, ``PlaybookError`` for an
    unknown playbook. With ``expand=False`` the paths are files already found by
    ``expand_paths`` and are taken as they are: one that has gone since is an error row.
    """
    engine = engine or DEFAULT_ENGINE
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = expand_paths(paths) if expand else [os.fspath(p) for p in paths]
    book = playbook if isinstance(playbook, Playbook) else load_playbook(playbook)
    sel = list(select) if select is not None else None
    ign = list(ignore) if ignore is not None else None
    tasks = [(f, book, sel, ign, engine) for f in files]
    results: list[DocumentReport | None] = [None] * len(tasks)
    jobs = max(1, min(int(jobs or 1), len(tasks) or 1))
    if jobs == 1:
        for i, task in enumerate(tasks):
            results[i] = _check_task(task)
            if progress:
                progress(i + 1, len(tasks), task[0])
    else:
        # Largest files first, so that no worker is left with a big one at the end.
        order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
        finished = 0

        def done(i: int) -> None:
            nonlocal finished
            finished += 1
            if progress:
                progress(finished, len(tasks), tasks[i][0])

        results = run_in_workers(
            _check_task,
            tasks,
            order,
            jobs=jobs,
            on_error=lambda i, exc: DocumentReport(path=tasks[i][0], error=_one_line(exc)),
            on_death=lambda i: DocumentReport(path=tasks[i][0], error=WORKER_DIED),
            done=done,
            initializer=_worker_init,
            initargs=(engine,),
        )
    documents = [r for r in results if r is not None]
    if baseline is not None:
        for doc in documents:
            if doc.error is None:
                doc.findings, doc.suppressed = baseline.filter(doc.path, doc.findings)
    return Report(documents=documents, playbook=book, select=sel, ignore=ign)


def document_findings(report: Report) -> list[tuple[str, list[Finding]]]:
    """``(path, findings)`` for every readable document (for baselines)."""
    return [(d.path, sort_findings(d.findings)) for d in report.documents if d.error is None]
