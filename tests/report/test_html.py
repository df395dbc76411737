"""The HTML report: one self-contained, escaped page, checked in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from contractsmith.findings import Finding, Location, Severity
from contractsmith.report.html import highlight, render_html
from tests.report.helpers import sample_report


@pytest.fixture
def page(contracts: Path, tmp_path: Path) -> Path:
    hostile = contracts / "hostile.txt"
    hostile.write_text(
        "AGREEMENT <script>alert('x')</script>\n\n"
        'Brand will pay the fee promptly & in full to "Creator".\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    out.write_text(render_html(sample_report([contracts])), encoding="utf-8")
    return out


def test_page_is_self_contained_and_escaped(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert "<link" not in html
    assert html.count('<section class="card" id="doc-') == 4
    assert '<table class="portfolio">' in html


def test_findings_are_highlighted_with_their_message(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="sev-(\w+)" title="([^"]*)">([^<]*)</mark>', html)
    assert ("error", "V901: Vague time: &#x27;promptly&#x27;", "promptly") in marks
    assert any(text == "FTC guidelines" for _, _, text in marks)
    assert 'href="#doc-' in html


def test_overlapping_findings_split_into_segments() -> None:
    text = "pay promptly upon completion"
    a = Finding("V1", Severity.WARNING, "first", Location(start=4, end=12))
    b = Finding("V2", Severity.ERROR, "second", Location(start=8, end=20))
    out = highlight(text, [a, b], "d")
    assert out == (
        'pay <span id="d-f1"></span><mark class="sev-warning" title="V1: first">prom</mark>'
        '<span id="d-f2"></span><mark class="sev-error" title="V1: first | V2: second">ptly</mark>'
        '<mark class="sev-error" title="V2: second"> upon co</mark>mpletion'
    )


def _chromium() -> str | None:
    return next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )


def _chromium_args(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


@pytest.mark.chromium
def test_page_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    browser = _chromium()
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            browser,
            *_chromium_args(tmp_path / "profile"),
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank page is a few kilobytes
    dom = subprocess.run(
        [browser, *_chromium_args(tmp_path / "profile2"), "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    assert re.search(r'<mark class="sev-error" title="V901: [^"]*">promptly</mark>', dom)
    assert "Portfolio" in dom and "hostile.txt" in dom
