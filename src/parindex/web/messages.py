"""Core's structured messages (parindex.core.messages) in the reader's language."""

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.core.messages import Message
from parindex.io import render as io_render
from parindex.org.models import LINEAGE_KIND_LABELS

TEMPLATES: dict[str, Promise] = {
    "department_line": _(
        "Line %(line)s (“%(text)s”) is not “code | name”: write the code, a vertical bar, "
        "then the name."
    ),
    "lineage_too_few": _(
        "A %(kind)s needs at least %(least)s unit(s) %(side)s it; %(count)s given."
    ),
    "lineage_too_many": _(
        "A %(kind)s takes at most %(most)s unit(s) %(side)s it; %(count)s given."
    ),
    "lineage_reparent_same_unit": _(
        "A change of parent concerns one unit: the same unit before and after."
    ),
}

# Parameters that are codes in core and words on screen.
PARAMETER_LABELS: dict[str, dict[str, Promise]] = {
    "kind": {kind.value: label for kind, label in LINEAGE_KIND_LABELS.items()},
    "side": {"before": _("before"), "after": _("after")},
}


def language() -> str:
    """The active language as parindex.io.render knows it."""
    return io_render.chosen(get_language())


def render(message: Message) -> str:
    if message.key not in TEMPLATES:  # core's framework, rule and result messages
        return io_render.message(message, language())
    params = {
        name: PARAMETER_LABELS.get(name, {}).get(str(value), value)
        for name, value in message.params.items()
    }
    return str(TEMPLATES[message.key]) % params
