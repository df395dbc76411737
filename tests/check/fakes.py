"""Stand-ins for the wording rules, so orchestration tests do not depend on rule data.

``fake_wording`` flags every "promptly" (V-style) and every "FTC guidelines"
(D-style), with real offsets into the document's text; ``broken_reader`` fails like a
damaged file.
"""

from __future__ import annotations

import re

from contractsmith.analyse.model import AnalysedDocument
from contractsmith.findings import Finding, Location, Severity
from contractsmith.ingest.model import IngestError

_PATTERNS = (
    ("V901", re.compile(r"\bpromptly\b", re.I), Severity.ERROR, "Vague time: 'promptly'"),
    ("D901", re.compile(r"\bFTC guidelines\b", re.I), Severity.WARNING, "Generic FTC reference"),
)


def fake_wording(adoc: AnalysedDocument, *, select=None, ignore=None, policy=None) -> list[Finding]:
    """Findings for each pattern hit, located like the real rules locate theirs."""
    doc = adoc.document
    out: list[Finding] = []
    for code, pattern, severity, message in _PATTERNS:
        for m in pattern.finditer(doc.text):
            block = doc.block_at(m.start())
            out.append(
                Finding(
                    rule=code,
                    severity=severity,
                    message=message,
                    location=Location(
                        file=doc.path,
                        page=block.page if block else None,
                        paragraph=block.paragraph if block else None,
                        start=m.start(),
                        end=m.end(),
                    ),
                    text=block.text if block else m.group(0),
                    suggestion="Say exactly what and when.",
                    category=None,
                )
            )
    return out


def no_wording(adoc: AnalysedDocument, *, select=None, ignore=None, policy=None) -> list[Finding]:
    return []


def broken_reader(path: str):
    raise IngestError("damaged file (test)")


def exploding_analyser(document):
    raise RuntimeError("analyser bug\nsecond line")


def killing_analyser(document):
    """Kills its own worker process (as the out-of-memory killer would) on a file whose
    name says "kill"; analyses every other file normally."""
    import os
    import signal

    from contractsmith.analyse.pipeline import analyse

    if "kill" in os.path.basename(document.path):
        os.kill(os.getpid(), signal.SIGKILL)
    return analyse(document)


def endless_analyser(document):
    """Never finishes: a busy loop in Python, as a pathological input could cause."""
    n = 0
    while True:
        n += 1
