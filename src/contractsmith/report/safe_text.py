"""Text made safe to show: control, bidi-override and XML-invalid characters as escapes.

Contracts and file names are hostile input. A PDF can map glyphs to ESC or BEL, and a
file name may hold any character but ``/``. Written raw to a terminal, ``ESC ] 0 ; … BEL``
sets the window title and other sequences move the cursor or rewrite earlier lines; bidi
overrides make a line read differently from what it says; and XML (JUnit) cannot hold
most C0 characters at all. Every writer of terminal, XML or HTML text passes the values
it did not write itself through ``printable``; JSON and SARIF rely on the JSON encoder.
"""

from __future__ import annotations

# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
BIDI_CONTROLS = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})
# The Unicode line and paragraph separators: some terminals and editors break lines there.
LINE_SEPARATORS = frozenset({0x2028, 0x2029})

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def is_unsafe(code_point: int) -> bool:
    """True for C0/DEL/C1 controls, bidi controls, line and paragraph separators, lone
    surrogates and U+FFFE/U+FFFF."""
    return (
        code_point < 0x20
        or 0x7F <= code_point <= 0x9F
        or code_point in BIDI_CONTROLS
        or code_point in LINE_SEPARATORS
        or 0xD800 <= code_point <= 0xDFFF
        or code_point in (0xFFFE, 0xFFFF)
    )


def _escape(code_point: int) -> str:
    if code_point in _NAMED:
        return _NAMED[code_point]
    if code_point <= 0xFF:
        return f"\\x{code_point:02x}"
    return f"\\u{code_point:04x}"


_UNSAFE = [cp for cp in range(0x10000) if is_unsafe(cp)]
_ONE_LINE = {cp: _escape(cp) for cp in _UNSAFE}
_MULTI_LINE = {**_ONE_LINE, 0x0A: "\n", 0x09: " "}


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every unsafe character shown as a Python-style escape (``\\x1b``).

    One line by default: a newline becomes ``\\n`` so a value cannot forge a line of
    the report. With ``keep_newlines`` (multi-line text such as a document body) the
    newline stays and a tab becomes a space. Safe text passes through unchanged.
    """
    return text.translate(_MULTI_LINE if keep_newlines else _ONE_LINE)


def say(message: str, *, err: bool = False) -> None:
    """Echo a one-line message (which may quote file names or errors) to the terminal."""
    import click  # here, so the library side of this module needs nothing but the stdlib

    click.echo(printable(message), err=err)
