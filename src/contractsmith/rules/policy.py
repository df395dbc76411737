"""Wording policy: how loud weak wording is, for one kind of agreement.

Detection (``rules/wording/*.yaml``) says where weak wording is and how serious it is in
general; a playbook's ``wording`` section says how loud it must be for its reader. The
policy is one data record per playbook, read from the playbook file:

- ``floor``: the lowest severity of a finding of one of ``rules`` whose phrase touches
  one of ``slots`` (deliverables, dates, money, disclosure, approval, exclusivity,
  take-down, ...), so that "reasonable efforts to deliver the video" reaches a brand's
  reviewer as a warning and not as an info note;
- ``keep``: the demotions the floor respects. A finding the engine demoted carries the
  name of the reason, one of ``DEMOTIONS``:

  - ``courtesy``: the duty is one the rule does not stand behind (cooperation,
    further assurances, sending invoices, optional extras agreed on request);
  - ``settled``: the contract fixes the point elsewhere (a payment period for all
    invoices, a cure period, a fallback if the parties fail to agree);
  - ``attachment``: the phrase sits in a form attached after the signatures;
  - ``unconfirmed``: the phrase's own words do not confirm the slot its section
    suggested (only the section heading or a neighbouring clause spoke of payment).

A phrase touches a slot when it qualifies a party's own duty of that kind ("shall,
promptly, pay" is money; "should deliver" is a deliverable; see ``duties`` in
``wording/slots.yaml``), or when the words of its own sentence, which imposes a duty,
name the slot. A slot guessed from the heading alone does not count.

A playbook without a ``wording`` section keeps each rule's own severity table (the
commercial playbook does: professional drafting is reviewed with today's quieter policy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contractsmith.findings import Severity

DEMOTIONS: tuple[str, ...] = ("courtesy", "settled", "attachment", "unconfirmed")


@dataclass(frozen=True)
class WordingPolicy:
    """A playbook's floor for weak wording in the slots its reader cares about."""

    floor: Severity | None = None
    slots: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    keep: frozenset[str] = frozenset(DEMOTIONS)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any] | None) -> WordingPolicy:
        """The policy in a playbook's ``wording`` mapping (already schema-validated)."""
        if not raw:
            return QUIET
        floor = raw.get("floor") or {}
        return cls(
            floor=Severity.parse(floor["severity"]) if floor else None,
            slots=frozenset(floor.get("slots", ())),
            rules=frozenset(floor.get("rules", ())),
            keep=frozenset(floor.get("keep", DEMOTIONS)),
        )

    def severity(
        self, code: str, severity: Severity, touched: Iterable[str], demotion: str | None
    ) -> Severity:
        """The severity of a finding of ``code`` after this policy's floor.

        ``touched`` are the slots the phrase touches (see the module docstring);
        ``demotion`` is the engine's reason for demoting it, if it did.
        """
        floor = self.floor
        if floor is None or code not in self.rules or severity.rank >= floor.rank:
            return severity
        if demotion is not None and demotion in self.keep:
            return severity
        if not self.slots.intersection(touched):
            return severity
        return floor

    def to_dict(self) -> dict[str, Any]:
        """Plain data for reports and ``contractsmith rules``."""
        if self.floor is None:
            return {}
        return {
            "floor": {
                "severity": self.floor.value,
                "slots": sorted(self.slots),
                "rules": sorted(self.rules),
                "keep": sorted(self.keep),
            }
        }


QUIET = WordingPolicy()
"""Each rule's own severity table, with no floor (the commercial playbook's policy)."""
