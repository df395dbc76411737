"""Active content in a PDF copy: actions that run, open or send something by themselves.

The annotated copy of a checked contract is for reading, so before it is written every
piece of active content is taken out of the cloned document:

* the catalog's ``/OpenAction`` when it is an action (a plain destination is kept),
  the ``/JavaScript`` name tree and an XFA form (``/AcroForm /XFA``, which carries scripts);
* every ``/AA`` (additional actions: page open/close, field keystroke, ...);
* every action of a kind that runs code, starts a program, opens a URL or another file,
  or sends data (:data:`ACTIVE_ACTIONS`), wherever it is: link annotations, form
  fields, outline items, chained ``/Next`` actions. Such an action is emptied in place
  (an action without ``/S`` does nothing) and the ``/A`` or ``/OpenAction`` pointing
  at it is removed.

Embedded files (``/Names /EmbeddedFiles``) are kept: they are passive, nothing can open
them once the actions are gone, and contractsmith's own PDFs carry their spec and
manifest there.
"""

from __future__ import annotations

from collections import Counter

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMediaExecute",
    }
)
_MAX_CHAIN = 64  # /Next chains longer than this are cut (a loop or an attack)


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _clear(action: DictionaryObject) -> None:
    """Empty an action in place, blanking a JavaScript stream it points at."""
    script = action.get("/JS")
    if isinstance(script, IndirectObject):
        target = script.get_object()
        if isinstance(target, StreamObject):
            target.set_data(b"")
    for key in list(action.keys()):
        del action[key]


def _chain(action: DictionaryObject) -> list[DictionaryObject]:
    """``action`` and the actions its ``/Next`` entries chain to (each once)."""
    out: list[DictionaryObject] = []
    seen: set[int] = set()
    pending: list[object] = [action]
    while pending and len(out) < _MAX_CHAIN:
        item = _resolve(pending.pop(0))
        if not isinstance(item, DictionaryObject) or id(item) in seen:
            continue
        seen.add(id(item))
        out.append(item)
        nxt = item.get("/Next")
        chained = _resolve(nxt)
        if isinstance(chained, ArrayObject):
            pending.extend(chained)
        elif nxt is not None:
            pending.append(nxt)
    return out


class _Stripper:
    """Walks a document's objects and removes active content, counting what it removed."""

    def __init__(self) -> None:
        self.removed: Counter[str] = Counter()

    def neutralise(self, action: DictionaryObject) -> bool:
        """Empty the active actions of ``action``'s chain; True when there were any."""
        found = False
        for item in _chain(action):
            kind = item.get("/S")
            if isinstance(kind, NameObject) and str(kind) in ACTIVE_ACTIONS:
                self.removed[f"{str(kind)[1:]} action"] += 1
                _clear(item)
                found = True
        return found

    def visit(self, obj: DictionaryObject) -> None:
        kind = obj.get("/S")
        if isinstance(kind, NameObject) and str(kind) in ACTIVE_ACTIONS:
            self.neutralise(obj)
            return
        if "/AA" in obj:
            del obj["/AA"]
            self.removed["additional actions (/AA)"] += 1
        for key in ("/A", "/OpenAction"):
            value = _resolve(obj.get(key))
            if not isinstance(value, DictionaryObject):
                continue  # absent, or a destination array: passive
            if self.neutralise(value) or not value:
                del obj[key]
                if key == "/OpenAction":
                    self.removed["/OpenAction"] += 1

    def walk(self, obj: PdfObject | None) -> None:
        """Visit ``obj`` and the dictionaries nested in it directly (not via references)."""
        stack: list[object] = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, DictionaryObject):
                self.visit(item)
                stack.extend(v for v in item.values() if not isinstance(v, IndirectObject))
            elif isinstance(item, ArrayObject):
                stack.extend(v for v in item if not isinstance(v, IndirectObject))

    def catalog(self, root: DictionaryObject) -> None:
        names = _resolve(root.get("/Names"))
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            del names["/JavaScript"]
            self.removed["JavaScript name tree"] += 1
        form = _resolve(root.get("/AcroForm"))
        if isinstance(form, DictionaryObject) and "/XFA" in form:
            del form["/XFA"]
            self.removed["XFA form"] += 1


def strip_pdf_active(writer: PdfWriter) -> list[str]:
    """Remove active content from ``writer``'s document; describe what went, in order."""
    stripper = _Stripper()
    stripper.catalog(writer._root_object)
    for obj in list(writer._objects):  # every object of the cloned document
        if obj is not None:
            stripper.walk(obj)
    return [f"{n} x {label}" if n > 1 else label for label, n in stripper.removed.items()]
