"""Solution library files: what a draft remediation plan proposes for each lost item.

A file (format `parindex-solutions/1`; the built-in one is parindex/data/solutions.yaml)
holds a general suggestion (`fallback`), suggestions recognised by words in a field's title
(`by_field`, first match wins), suggestions by rule type (`by_rule`) and the usual names of
the kinds of department framework nodes name (`departments`). Each text is written in
Vietnamese, and in English beside it (`solution_en`, `lead_en`, `coordinating_en`, `name_en`);
a text without its English is used as written in both languages.

Reading is all-or-nothing, as for framework files: YAML syntax, a duplicate key, a key the
format does not have, a missing text or an unknown rule type refuses the file with
`FileRefused`, each problem on its line.
"""

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from parindex.core.messages import Message
from parindex.core.rules import RULE_TYPES
from parindex.core.solutions import FieldSuggestion, SolutionLibrary, Suggestion
from parindex.io.framework_file import (
    FILE_EMPTY,
    FILE_FIELD,
    FILE_TOO_LARGE,
    YamlLoader,
    YamlRefused,
    field_path,
    read_yaml,
)
from parindex.io.problems import FileRefused, Place, Problem

FORMAT = "parindex-solutions/1"
BUILTIN = "solutions.yaml"  # in the package parindex.data
LANGUAGES = ("vi", "en")
MAX_CHARACTERS = 1_000_000  # the built-in library is about 23,000

# Message keys (parameters in brackets), rendered by parindex.io.render.
FILE_NOT_MAPPING = "solutions_file_not_mapping"
UNKNOWN_RULE_TYPE = "rule_unknown_type"  # (type)
# A problem of a field (FILE_FIELD's `problem`), with its parameters in brackets.
COORDINATING_COUNT = "solutions_coordinating_count"  # (count)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Words = Annotated[list[Name], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuggestionModel(_Strict):
    solution: Text = Field(description="What will be done, as a plan's item says it")
    solution_en: Text | None = None
    lead: Name = Field(description="The lead unit (chủ trì)")
    lead_en: Name | None = None
    coordinating: list[Name] = Field(default_factory=list, description="Units that help")
    coordinating_en: list[Name] | None = Field(
        default=None, description="The names of `coordinating`, in the same order"
    )

    @field_validator("coordinating_en")
    @classmethod
    def _as_many_as_coordinating(
        cls, value: list[str] | None, info: ValidationInfo
    ) -> list[str] | None:
        written = info.data.get("coordinating")
        if value is not None and written is not None and len(value) != len(written):
            raise PydanticCustomError(
                COORDINATING_COUNT, "not as many as coordinating", {"count": len(written)}
            )
        return value

    def suggestion(self, lang: str) -> Suggestion:
        if lang == "en":
            return Suggestion(
                solution=self.solution_en or self.solution,
                lead=self.lead_en or self.lead,
                coordinating=tuple(
                    self.coordinating_en if self.coordinating_en is not None else self.coordinating
                ),
            )
        return Suggestion(self.solution, self.lead, tuple(self.coordinating))


class FieldModel(SuggestionModel):
    words: Words = Field(description="All of them in a field's title, diacritics and case aside")
    or_words: list[Words] = Field(
        default_factory=list, description="Other sets of words that recognise the same field"
    )


class DepartmentModel(_Strict):
    name: Name
    name_en: Name | None = None


class LibraryModel(_Strict):
    format: Literal["parindex-solutions/1"]
    fallback: SuggestionModel
    by_field: list[FieldModel] = Field(default_factory=list)
    by_rule: dict[str, SuggestionModel] = Field(default_factory=dict)
    departments: dict[Name, DepartmentModel] = Field(default_factory=dict)


def library(model: LibraryModel, lang: str = "vi") -> SolutionLibrary:
    """The library a file's model holds, its texts in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    by_field = tuple(
        FieldSuggestion(tuple(words), entry.suggestion(lang))
        for entry in model.by_field
        for words in [entry.words, *entry.or_words]
    )
    departments = {
        code: (department.name_en or department.name) if lang == "en" else department.name
        for code, department in model.departments.items()
    }
    return SolutionLibrary(
        fallback=model.fallback.suggestion(lang),
        by_rule={rule: entry.suggestion(lang) for rule, entry in model.by_rule.items()},
        by_field=by_field,
        departments=departments,
    )


def _line(content: object, loc: Sequence[int | str], loader: YamlLoader) -> int | None:
    """The line of the deepest key on `loc`'s path (of its mapping, when the key is missing)."""
    line: int | None = None
    current = content
    for step in loc:
        if isinstance(current, dict):
            if step not in current:
                return loader.key_lines.get((id(current), None), line)
            line = loader.key_lines.get((id(current), step), line)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            break
    return line


def _field_problems(
    error: ValidationError, content: object, loader: YamlLoader, file: str
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = [step for step in item["loc"] if not isinstance(step, str) or step != "[key]"]
        context = {name: str(value) for name, value in (item.get("ctx") or {}).items()}
        params = {**context, "field": field_path(loc), "problem": item["type"]}
        line = _line(content, loc, loader)
        problems.append(Problem(Place(file, line=line), Message(FILE_FIELD, params)))
    return problems


def _rule_problems(content: dict[object, object], loader: YamlLoader, file: str) -> list[Problem]:
    """`by_rule` keys that are not rule types."""
    by_rule = content.get("by_rule")
    if not isinstance(by_rule, dict):
        return []
    return [
        Problem(
            Place(file, line=loader.key_lines.get((id(by_rule), key))),
            Message(UNKNOWN_RULE_TYPE, {"type": str(key)}),
        )
        for key in by_rule
        if key not in RULE_TYPES
    ]


def load(text: str, file: str, lang: str = "vi") -> SolutionLibrary:
    """The solution library in a file's text, in `lang` ("vi" or "en"); FileRefused with every
    problem found, each with its line."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")

    def refuse(message_key: str, line: int | None = None, **params: object) -> FileRefused:
        return FileRefused([Problem(Place(file, line=line), Message(message_key, params))])

    if not text.strip():
        raise refuse(FILE_EMPTY)
    if len(text) > MAX_CHARACTERS:
        raise refuse(FILE_TOO_LARGE, most=MAX_CHARACTERS)
    try:
        content, loader = read_yaml(text.removeprefix("\ufeff"))
    except YamlRefused as refused:
        raise FileRefused([Problem(Place(file, line=refused.line), refused.message)]) from refused
    if not isinstance(content, dict):
        raise refuse(FILE_NOT_MAPPING, 1)
    problems = _rule_problems(content, loader, file)
    try:
        model = LibraryModel.model_validate(content)
    except ValidationError as error:
        problems += _field_problems(error, content, loader, file)
        problems.sort(key=lambda problem: problem.place.line or 0)
        raise FileRefused(problems) from error
    if problems:
        raise FileRefused(problems)
    return library(model, lang)


def builtin_text() -> str:
    """The text of the solution library shipped with parindex."""
    return files("parindex.data").joinpath(BUILTIN).read_text("utf-8")


@cache
def builtin(lang: str = "vi") -> SolutionLibrary:
    """The solution library shipped with parindex, its texts in `lang` ("vi" or "en")."""
    return load(builtin_text(), BUILTIN, lang)
