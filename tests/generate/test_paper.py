"""Letter paper for US governing law, A4 elsewhere (issue 15, defect 13)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from contractsmith.generate.render import render

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@pytest.mark.parametrize(
    ("kind", "size"),
    [("sponsorship", ("12240", "15840")), ("ambassador", ("11906", "16838"))],
)
def test_page_size_follows_governing_law(tmp_path: Path, kind: str, size: tuple[str, str]) -> None:
    rendered = render(EXAMPLES / f"{kind}.yaml", tmp_path, as_of="2026-01-15")
    with zipfile.ZipFile(rendered.docx_path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    sizes = set(re.findall(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', xml))
    assert sizes == {size}
