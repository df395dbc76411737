"""`contractsmith review` end to end: exit codes, inputs it accepts or refuses, outputs."""

import json
import os

import docx
import pytest
from click.testing import CliRunner

from contractsmith.cli import main

from .helpers import ROOT, SPONSORSHIP, write

EXAMPLE_LOG = ROOT / "examples" / "logs" / "sponsorship.yaml"
GOOD_LOG = """\
events:
  - { type: signed, date: 2026-02-01 }
  - { type: payment, instalment: 1, amount: "6000.00", date: 2026-02-10 }
"""


def _run(*args: str):
    return CliRunner().invoke(main, ["review", *map(str, args)])


def test_all_met_exits_0(tmp_path):
    result = _run(SPONSORSHIP, "--log", write(tmp_path, GOOD_LOG))
    assert result.exit_code == 0, result.output
    assert "Result: all obligations met so far" in result.output


def test_something_late_or_missed_exits_1_and_writes_every_output(tmp_path):
    letter, ics, csv = tmp_path / "l.docx", tmp_path / "c.ics", tmp_path / "c.csv"
    result = _run(
        SPONSORSHIP,
        "--log",
        EXAMPLE_LOG,
        "--letter",
        letter,
        "--calendar",
        ics,
        "--calendar",
        csv,
        "--format",
        "json",
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-04-10"  # the log's latest date, not today
    statuses = {o["key"]: o["status"] for o in data["obligations"]}
    assert statuses["posting:D1 #2"] == "late" and statuses["posting:D2"] == "missed"
    assert statuses["disclosure:D3"] == "missed" and statuses["payment:1"] == "late"
    assert statuses["usage:whitelisting_creator_handle"] == "missed"
    assert statuses["kpi:views:D1"] == "at_risk"
    assert any(p.text == "Deliverables not met" for p in docx.Document(str(letter)).paragraphs)
    assert ics.read_text("utf-8").startswith("BEGIN:VCALENDAR")
    assert csv.read_text("utf-8").startswith("date,title,kind,party,clause")


def test_as_of_moves_every_status(tmp_path):
    result = _run(SPONSORSHIP, "--log", EXAMPLE_LOG, "--as-of", "2026-03-01", "--format", "json")
    statuses = {o["key"]: o["status"] for o in json.loads(result.stdout)["obligations"]}
    assert statuses["posting:D2"] == "not_yet_due"


def test_rendered_docx_is_reviewed_with_its_embedded_spec_and_section_numbers(tmp_path):
    from contractsmith.generate.render import render

    rendered = render(str(SPONSORSHIP), str(tmp_path), as_of="2026-01-15")
    result = _run(rendered.docx_path, "--log", EXAMPLE_LOG, "--format", "json")
    assert result.exit_code == 1, result.output
    refs = {o["key"]: o["clause"] for o in json.loads(result.stdout)["obligations"]}
    assert refs["posting:D2"] == {
        "clause_id": "deliverables.published",
        "section": 5,
        "reference": "Section 5",
    }
    assert refs["payment:1"]["clause_id"] == "compensation.fees"


@pytest.mark.parametrize(
    ("contract", "message"),
    [
        (
            ROOT / "examples" / "contracts" / "ambassador-agreement.docx",
            "not a contract contractsmith rendered",
        ),
        (ROOT / "examples" / "contracts" / "sponsorship-good.md", "neither a spec"),
        (ROOT / "examples" / "missing.yaml", "no such file"),
    ],
)
def test_contracts_it_cannot_review_are_one_line_usage_errors(contract, message):
    result = _run(contract, "--log", EXAMPLE_LOG)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_log_with_errors_reports_every_problem_and_exits_1(tmp_path):
    log = write(
        tmp_path, "posts:\n  - { deliverable: D9, url: u, posted_at: '2026-03-10 09:00' }\n"
    )
    result = _run(SPONSORSHIP, "--log", log)
    assert result.exit_code == 1
    assert "P006" in result.stdout and "P005" in result.stdout
    assert "nothing was reviewed" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "10/04/2026"],
        ["--letter", "letter.txt"],
        ["--calendar", "deadlines.txt"],
    ],
)
def test_bad_options_exit_2(tmp_path, args):
    assert _run(SPONSORSHIP, "--log", EXAMPLE_LOG, *args).exit_code == 2


def test_outputs_never_overwrite_an_input(tmp_path):
    log = write(tmp_path, GOOD_LOG)
    result = _run(
        SPONSORSHIP,
        "--log",
        log,
        "--calendar",
        tmp_path / "x.csv",
        "--calendar",
        log.with_suffix(".csv"),
    )
    assert result.exit_code == 0
    before = log.read_bytes()
    clash = _run(SPONSORSHIP, "--log", log, "-o", log)
    assert clash.exit_code == 2 and "refusing to overwrite" in clash.stderr
    assert log.read_bytes() == before


def test_unparseable_log_is_a_usage_error(tmp_path):
    result = _run(SPONSORSHIP, "--log", write(tmp_path, "posts: [\n"))
    assert result.exit_code == 2 and "invalid YAML" in result.stderr


def test_posts_csv_with_an_events_csv(tmp_path):
    posts = write(
        tmp_path,
        "deliverable,url,posted_at,caption,platform_tool,views,measured_at\n"
        "D1,https://x.example/a,2026-03-10T09:00:00-07:00,#ad Glow,yes,80K,2026-03-20\n",
        "posts.csv",
    )
    events = write(
        tmp_path,
        "type,date,instalment,amount\nsigned,2026-02-01,,\npayment,2026-02-20,1,6000.00\n",
        "events.csv",
    )
    result = _run(SPONSORSHIP, "--log", posts, "--events", events, "--format", "json")
    data = json.loads(result.stdout)
    statuses = {o["key"]: o["status"] for o in data["obligations"]}
    assert statuses["posting:D1 #1"] == "met" and statuses["disclosure:D1 #1"] == "met"
    assert statuses["payment:1"] == "late"  # due 2026-02-16, paid 2026-02-20
    assert data["money"]["interest"] == "11.84"  # 6000 x 0.18 x 4 / 365 = 11.835...


def test_portfolio_table_prints_its_formulas(tmp_path):
    result = _run(
        "--pair", SPONSORSHIP, EXAMPLE_LOG, "--pair", SPONSORSHIP, write(tmp_path, GOOD_LOG)
    )
    assert result.exit_code == 1  # one of the two reviews has late or missed obligations
    assert "Portfolio of 2 contract(s)" in result.stdout
    assert "creator  Maya Okafor Media LLC  (2 contract(s))" in result.stdout
    assert "on-time = posts and deliveries met / (met + late + missed)" in result.stdout
    both = _run("--pair", SPONSORSHIP, EXAMPLE_LOG, "--format", "json")
    rows = json.loads(both.stdout)["rows"]
    assert rows[0] == {
        "role": "creator",
        "name": "Maya Okafor Media LLC",
        "contracts": ["NL-2026-014"],
        "rates_percent": {"on_time": "50.0", "disclosure": "66.7", "kpi": "92.6"},
    }
    assert _run(SPONSORSHIP, "--pair", SPONSORSHIP, EXAMPLE_LOG).exit_code == 2


def test_a_rendered_contract_breaking_a_newer_drafting_rule_is_still_reviewed(tmp_path):
    """A contract rendered (and perhaps signed) before a drafting rule existed: the rule's
    finding is a note on stderr, and the parties are held to what they signed."""
    import io
    import zipfile

    from lxml import etree

    from contractsmith.cli import main as cli
    from contractsmith.generate.manifest import NAMESPACE

    out = tmp_path / "out"
    rendered = CliRunner().invoke(cli, ["render", str(SPONSORSHIP), "-o", str(out)])
    assert rendered.exit_code == 0, rendered.output
    good = (out / "sponsorship.docx").read_bytes()
    # the embedded spec as an older release wrote it: a ground that is a fragment (S153)
    old = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(old, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "customXml/contractsmith-manifest.xml":
                root = etree.fromstring(data)
                node = root.find(f"{{{NAMESPACE}}}spec")
                spec = json.loads(node.text)
                spec["termination"]["immediate_grounds"] = ["in the case of Creator"]
                node.text = json.dumps(spec)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            dst.writestr(info, data)
    contract = tmp_path / "signed.docx"
    contract.write_bytes(old.getvalue())
    result = CliRunner().invoke(
        cli, ["review", str(contract), "--log", str(ROOT / "examples/logs/sponsorship.yaml")]
    )
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert "note:" in result.stderr and "S153" in result.stderr
    assert "Money" in result.stdout  # the review itself ran


def test_a_spec_file_breaking_a_drafting_rule_is_refused(tmp_path):
    import yaml

    data = yaml.safe_load(SPONSORSHIP.read_text(encoding="utf-8"))
    data["termination"]["immediate_grounds"] = ["in the case of Creator"]
    spec_path = tmp_path / "draft.yaml"
    spec_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = _run(spec_path, "--log", ROOT / "examples" / "logs" / "sponsorship.yaml")
    assert result.exit_code == 1 and "fix them first" in result.output


def test_letter_as_pdf_is_the_same_letter_and_the_same_bytes(tmp_path):
    import shutil

    import pypdf
    import pytest

    if shutil.which("soffice") is None and not os.environ.get("CONTRACTSMITH_SOFFICE"):
        pytest.skip("LibreOffice (soffice) is not installed")
    log = ROOT / "examples" / "logs" / "sponsorship.yaml"
    first, second = tmp_path / "a" / "letter.pdf", tmp_path / "b" / "letter.pdf"
    for target in (first, second):
        target.parent.mkdir()
        result = _run(SPONSORSHIP, "--log", log, "--letter", target)
        assert result.exit_code == 1, result.output  # the example log has late items
    assert first.read_bytes() == second.read_bytes()
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(first).pages)
    assert "Deliverables not met" in text and "Section 15" in text


def test_letter_in_another_format_is_a_usage_error(tmp_path):
    log = ROOT / "examples" / "logs" / "sponsorship.yaml"
    result = _run(SPONSORSHIP, "--log", log, "--letter", tmp_path / "letter.txt")
    assert result.exit_code == 2 and ".docx or .pdf" in result.output
