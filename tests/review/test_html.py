"""--format html: a self-contained page with KPI and timeline charts, everything escaped."""

import re
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.review.html_report import to_html

from .helpers import ROOT, SPONSORSHIP, run

HOSTILE = "<script>alert(1)</script>"
LOG = f"""\
posts:
  - {{ deliverable: D1, url: 'https://x.example/a?"{HOSTILE}', caption: '#ad Glow',
      platform_tool: true, posted_at: '2026-03-10T09:00:00-07:00',
      metrics: [{{ metric: views, value: 90000, measured_at: 2026-04-09 }}] }}
  - {{ deliverable: D1, url: 'https://x.example/b', caption: '#ad Glow', platform_tool: true,
      posted_at: '2026-03-16T10:30:00-07:00',
      metrics: [{{ metric: views, value: 30000, measured_at: 2026-04-09 }}] }}
events:
  - {{ type: payment, instalment: 1, amount: '6000.00', date: 2026-03-05, note: '{HOSTILE}' }}
"""


def test_page_is_self_contained_escaped_and_draws_both_charts(tmp_path):
    page = to_html(run(tmp_path, LOG, "2026-04-10"))
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # fetches nothing
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        ET.fromstring(svg)  # well-formed
    kpi, timeline = svgs
    assert "80.0%" in kpi  # views on D1: 120,000 of 150,000
    assert timeline.count("<circle") == 2  # two posts drawn on their windows
    assert "<polygon" in timeline  # payment due dates
    assert to_html(run(tmp_path, LOG, "2026-04-10")) == page  # deterministic


def test_cli_html_and_portfolio_refuses_it(tmp_path):
    out = tmp_path / "review.html"
    log = ROOT / "examples" / "logs" / "sponsorship.yaml"
    args = ["review", str(SPONSORSHIP), "--log", str(log), "--format", "html", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    pair = ["review", "--pair", str(SPONSORSHIP), str(log), "--format", "html"]
    assert CliRunner().invoke(main, pair).exit_code == 2
