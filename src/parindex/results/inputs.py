"""A rule input as the database keeps it (canonical text) and as core reads it (a Value)."""

import re
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


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_YES = frozenset({"true", "1", "yes", "có", "đạt", "x"})
_NO = frozenset({"false", "0", "no", "không", "không đạt"})


def typed(kind: str, text: str) -> Value:
    """What a person typed for an input of `kind`, the way Vietnamese officers write it:
    "0,92", "92%" (a ratio), "2.046" (a count), "có"/"không" (yes/no), "1,5" (points).
    Text that is none of these stays text, for core to refuse by the input's name."""
    written = "".join(text.split())
    if not written:
        return None
    if kind == "count":
        grouped = _THOUSANDS.fullmatch(written)
        return as_value(kind, written.replace(".", "") if grouped else written)
    if kind in {"ratio", "points"}:
        if "," in written and "." in written:
            return text
        number = as_value(kind, written.removesuffix("%").replace(",", "."))
        if kind == "ratio" and written.endswith("%") and isinstance(number, Decimal):
            return number / 100
        return number if isinstance(number, Decimal) and number.is_finite() else text
    if kind == "bool":
        lowered = text.strip().lower()
        return True if lowered in _YES else False if lowered in _NO else text
    return text
