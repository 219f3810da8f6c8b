"""The clerk's words in the 说明 as edits of the department: read and set the text of one slot.

A slot (`explanation_text.Slot`) is addressed by its `about` key: a reason (`table:<id>`, `function:<code>`,
`operating_costs`, `three_public`, …) lives in `Budget.reasons`, the 国有资产 text (`facts:assets`) in
`Budget.facts.assets`. Departments are frozen: `with_slot_text` returns a new department and never changes the one
it is given. A blank text removes the reason, so typing a reason and deleting it again gives back an equal department
(and the undo step disappears, as with every typed-back edit).
"""

from __future__ import annotations

from dataclasses import replace

from desktop.domain.department.budget import Budget, Facts, Reason
from desktop.domain.department.model import Department
from desktop.domain.model import clean_text

ASSETS = "facts:assets"


def slot_text(department: Department, about: str) -> str | None:
    """The words the clerk wrote for the slot `about`, or None."""
    budget = department.budget
    if budget is None:
        return None
    if about == ASSETS:
        return budget.facts.assets if budget.facts is not None else None
    return budget.reason(about)


def with_slot_text(department: Department, about: str, text: str | None) -> Department:
    """`department` with the slot `about` holding `text` (trimmed; blank removes it)."""
    value = clean_text(text)
    if slot_text(department, about) == value:
        return department
    budget = department.budget or Budget()
    if about == ASSETS:
        facts = replace(budget.facts or Facts(), assets=value)
        return replace(department, budget=replace(budget, facts=facts))
    reasons = list(budget.reasons)
    position = next((i for i, r in enumerate(reasons) if r.about == about), None)
    if value is None:
        if position is not None:
            del reasons[position]
    elif position is None:
        reasons.append(Reason(about, value))
    else:
        reasons[position] = Reason(about, value)
    return replace(department, budget=replace(budget, reasons=tuple(reasons)))
