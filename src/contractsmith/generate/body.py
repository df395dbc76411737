"""Turn a rendered clause body into numbered paragraphs, list items and bold runs.

Rules (the clause-library conventions): paragraphs are separated by blank lines; a line
starting with ``- `` is a list item under the preceding paragraph; ``**Term**`` is bold
and marks where a defined term is defined.
"""

from __future__ import annotations

from dataclasses import dataclass

from contractsmith.generate.contract import Paragraph, Run
from contractsmith.generate.jinja_env import unescape_text


class BodyError(ValueError):
    """The rendered body breaks the conventions (e.g. an unclosed ``**``)."""


@dataclass
class _Block:
    text: str
    items: list[str]


def split_blocks(rendered: str) -> list[_Block]:
    """Paragraph blocks with their list items, in order."""
    blocks: list[_Block] = []
    current: _Block | None = None
    in_item = False
    for raw in rendered.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            in_item = False
            continue
        if line.startswith("- ") or line == "-":
            item = line[2:].strip()
            if current is None:
                # a list after a blank line still belongs to the paragraph above it
                current = blocks[-1] if blocks else _Block("", [])
                if not blocks:
                    blocks.append(current)
            current.items.append(item)
            in_item = True
            continue
        if current is None:
            current = _Block(line, [])
            blocks.append(current)
            in_item = False
        elif in_item:
            current.items[-1] = f"{current.items[-1]} {line}".strip()
        else:
            current.text = f"{current.text} {line}".strip()
    return blocks


def parse_runs(text: str) -> list[Run]:
    """Split ``text`` on ``**`` markers into plain and bold runs (unescaped)."""
    pieces = text.split("**")
    if len(pieces) % 2 == 0:
        raise BodyError(f"unbalanced '**' bold marker in: {unescape_text(text)[:80]!r}")
    runs: list[Run] = []
    for index, piece in enumerate(pieces):
        if piece:
            runs.append(Run(unescape_text(piece), bold=index % 2 == 1))
    return runs


def number_paragraphs(section_number: int, rendered: str) -> list[Paragraph]:
    """Numbered paragraphs ``N.k`` and lettered items ``(a)`` for one section's body."""
    paragraphs: list[Paragraph] = []
    sub = 0
    for block in split_blocks(rendered):
        if block.text:
            sub += 1
            number = f"{section_number}.{sub}"
            paragraphs.append(Paragraph(number, parse_runs(block.text), 1, number))
        parent = f"{section_number}.{sub}" if sub else str(section_number)
        for index, item in enumerate(block.items):
            number = f"({letter(index)})"
            paragraphs.append(Paragraph(number, parse_runs(item), 2, parent + number))
    return paragraphs


def letter(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, 27 -> bb (the drafting convention for long lists)."""
    return chr(ord("a") + index % 26) * (index // 26 + 1)
