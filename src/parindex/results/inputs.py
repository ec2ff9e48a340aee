"""A rule input as the database keeps it (canonical text) and as core reads it (a Value)."""

from decimal import Decimal, InvalidOperation

from parindex.core.rules import Value


def as_text(value: Value) -> str:
    """3 → "3", Decimal("0.92") → "0.92", True → "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def as_value(kind: str, text: str) -> Value:
    """The input of `kind` (core.rules.InputKind) that `text` holds. Text that is not of its
    kind stays text, so that core refuses it, naming the input."""
    try:
        if kind == "count":
            return int(text)
        if kind in {"ratio", "points"}:
            return Decimal(text)
    except (ValueError, InvalidOperation):
        return text
    if kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    return text
