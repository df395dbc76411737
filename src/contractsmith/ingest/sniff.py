"""Say what a file really is from its first bytes (and, for ZIPs, its member names)."""

from __future__ import annotations

from dataclasses import dataclass

# Formats read_document can read.
READABLE = frozenset({"docx", "pdf", "txt", "md"})

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "ole",
        "an OLE2 compound file (a legacy .doc/.xls, or a password-protected .docx)",
    ),
    (b"{\\rtf", "rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"GIF87a", "gif", "a GIF image"),
    (b"GIF89a", "gif", "a GIF image"),
    (b"II*\x00", "tiff", "a TIFF image"),
    (b"MM\x00*", "tiff", "a TIFF image"),
    (b"\x1f\x8b", "gzip", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "rar", "a RAR archive"),
    (b"\x7fELF", "elf", "an executable program"),
    (b"MZ", "exe", "a Windows executable"),
    (b"%!PS", "ps", "a PostScript file"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_TEXT_EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Kind:
    """What a file is: a short format name and a phrase for messages ("a PDF document")."""

    name: str
    description: str


def sniff_bytes(head: bytes) -> Kind | None:
    """Identify a file from its first bytes; None when nothing matches (maybe text)."""
    if b"%PDF-" in head[:1024]:
        return Kind("pdf", "a PDF document")
    if head.startswith(_ZIP_MAGIC):
        return Kind("zip", "a ZIP archive")
    for magic, name, description in _MAGIC:
        if head.startswith(magic):
            return Kind(name, description)
    stripped = head.lstrip()
    if stripped[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        return Kind("xml", "an HTML/XML file")
    return None


def zip_kind(names: list[str]) -> Kind:
    """What an Office/OpenDocument ZIP holds, from its member names."""
    members = set(names)
    if "word/document.xml" in members or any(
        n.startswith("word/") and n.endswith(".xml") and "document" in n for n in names
    ):
        return Kind("docx", "a Word document")
    if any(n.startswith("xl/") for n in names):
        return Kind("xlsx", "an Excel workbook (.xlsx)")
    if any(n.startswith("ppt/") for n in names):
        return Kind("pptx", "a PowerPoint presentation (.pptx)")
    if "content.xml" in members and "mimetype" in members:
        return Kind("odf", "an OpenDocument file (.odt/.ods)")
    if any(n.startswith("word/") for n in names):
        return Kind("docx-damaged", "a damaged Word document")
    if "[Content_Types].xml" in members:
        return Kind("ooxml", "an Office Open XML package that is not a Word document")
    return Kind("zip", "a ZIP archive")


def text_format(extension: str) -> str:
    """'md' for Markdown extensions, else 'txt'."""
    return _TEXT_EXTENSIONS.get(extension.lower(), "txt")


def is_zip_file(head: bytes) -> bool:
    """True when ``head`` starts like a ZIP archive."""
    return head.startswith(_ZIP_MAGIC)
