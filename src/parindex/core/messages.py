"""Structured messages: what core says, as a key and typed parameters, never as prose.

The web layer and `io` render them in Vietnamese or English (parindex.web.messages).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    key: str
    params: Mapping[str, object] = field(default_factory=dict)


class Refused(Exception):
    """Core refused its input; `message` says why, `where` names the input at fault."""

    def __init__(self, message: Message, where: str | None = None) -> None:
        super().__init__(message.key)
        self.message = message
        self.where = where
