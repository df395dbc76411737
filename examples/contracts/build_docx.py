"""Build ``ambassador-agreement.docx``, the sample Word contract for ``contractsmith check``.

Run from the repository root: ``python examples/contracts/build_docx.py``. The output
is deterministic (fixed document properties and ZIP timestamps), so rebuilding it does
not change the committed file.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "ambassador-agreement.docx"
FIXED = dt.datetime(2026, 1, 15, 9, 0, 0)

TITLE = "Brand Ambassador Agreement"
INTRO = (
    "This Brand Ambassador Agreement is made on 15 January 2026 between Northtrail Outdoor "
    'Co., 12 Harbor Road, Portland, OR 97209 ("Brand"), and Sam Okafor, publishing as '
    '@samontrail ("Ambassador").'
)
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "1. Term",
        [
            "This Agreement starts on 1 March 2026 and continues for six (6) months, unless "
            "terminated earlier under Section 7."
        ],
    ),
    (
        "2. Deliverables",
        [
            "Ambassador shall publish the content listed in the table below on Ambassador's "
            "own accounts during the Term.",
            "Ambassador shall post approximately 4 Instagram Stories per month featuring "
            "Brand's products.",
        ],
    ),
    (
        "3. Fees",
        [
            "Brand shall pay Ambassador USD 1,500 per month within 30 days after receiving "
            "Ambassador's monthly invoice.",
        ],
    ),
    (
        "4. Disclosure",
        [
            "Ambassador shall comply with all applicable laws and FTC guidelines when "
            "posting about Brand.",
        ],
    ),
    (
        "5. Usage",
        [
            "Ambassador grants Brand the right to use the content on Brand's social media "
            "channels and website.",
        ],
    ),
    (
        "6. Approval",
        [
            "Ambassador shall submit each post to Brand for approval before publishing it, "
            "and Brand shall respond within a reasonable time.",
        ],
    ),
    (
        "7. Termination",
        [
            "Either party may terminate this Agreement on 30 days' written notice to the "
            "other party.",
        ],
    ),
    (
        "8. Confidentiality",
        [
            "Ambassador shall keep confidential all non-public information about Brand's "
            "products and campaigns during the Term and for one (1) year after it.",
        ],
    ),
]
DELIVERABLES = [
    ("Platform", "Format", "Quantity"),
    ("Instagram", "Reel, 30 to 60 seconds", "2 per month"),
    ("TikTok", "Video, 20 to 45 seconds", "1 per month"),
]


def build() -> bytes:
    """The DOCX bytes."""
    document = docx.Document()
    props = document.core_properties
    props.author = "contractsmith examples"
    props.title = TITLE
    props.created = FIXED
    props.modified = FIXED
    props.last_modified_by = "contractsmith examples"
    props.revision = 1
    document.add_heading(TITLE, level=0)
    document.add_paragraph(INTRO)
    for heading, paragraphs in SECTIONS:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
        if heading.startswith("2."):
            table = document.add_table(rows=len(DELIVERABLES), cols=3)
            table.style = "Table Grid"
            for r, row in enumerate(DELIVERABLES):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    document.add_paragraph("Signed by the parties on the date first written above.")
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    target.write_bytes(build())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
