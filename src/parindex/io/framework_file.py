"""Framework files: the YAML a ministry's or province's framework is written in, read and written.

The file's shape is the pydantic models below; `schema()` is its JSON Schema
(docs/framework.schema.json is generated from it). Numbers are read as `Decimal` straight
from the YAML text, never through a binary float. Reading is all-or-nothing: a file with any
problem — YAML syntax, a duplicate key, a field of the wrong shape, or anything
`parindex.core.framework.check` finds — raises `FileRefused` listing every problem with its
line and the code of the node concerned.
"""

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from parindex.core.framework import (
    Framework,
    GradeBand,
    Node,
    Provenance,
    Scoring,
    located_problems,
)
from parindex.core.messages import Message
from parindex.core.rules import RULE_TYPES, RuleSpec
from parindex.io.problems import FileRefused, Place, Problem

FORMAT = "parindex-framework/1"
MAX_BYTES = 5_000_000  # a national framework is tens of kilobytes

# Message keys (parameters in brackets), rendered by parindex.io.render.
FILE_EMPTY = "framework_file_empty"
FILE_TOO_LARGE = "framework_file_too_large"  # (most)
FILE_NOT_TEXT = "framework_file_not_text"
FILE_SYNTAX = "framework_file_syntax"  # (problem)
FILE_DUPLICATE_KEY = "framework_file_duplicate_key"  # (key)
FILE_ALIAS = "framework_file_alias"
FILE_TOO_DEEP = "framework_file_too_deep"  # (most)
FILE_KEY_NOT_TEXT = "framework_file_key_not_text"
FILE_NOT_A_NUMBER = "framework_file_not_a_number"  # (value): .nan, .inf
FILE_NOT_MAPPING = "framework_file_not_mapping"
FILE_FIELD = "framework_file_field"  # (field, problem: pydantic's error type, its limits)

Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
# Ids go into addresses and file names: letters (Vietnamese ones too), digits, . _ -
Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[\w.-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=50)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleModel(BaseModel):
    """A rule: `type` and the type's parameters beside it (docs/rules.md)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    type: str = Field(json_schema_extra={"enum": list[JsonValue](sorted(RULE_TYPES))})
    labels: dict[str, str] = Field(
        default_factory=dict, description="The words for each input, e.g. ratio: văn bản điện tử"
    )

    @model_validator(mode="after")
    def _plain_parameters(self) -> "RuleModel":
        """Numbers, text, yes/no, and lists and mappings of them: what `core.rules` reads."""
        for name, value in (self.model_extra or {}).items():
            if not _is_plain(value):
                raise PydanticCustomError("rule_value_kind", "not a plain value", {"name": name})
        return self


def _is_plain(value: object) -> bool:
    if value is None or isinstance(value, str | int | Decimal | bool):
        return True
    if isinstance(value, list):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain(item) for key, item in value.items())
    return False


class NodeModel(_Strict):
    id: Identifier = Field(description="Stable across years; codes may change")
    code: Code = Field(description='Display code: "1", "1.5", "3.1.4"')
    title: str = Field(min_length=1, max_length=2000)
    title_en: str | None = None
    max: Points | None = Field(default=None, description="Unknown when absent: never zero")
    scoring: Scoring = Scoring.ASSESSED
    provenance: Provenance | None = Field(default=None, description="Default: the file's")
    rule: RuleModel | None = None
    evidence: str = ""
    department: str | None = None
    children: list["NodeModel"] = Field(default_factory=list)


class BandModel(_Strict):
    name: str = Field(min_length=1)
    at_least: Points
    below: Points | None = None


class FrameworkModel(_Strict):
    format: Literal["parindex-framework/1"]
    id: Identifier
    title: str = Field(min_length=1, max_length=500)
    title_en: str | None = None
    level: str = Field(min_length=1, max_length=50, description="province, department, commune, …")
    years: list[Annotated[int, Field(ge=1990, le=2100)]] = Field(min_length=1)
    decision: str | None = None
    example: bool = False
    note: str = ""
    sources: list[str] = Field(default_factory=list)
    expected_counts: list[Annotated[int, Field(ge=0)] | None] = Field(
        default_factory=list, description="Fields, criteria, sub-criteria the decision announces"
    )
    follows: Identifier | None = Field(
        default=None, description="The id of the framework this one replaces (last year's)"
    )
    code_map: list[tuple[Code, Code]] = Field(
        default_factory=list,
        description="How the codes of `follows` became these: [old, new] pairs; a code on no "
        "pair means the same as before",
    )
    provenance: Provenance = Provenance.USER
    decimals: int = Field(default=2, ge=0, le=4)  # results keep four places
    scale_max: Points | None = None
    composite: dict[str, Points] | None = None
    index_may_exceed_max: bool = False
    bands: list[BandModel] = Field(default_factory=list)
    nodes: list[NodeModel] = Field(default_factory=list)


def schema() -> dict[str, Any]:
    """The JSON Schema of a framework file."""
    generated = FrameworkModel.model_json_schema()
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    generated["title"] = "parindex framework file"
    return generated


# Reading ---------------------------------------------------------------------------------


MOST_DEPTH = 64  # nesting levels a framework file may have; a national one needs about 10


class YamlLoader(yaml.SafeLoader):
    """Safe YAML with floats as Decimal and key lines remembered; refused (YamlRefused):
    duplicate keys, keys that are lists or mappings, nesting deeper than MOST_DEPTH, and
    aliases (*name), which a framework never needs and which let a few lines stand for an
    enormous tree (the "billion laughs")."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_lines: dict[tuple[int, object], int] = {}
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(FILE_ALIAS, line)
        self.depth += 1
        if self.depth > MOST_DEPTH:
            raise YamlRefused(FILE_TOO_DEEP, line, most=MOST_DEPTH)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, list | dict | set):
                raise YamlRefused(FILE_KEY_NOT_TEXT, line)
            if key in seen:
                raise YamlRefused(FILE_DUPLICATE_KEY, line, key=str(key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_lined_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
        """SafeLoader's mapping, remembering the line of each key of the final dict."""
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        self.key_lines[(id(data), None)] = node.start_mark.line + 1  # where a missing key goes
        for key_node, _value in node.value:
            key = self.construct_object(key_node)
            self.key_lines[(id(data), key)] = key_node.start_mark.line + 1


def _decimal(loader: YamlLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise YamlRefused(FILE_NOT_A_NUMBER, node.start_mark.line + 1, value=text)
    return value


YamlLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
YamlLoader.add_constructor("tag:yaml.org,2002:map", YamlLoader.construct_lined_map)


class YamlRefused(Exception):
    """YAML text that is refused before its content is looked at: why, and on which line."""

    def __init__(self, message_key: str, line: int | None = None, **params: object) -> None:
        super().__init__(message_key)
        self.message = Message(message_key, params)
        self.line = line


def read_yaml(text: str) -> tuple[object, YamlLoader]:
    """The content of YAML text and the loader that remembers its lines; YamlRefused."""
    try:
        loader = YamlLoader(text)  # its reader refuses control characters at once
    except yaml.YAMLError as error:
        raise YamlRefused(FILE_SYNTAX, problem=str(error).splitlines()[0]) from error
    try:
        return loader.get_single_data(), loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlRefused(FILE_SYNTAX, line, problem=error.problem or str(error)) from error
    except yaml.YAMLError as error:
        raise YamlRefused(FILE_SYNTAX, problem=str(error)) from error
    except RecursionError as error:  # nesting that the depth limit did not see (flow text)
        raise YamlRefused(FILE_TOO_DEEP, most=MOST_DEPTH) from error
    finally:
        loader.dispose()


def _parse_yaml(data: bytes | str, file: str) -> tuple[object, YamlLoader]:
    def refuse(message_key: str, line: int | None = None, **params: object) -> FileRefused:
        return FileRefused([Problem(Place(file, line=line), Message(message_key, params))])

    if not data:
        raise refuse(FILE_EMPTY)
    if len(data) > MAX_BYTES:
        raise refuse(FILE_TOO_LARGE, most=MAX_BYTES)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise refuse(FILE_NOT_TEXT) from error
    try:
        content, loader = read_yaml(data)
    except YamlRefused as refused:
        problem = Problem(Place(file, line=refused.line), refused.message)
        raise FileRefused([problem]) from refused
    if not isinstance(content, dict):
        raise refuse(FILE_NOT_MAPPING, 1)
    return content, loader


def _locate(
    content: object, loc: Sequence[int | str], loader: YamlLoader
) -> tuple[int | None, str | None]:
    """The line of the deepest key on `loc`'s path and the code of the deepest node on it."""
    line: int | None = None
    code: str | None = None
    current = content
    for step in loc:
        if isinstance(current, dict):
            if isinstance(current.get("code"), str):
                code = current["code"]
            if step not in current:
                line = loader.key_lines.get((id(current), None), line)
                break
            line = loader.key_lines.get((id(current), step), line)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            break
    if isinstance(current, dict) and isinstance(current.get("code"), str):
        code = current["code"]
    return line, code


def field_path(loc: Sequence[int | str]) -> str:
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
    return path


def _validation_problems(
    error: ValidationError, content: object, loader: YamlLoader, file: str
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = [step for step in item["loc"] if not isinstance(step, str) or step != "[key]"]
        line, code = _locate(content, loc, loader)
        # The limits pydantic names (ge, le, min_length, expected) become the message's params.
        context = {name: str(value) for name, value in (item.get("ctx") or {}).items()}
        params = {**context, "field": field_path(loc), "problem": item["type"]}
        problems.append(Problem(Place(file, line=line, node=code), Message(FILE_FIELD, params)))
    return problems


def _spec(model: RuleModel) -> RuleSpec:
    return RuleSpec(model.type, dict(model.model_extra or {}), dict(model.labels))


def rule_spec(text: str, file: str) -> RuleSpec | None:
    """A rule written as YAML on its own, as a form or a cell holds it: `{type: met}`.

    Blank text is no rule (None); FileRefused when the text is not a rule."""
    if not text.strip():
        return None
    content, loader = _parse_yaml(text, file)
    try:
        return _spec(RuleModel.model_validate(content))
    except ValidationError as error:
        raise FileRefused(_validation_problems(error, content, loader, file)) from error


def _node(model: NodeModel, provenance: Provenance) -> Node:
    rule = _spec(model.rule) if model.rule is not None else None
    return Node(
        id=model.id,
        code=model.code,
        title=model.title,
        title_en=model.title_en,
        max_points=model.max,
        scoring=model.scoring,
        provenance=model.provenance or provenance,
        rule=rule,
        evidence=model.evidence,
        department=model.department,
        children=tuple(_node(child, provenance) for child in model.children),
    )


def from_model(model: FrameworkModel) -> Framework:
    return Framework(
        id=model.id,
        title=model.title,
        title_en=model.title_en,
        level=model.level,
        years=tuple(model.years),
        decision=model.decision,
        example=model.example,
        note=model.note,
        sources=tuple(model.sources),
        expected_counts=tuple(model.expected_counts),
        follows=model.follows,
        code_map=tuple((old, new) for old, new in model.code_map),
        decimals=model.decimals,
        scale_max=model.scale_max,
        composite=dict(model.composite) if model.composite is not None else None,
        index_may_exceed_max=model.index_may_exceed_max,
        bands=tuple(GradeBand(band.name, band.at_least, band.below) for band in model.bands),
        nodes=tuple(_node(node, model.provenance) for node in model.nodes),
    )


def _node_lines(content: object, loader: YamlLoader) -> dict[str, list[dict[str, int]]]:
    """Per code, for each node written with it (in file order), the line of each of its keys."""
    lines: dict[str, list[dict[str, int]]] = {}

    def visit(nodes: object) -> None:
        if not isinstance(nodes, list):
            return
        for item in nodes:
            if isinstance(item, dict):
                code = item.get("code")
                if isinstance(code, str):
                    keys = {
                        str(key): line
                        for key in item
                        if (line := loader.key_lines.get((id(item), key))) is not None
                    }
                    lines.setdefault(code, []).append(keys)
                visit(item.get("children"))

    if isinstance(content, dict):
        visit(content.get("nodes"))
    return lines


# The key of a node a check message is about: a rule problem is on its `rule` line, …
_MESSAGE_KEYS = {
    "framework_negative_max": "max",
    "framework_children_over_max": "max",
    "framework_children_under_max": "max",
    "framework_rule_on_parent": "rule",
}


def check_problems(
    framework: Framework, file: str, lines: Mapping[str, Sequence[Mapping[str, int]]]
) -> list[Problem]:
    """`core.framework.check`'s messages placed at the node they are about (and its line).

    `lines` lists, per code, the nodes written with it in file order, which is the
    framework's pre-order: the n-th node with a code in the tree is the n-th in the file.
    """
    occurrence: dict[int, int] = {}
    seen: dict[str, int] = {}
    for walked, _depth in framework.walk():
        occurrence[id(walked)] = seen.get(walked.code, 0)
        seen[walked.code] = occurrence[id(walked)] + 1
    problems = []
    for node, message in located_problems(framework):
        code = node.code if node is not None else None
        written = lines.get(code, []) if code is not None else []
        index = occurrence.get(id(node), 0)
        keys = written[index] if index < len(written) else {}
        wanted = "rule" if message.key.startswith("rule_") else _MESSAGE_KEYS.get(message.key)
        line = keys.get(wanted or "code", keys.get("code"))
        problems.append(Problem(Place(file, line=line, node=code), message))
    return problems


def load(data: bytes | str, file: str) -> Framework:
    """The framework in a YAML file's bytes or text; FileRefused with every problem found."""
    content, loader = _parse_yaml(data, file)
    try:
        model = FrameworkModel.model_validate(content)
    except ValidationError as error:
        raise FileRefused(_validation_problems(error, content, loader, file)) from error
    framework = from_model(model)
    problems = check_problems(framework, file, _node_lines(content, loader))
    if problems:
        raise FileRefused(problems)
    return framework


# Writing ---------------------------------------------------------------------------------


class YamlDumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: YamlDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if "." in text:
        return dumper.represent_scalar("tag:yaml.org,2002:float", text)
    return dumper.represent_scalar("tag:yaml.org,2002:int", text)


YamlDumper.add_representer(Decimal, _represent_decimal)


def _node_content(node: Node, default: Provenance) -> dict[str, object]:
    content: dict[str, object] = {"id": node.id, "code": node.code, "title": node.title}
    if node.title_en:
        content["title_en"] = node.title_en
    if node.max_points is not None:
        content["max"] = node.max_points
    if node.scoring != Scoring.ASSESSED:
        content["scoring"] = node.scoring.value
    if node.provenance != default:
        content["provenance"] = node.provenance.value
    if node.rule is not None:
        rule: dict[str, object] = {"type": node.rule.type, **node.rule.params}
        if node.rule.labels:
            rule["labels"] = dict(node.rule.labels)
        content["rule"] = rule
    if node.evidence:
        content["evidence"] = node.evidence
    if node.department:
        content["department"] = node.department
    if node.children:
        content["children"] = [_node_content(child, default) for child in node.children]
    return content


def plain(value: object) -> object:
    """Tuples (core's steps and lists) as YAML sequences."""
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def content(framework: Framework) -> dict[str, object]:
    """The framework as the plain mapping its YAML file holds, in the file's key order."""
    counts: dict[Provenance, int] = {}
    for node, _depth in framework.walk():
        counts[node.provenance] = counts.get(node.provenance, 0) + 1
    default = max(counts, key=lambda kind: counts[kind]) if counts else Provenance.USER
    data: dict[str, object] = {"format": FORMAT, "id": framework.id, "title": framework.title}
    if framework.title_en:
        data["title_en"] = framework.title_en
    data["level"] = framework.level
    data["years"] = list(framework.years)
    optional: dict[str, object] = {
        "decision": framework.decision,
        "example": framework.example or None,
        "note": framework.note or None,
        "sources": list(framework.sources) or None,
        "expected_counts": list(framework.expected_counts) or None,
        "follows": framework.follows,
        "code_map": [list(pair) for pair in framework.code_map] or None,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    data["provenance"] = default.value
    data["decimals"] = framework.decimals
    if framework.scale_max is not None:
        data["scale_max"] = framework.scale_max
    if framework.composite is not None:
        data["composite"] = dict(framework.composite)
    if framework.index_may_exceed_max:
        data["index_may_exceed_max"] = True
    data["bands"] = [
        {"name": band.name, "at_least": band.at_least}
        | ({"below": band.below} if band.below is not None else {})
        for band in framework.bands
    ]
    data["nodes"] = [_node_content(node, default) for node in framework.nodes]
    return data


def dump(framework: Framework) -> str:
    """The framework as YAML text that `load` reads back to an equal framework."""
    text = yaml.dump(
        plain(content(framework)),
        Dumper=YamlDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return f"# {FORMAT}: docs/frameworks.md\n{text}"


def flow(mapping: Mapping[str, object]) -> str:
    """A mapping as one line of YAML flow text, decimals exact: {steps: [[3, 2], [1, 1]]}."""
    text = yaml.dump(
        plain(dict(mapping)),
        Dumper=YamlDumper,
        default_flow_style=True,
        allow_unicode=True,
        sort_keys=False,
        width=2**31 - 1,
    )
    return text.strip()


def rule_text(spec: RuleSpec) -> str:
    """A rule as one line of YAML that `rule_spec` reads back: `{type: met}`."""
    rule: dict[str, object] = {"type": spec.type, **spec.params}
    if spec.labels:
        rule["labels"] = dict(spec.labels)
    return flow(rule)
