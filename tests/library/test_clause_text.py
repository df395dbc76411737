"""The clause library's own checks: front matter, rendering against specs, drafting rules.

Every clause is rendered with the project's sandboxed clause environment against each
example spec and against variants of them that switch on the other clause variants
(renewal, IP assignment, non-exclusivity, one-way morals, arbitration, EU audiences ...),
so a body that reads an unguarded optional field, mistypes a helper or breaks the list
conventions fails here rather than in a user's render.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from contractsmith.generate.jinja_env import clause_environment, unescape_text
from contractsmith.generate.legal import legal_context
from contractsmith.library.conditions import evaluate_condition
from contractsmith.resources import clauses_dir, examples_dir, schemas_dir

FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.S)

# Vague or accountability-weakening phrases (domain lexicon); none may appear in a rendered
# contract unless the clause lists a justification for it.
VAGUE = [
    r"\bpromptly\b",
    r"\bas soon as (?:practicable|possible)\b",
    r"\bforthwith\b",
    r"\bexpeditiously\b",
    r"\bwithout (?:undue )?delay\b",
    r"\btimely\b",
    r"\bin due course\b",
    r"\bwithin a reasonable time\b",
    r"\b(?:commercially )?reasonable efforts\b",
    r"\bbest (?:efforts|endeavours)\b",
    r"\bendeavour to\b",
    r"\bfrom time to time\b",
    r"\bsole (?:and absolute )?discretion\b",
    r"\betc\.",
    r"\bapproximately\b",
    r"\bto be agreed\b",
    r"\bas mutually agreed\b",
    r"\bto be negotiated\b",
    r"\bTB[DCA]\b",
    r"\bindustry standard\b",
    r"\bshould\b",
]

# Categories whose variants must be mutually exclusive: exactly one applies to any spec.
ONE_VARIANT = [
    "parties",
    "definitions",
    "term",
    "renewal",
    "deliverables",
    "timeline",
    "approval",
    "exclusivity",
    "ip_ownership",
    "termination_for_convenience",
    "indemnification",
    "liability_cap",
    "force_majeure",
    "governing_law",
    "notices",
    "general",
    "signature",
]


@dataclass(frozen=True)
class Clause:
    """One clause file: its path, parsed front matter and Jinja body."""

    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def id(self) -> str:
        return str(self.meta["id"])

    @property
    def category(self) -> str:
        return str(self.meta["category"])


@cache
def library() -> tuple[Clause, ...]:
    """Every clause in the library, in contract order (order, then id)."""
    clauses = []
    for path in sorted(clauses_dir().glob("*/*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        assert match, f"{path}: no front matter between '---' lines"
        clauses.append(Clause(path, yaml.safe_load(match["meta"]), match["body"]))
    return tuple(sorted(clauses, key=lambda c: (c.meta["order"], c.id)))


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load_example(name: str) -> dict[str, Any]:
    """An example spec with dates as ISO strings (as the spec loader hands them on)."""
    return _iso(yaml.safe_load((examples_dir() / f"{name}.yaml").read_text(encoding="utf-8")))


def selected(spec: dict[str, Any]) -> list[Clause]:
    """The clauses a spec selects: jurisdiction filter, then the ``when`` condition."""
    wanted = set(spec["disclosure"]["jurisdictions"])
    variables = {**spec, "spec": spec}
    chosen = []
    for clause in library():
        places = set(clause.meta["jurisdictions"])
        if "any" not in places and not places & wanted:
            continue
        when = clause.meta.get("when")
        if when and not evaluate_condition(when, variables):
            continue
        chosen.append(clause)
    return chosen


def render_all(spec: dict[str, Any]) -> dict[str, str]:
    """Clause id -> rendered, unescaped text for every clause the spec selects."""
    chosen = selected(spec)

    def ref(target: str) -> str:
        for number, clause in enumerate(chosen, start=1):
            if target in (clause.id, clause.category):
                return f"Section {number}"
        raise ValueError(f"ref({target!r}): no section holds that clause")

    def party(role: str) -> str:
        return {"brand": "Brand", "creator": "Creator", "agency": "Agency"}[role]

    env = clause_environment()
    out = {}
    for clause in chosen:
        text = env.from_string(clause.body).render(
            **spec, spec=spec, ref=ref, party=party, legal=legal_context(spec)
        )
        out[clause.id] = unescape_text(text)
    return out


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Paragraphs with their ``- `` list items, following the library conventions."""
    result: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            current = None
        elif line.startswith("- "):
            if current is None:
                current = result[-1] if result else ("", [])
                if not result:
                    result.append(current)
            current[1].append(line[2:])
        elif current is None:
            current = (line, [])
            result.append(current)
        else:
            result[-1] = current = (f"{current[0]} {line}", current[1])
    return result


def _variants() -> dict[str, dict[str, Any]]:
    """Specs that between them select every variant in the library."""
    base = load_example("sponsorship")
    specs = {name: load_example(name) for name in ("sponsorship", "retainer", "ambassador", "ugc")}

    def variant(name: str, **changes: Any) -> None:
        spec = copy.deepcopy(base)
        for dotted, value in changes.items():
            node = spec
            *parents, last = dotted.split("__")
            for key in parents:
                node = node.setdefault(key, {})
            if value is None:
                node.pop(last, None)
            else:
                node[last] = value
        specs[name] = spec

    variant(
        "option_renewal_eu",
        term__renewal={
            "type": "option",
            "notice_days": 45,
            "by": "both",
            "fee_increase_percent": "5",
        },
        disclosure__jurisdictions=["US", "EU"],
        governing_law__dispute={
            "mediation_days": 20,
            "then": "arbitration",
            "rules": "AAA Commercial Arbitration Rules",
        },
    )
    variant(
        "automatic_renewal_one_way",
        term__renewal={"type": "automatic", "notice_days": 30, "period_months": 3},
        morality={
            "mutual": False,
            "standard": "sole_discretion",
            "triggers": ["criminal conviction"],
        },
        indemnification={"mutual": False},
        termination__convenience={"allowed": False},
        liability={"cap": "fixed_amount", "cap_amount": "25000.00", "exclude_consequential": False},
    )
    variant(
        "brand_owns_non_exclusive",
        exclusivity={"exclusive": False},
        ip={
            "owner": "brand",
            "assignment_fee": "900.00",
            "assignment_effective": "on_delivery",
            "music": "creator_cleared",
        },
        liability={"cap": "none"},
        notices={"email_allowed": False},
        signature={"counterparts": False, "electronic": False},
    )
    minimal = {
        key: copy.deepcopy(base[key])
        for key in (
            "spec_version",
            "kind",
            "title",
            "parties",
            "term",
            "deliverables",
            "compensation",
            "disclosure",
            "governing_law",
        )
    }
    minimal["compensation"] = {
        "currency": "USD",
        "fee": "5000.00",
        "schedule": [
            {
                "label": "Fee",
                "percent": "100",
                "trigger": "publication_of_all_deliverables",
                "net_days": 30,
            }
        ],
    }
    minimal["disclosure"] = {"jurisdictions": ["FR"]}
    minimal["governing_law"] = {"law": "French law"}
    minimal["parties"] = {k: v for k, v in minimal["parties"].items() if k != "agency"}
    specs["minimal_fr"] = minimal
    return specs


SPECS = _variants()


@cache
def rendered(name: str) -> dict[str, str]:
    return render_all(SPECS[name])


# ---------------------------------------------------------------- front matter


def test_library_has_the_expected_size() -> None:
    assert 35 <= len(library()) <= 60


@pytest.mark.parametrize("clause", library(), ids=lambda c: c.id)
def test_front_matter_matches_schema_and_location(clause: Clause) -> None:
    schema = json.loads((schemas_dir() / "clause.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(clause.meta)]
    assert errors == []
    assert clause.id == f"{clause.path.parent.name}.{clause.path.stem}"
    assert clause.category == clause.path.parent.name


def test_clause_ids_are_unique() -> None:
    ids = [c.id for c in library()]
    assert len(ids) == len(set(ids))


def test_schema_rejects_bad_front_matter() -> None:
    schema = json.loads((schemas_dir() / "clause.schema.json").read_text(encoding="utf-8"))
    good = dict(library()[0].meta)
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(good)
    for field, bad in [
        ("version", "1.0"),
        ("category", "payments"),
        ("jurisdictions", ["DE"]),
        ("id", "Parties"),
        ("needs", ["compensation..fee"]),
    ]:
        assert not validator.is_valid({**good, field: bad}), field
    assert not validator.is_valid({k: v for k, v in good.items() if k != "rationale"})


# ---------------------------------------------------------------- rendering


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_selected_clause_renders(name: str) -> None:
    texts = rendered(name)
    assert texts, name
    for clause_id, text in texts.items():
        assert text.strip(), f"{clause_id} rendered empty for {name}"
        assert "{{" not in text and "{%" not in text, clause_id
        assert text.count("**") % 2 == 0, f"{clause_id}: unbalanced bold marker"


def test_every_clause_is_selected_by_some_spec() -> None:
    used = {cid for name in SPECS for cid in rendered(name)}
    unused = sorted(c.id for c in library() if c.id not in used)
    assert unused == []


@pytest.mark.parametrize("name", sorted(SPECS))
def test_one_variant_per_single_section_category(name: str) -> None:
    categories = [c.category for c in selected(SPECS[name])]
    for category in ONE_VARIANT:
        assert categories.count(category) == 1, (name, category)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_no_vague_phrases(name: str) -> None:
    by_id = {c.id: c for c in library()}
    for clause_id, text in rendered(name).items():
        if by_id[clause_id].meta.get("justifications"):
            continue
        for pattern in VAGUE:
            hit = re.search(pattern, text, re.I)
            assert hit is None, f"{clause_id} ({name}): vague phrase {hit.group(0)!r}"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_defined_terms_are_defined_once(name: str) -> None:
    seen: dict[str, str] = {}
    for clause_id, text in rendered(name).items():
        for term in re.findall(r"\*\*(.+?)\*\*", text):
            assert term not in seen, f"{term!r} defined in {seen.get(term)} and {clause_id}"
            seen[term] = clause_id
    for term in ("Agreement", "Brand", "Creator", "Fee", "Term", "Effective Date", "Business Day"):
        assert term in seen, (name, term)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_lists_follow_the_conventions(name: str) -> None:
    for clause_id, text in rendered(name).items():
        for lead, items in blocks(text):
            if not items:
                continue
            assert lead.endswith(":"), (
                f"{clause_id}: list after {lead[-60:]!r} has no lead-in colon"
            )
            assert not re.match(r"\(?[a-z]\)", items[0]), f"{clause_id}: typed list letter"
            assert items[-1].endswith("."), f"{clause_id}: last item {items[-1][-40:]!r}"
            for item in items[:-1]:
                assert item.endswith((";", "; and", " and", "; or")), f"{clause_id}: {item[-40:]!r}"


def test_cross_references_resolve_to_sections() -> None:
    text = rendered("sponsorship")["compensation.kill_fee"]
    assert re.search(r"Section \d+ applies to any excess", text)


# ---------------------------------------------------------------- substance


def test_disclosure_sections_follow_the_jurisdictions() -> None:
    assert {"ftc_disclosure.general", "ftc_disclosure.us", "ftc_disclosure.uk"} <= set(
        rendered("sponsorship")
    )
    assert "ftc_disclosure.fr" not in rendered("sponsorship")
    retainer = rendered("retainer")
    assert {"ftc_disclosure.eu", "ftc_disclosure.fr"} <= set(retainer)
    assert '"Publicité" or "Collaboration commerciale"' in retainer["ftc_disclosure.fr"]
    assert "article 8" in retainer["ftc_disclosure.fr"]


@pytest.mark.parametrize("name", ["sponsorship", "retainer", "ambassador"])
def test_disclosure_has_takedown_monitoring_and_tool_plus_label(name: str) -> None:
    spec = SPECS[name]
    hours = spec["disclosure"]["takedown_hours"]
    days = spec["disclosure"]["brand_monitoring_days"]
    for clause_id, text in rendered(name).items():
        if clause_id.startswith("ftc_disclosure."):
            assert f"({hours}) hours" in text, clause_id
            assert f"({days}) days" in text, clause_id
    general = rendered(name)["ftc_disclosure.general"]
    assert "does not replace the label, and the label does not replace the platform tool" in general
    assert '"#spon"' in general and "spoken and shown on screen" in general


def test_payment_schedule_amounts_add_up_to_the_fee() -> None:
    text = rendered("sponsorship")["compensation.fees"]
    assert text.count("(USD 6,000.00)") == 2
    assert "within fifteen (15) days" in text and "within thirty (30) days" in text


def test_usage_rights_state_each_use_with_period_and_fee() -> None:
    text = rendered("sponsorship")["usage_rights.licence"]
    assert "for ninety (90) days" in text and "USD 2,400.00" in text
    assert "not exceeding USD 20,000.00" in text
    assert "train, fine-tune or test any artificial intelligence" in text
    ugc = rendered("ugc")["usage_rights.licence"]
    assert "without time limit" in ugc and "assignment fee" in ugc


def test_variants_say_what_does_not_apply() -> None:
    texts = rendered("brand_owns_non_exclusive")
    assert texts["exclusivity.non_exclusive"].startswith("This Agreement is non-exclusive.")
    assert "assigns to Brand" in texts["ip_ownership.assignment"]
    assert "does not limit the amount" in texts["liability_cap.standard"]
    one_way = rendered("automatic_renewal_one_way")
    assert (
        "Neither party may terminate this Agreement for convenience"
        in one_way["termination_for_convenience.not_allowed"]
    )
    assert "good faith" in one_way["morality.one_way"]
    assert (
        "arbitration under AAA Commercial Arbitration Rules"
        in rendered("option_renewal_eu")["governing_law.standard"]
    )


def test_monthly_quota_follows_the_retainer_rule() -> None:
    assert "roll over" in rendered("retainer")["minimum_commitment.monthly_quota"]
    assert (
        "forfeited and do not roll over"
        in rendered("ambassador")["minimum_commitment.monthly_quota"]
    )
    assert "minimum_commitment.monthly_quota" not in rendered("sponsorship")
