"""Results' numbers and words as the reader reads them."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(value: object) -> str:
    """A table cell: points with the places they were published with (93,92; 1,00), an
    unknown value as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        places = max(-int(value.as_tuple().exponent), 0)
        return number_format(value, decimal_pos=places, use_l10n=True)
    return str(value)


@register.filter
def signed(value: Decimal | int | None) -> str:
    """A change: +4,35, −2 or 0; a dash when there is nothing to compare with."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
    shown = cell(abs(value)) if isinstance(value, Decimal) else str(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else shown
