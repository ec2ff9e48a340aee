"""How the API reads request bodies and query strings: as django-ninja does, but text holding
the NUL character (U+0000) is refused by where it is (422).

PostgreSQL cannot store NUL in text columns: without this, such text would reach a named
write and fail in the database (a server error), where SQLite would quietly store it. The
pages' forms refuse it already (Django's CharField does).
"""

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser


class NulInText(ValueError):
    """A text value holds U+0000; `where` names it as the API's 422 answers do."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def _refuse_nul(value: Any, where: list[str]) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise NulInText(" → ".join(where))
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(item, [*where, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, [*where, str(index)])


class TextParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse_nul(data, ["body"])
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        # Form and file parts go through here too; only their text is checked.
        _refuse_nul(result, ["query" if data is request.GET else "form"])
        return result
