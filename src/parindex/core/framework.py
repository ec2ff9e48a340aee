"""Frameworks (bộ tiêu chí) as data: a tree of fields, criteria and sub-criteria of any depth.

A framework is *complete* when every leaf has a maximum and a rule, and every parent's
maximum is known or can be derived from its children; otherwise it is a *skeleton*, which
can be viewed and completed but never scored. An unknown maximum is None, never zero.

`check` lists what is wrong with a framework, each problem a Message naming the node code.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, Field, dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from functools import cached_property

from parindex.core.messages import Message, Refused
from parindex.core.rules import RULE_TYPES, RuleSpec, parse_rule


class Scoring(StrEnum):
    ASSESSED = "assessed"  # self-assessed by the unit, then appraised
    DATA = "data"  # computed from operational data
    SURVEY = "survey"  # from a sociological or satisfaction survey
    FIXED_TOTAL = "fixed_total"  # a parent whose max is not the sum of its children: a cap


class Provenance(StrEnum):
    DECISION = "decision"  # read in the decision that publishes the framework
    EXAMPLE = "example"  # made up for the demo, labelled as such
    USER = "user"  # entered or changed by a coordinator


@dataclass(frozen=True, kw_only=True)
class Node:
    id: str  # stable across years and edits, independent of the display code
    code: str  # "1", "1.5", "3.1.4"
    title: str
    max_points: Decimal | None  # None: unknown, never zero
    scoring: Scoring
    provenance: Provenance
    title_en: str | None = None
    rule: RuleSpec | None = None
    evidence: str = ""  # the evidence documents the node asks for
    department: str | None = None  # a kind of department, e.g. "home_affairs"
    children: tuple["Node", ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def known_max(self) -> Decimal | None:
        """The maximum as declared, else derived as the sum of the children's (not for a cap)."""
        if self.max_points is not None:
            return self.max_points
        if not self.children or self.scoring == Scoring.FIXED_TOTAL:
            return None
        maxima = [child.known_max() for child in self.children]
        if any(value is None for value in maxima):
            return None
        return sum((value for value in maxima if value is not None), Decimal(0))


@dataclass(frozen=True)
class GradeBand:
    """A range of the index in percent: at_least ≤ index < below (no upper end when None)."""

    name: str
    at_least: Decimal
    below: Decimal | None = None

    def holds(self, percent: Decimal) -> bool:
        return self.at_least <= percent and (self.below is None or percent < self.below)


@dataclass(frozen=True, kw_only=True)
class Framework:
    id: str
    title: str
    level: str  # "province", "department", "commune", ...
    years: tuple[int, ...]
    nodes: tuple[Node, ...]
    decision: str | None = None  # the decision that publishes it, e.g. "876/QĐ-BNV"
    decimals: int = 2  # leaves and the index are rounded ROUND_HALF_UP to this many places
    scale_max: Decimal | None = None
    composite: Mapping[str, Decimal] | None = None  # e.g. {"appraised": 68, "survey": 32}
    bands: tuple[GradeBand, ...] = ()  # may leave gaps: below the lowest is "not classified"
    index_may_exceed_max: bool = False  # bonus points may take the index above scale_max
    title_en: str | None = None
    example: bool = False  # made up to show how parindex works, not an official framework
    note: str = ""  # what is known and what is not, in the words of whoever wrote it
    sources: tuple[str, ...] = ()  # where the content was read
    # What the decision says it contains, by depth (fields, criteria, sub-criteria), when
    # the tree itself is not (yet) known: a skeleton's promise, not a check.
    expected_counts: tuple[int | None, ...] = ()
    # The framework it replaces (last year's id) and how that one's codes became these
    # ("1.5" → "1.6"): results compare year on year through it (core.results.CodeMap).
    # A code on no pair means the same as before.
    follows: str | None = None
    code_map: tuple[tuple[str, str], ...] = ()

    def walk(self) -> Iterator[tuple[Node, int]]:
        """Every node in pre-order with its depth: 1 for a field, 2 for a criterion, …"""
        for node, _parent, depth in _walk(self.nodes, None, 1):
            yield node, depth

    def by_code(self, code: str) -> Node | None:
        """The node with this code (the first one in pre-order if the code is duplicated)."""
        return self._by_code.get(code)

    def by_id(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def leaves(self) -> tuple[Node, ...]:
        return self._leaves

    def missing(self) -> list[str]:
        """Codes, in pre-order, whose maximum is unknown or, for a leaf, whose rule is."""
        return list(self._missing)

    def is_complete(self) -> bool:
        """Every maximum and leaf rule known, and at least one node: scorable."""
        return bool(self.nodes) and not self._missing

    def grade(self, percent: Decimal) -> str | None:
        """The name of the first band that holds `percent`; None for "not classified"."""
        for band in self.bands:
            if band.holds(percent):
                return band.name
        return None

    def content_hash(self) -> str:
        """sha256 of a canonical serialisation of every field, node and rule parameter.

        Stable across runs and processes; numbers are compared by value (1.0 and 1.00 hash
        alike), anything else that differs changes the hash.
        """
        text = json.dumps(
            ["parindex-framework/1", _canonical(self)],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @cached_property
    def _by_code(self) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for node, _depth in self.walk():
            found.setdefault(node.code, node)
        return found

    @cached_property
    def _by_id(self) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for node, _depth in self.walk():
            found.setdefault(node.id, node)
        return found

    @cached_property
    def _leaves(self) -> tuple[Node, ...]:
        return tuple(node for node, _depth in self.walk() if node.is_leaf)

    @cached_property
    def leaf_ids(self) -> frozenset[str]:
        """The ids of every leaf, computed once per framework."""
        return frozenset(node.id for node in self._leaves)

    @cached_property
    def _missing(self) -> tuple[str, ...]:
        return tuple(
            node.code
            for node, _depth in self.walk()
            if node.known_max() is None or (node.is_leaf and node.rule is None)
        )


def _walk(
    nodes: tuple[Node, ...], parent: Node | None, depth: int
) -> Iterator[tuple[Node, Node | None, int]]:
    for node in nodes:
        yield node, parent, depth
        yield from _walk(node.children, node, depth + 1)


def _canonical(value: object) -> object:
    """A JSON value that says the same as `value`; floats are refused, Decimals kept exact."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, int | Decimal):
        # 10 and 10.00 say the same: a file may write either, Excel and YAML turn one into
        # the other, and the hash must not see the difference.
        number = Decimal(value)
        if not number.is_finite():
            raise TypeError(f"{value} is not a number of points")
        return {"decimal": format(number.normalize(), "f")}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if is_dataclass(value) and not isinstance(value, type):
        # Field names only, not the class: renaming a Python class changes no content. A
        # field left at its default is left out, so adding a field keeps every frozen hash.
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in fields(value)
            if not _is_default(f, getattr(value, f.name))
        }
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"{type(value).__name__} has no canonical form in a framework")


def _is_default(spec: "Field[object]", value: object) -> bool:
    if spec.default is not MISSING:
        return bool(value == spec.default)
    if spec.default_factory is not MISSING:
        return bool(value == spec.default_factory())
    return False


def _extends(parent_code: str, code: str) -> bool:
    """True when `code` is `parent_code` and one more segment: "1.5" under "1"."""
    prefix = parent_code + "."
    rest = code[len(prefix) :]
    return code.startswith(prefix) and bool(rest) and "." not in rest


def check(framework: Framework) -> list[Message]:
    """What is wrong with a framework: node problems in pre-order, then band problems.

    Every rule must hold with its node's max: its problems name the node (rule_* keys).
    Children of an ordinary parent must add up exactly to the parent's declared maximum
    when all their maxima are known (over as soon as the known ones exceed it). Children of
    a FIXED_TOTAL node may add up to more than its maximum (it is a cap), never to less.
    """
    return [message for _node, message in located_problems(framework)]


def located_problems(framework: Framework) -> list[tuple[Node | None, Message]]:
    """`check`'s messages, each with the node it is about (None for a band problem): where
    two nodes share a code, the node tells which one is meant."""
    problems: list[tuple[Node | None, Message]] = []
    codes: set[str] = set()
    ids: dict[str, str] = {}
    for node, parent, _depth in _walk(framework.nodes, None, 1):
        found: list[Message] = []
        code_ok = bool(node.code) and "" not in node.code.split(".")
        if not code_ok:
            found.append(Message("framework_code_empty", {"code": node.code, "id": node.id}))
        elif node.code in codes:
            found.append(Message("framework_duplicate_code", {"code": node.code}))
        codes.add(node.code)
        if node.id in ids:
            params: dict[str, object] = {
                "id": node.id,
                "code": node.code,
                "first_code": ids[node.id],
            }
            found.append(Message("framework_duplicate_id", params))
        ids.setdefault(node.id, node.code)
        if parent is not None and code_ok and not _extends(parent.code, node.code):
            params = {"code": node.code, "parent": parent.code}
            found.append(Message("framework_code_outside_parent", params))
        if node.max_points is not None and node.max_points < 0:
            params = {"code": node.code, "max": node.max_points}
            found.append(Message("framework_negative_max", params))
        found.extend(_children_problems(node))
        found.extend(_rule_problems(node))
        problems.extend((node, message) for message in found)
    problems.extend((None, message) for message in _band_problems(framework.bands))
    problems.extend((None, message) for message in _code_map_problems(framework, codes))
    return problems


def _code_map_problems(framework: Framework, codes: set[str]) -> list[Message]:
    """A code map needs the framework it maps from, and maps to codes of this one."""
    if framework.code_map and framework.follows is None:
        return [Message("framework_code_map_without_follows")]
    return [
        Message("framework_code_map_unknown", {"code": new})
        for new in dict.fromkeys(new for _old, new in framework.code_map)
        if new not in codes
    ]


def _children_problems(node: Node) -> list[Message]:
    if node.is_leaf or node.max_points is None:
        return []
    maxima = [child.known_max() for child in node.children]
    known = sum((value for value in maxima if value is not None), Decimal(0))
    all_known = all(value is not None for value in maxima)
    params: dict[str, object] = {"code": node.code, "max": node.max_points, "children_sum": known}
    if node.scoring == Scoring.FIXED_TOTAL:
        if all_known and known < node.max_points:
            return [Message("framework_children_under_max", params)]
        return []
    if known > node.max_points:
        return [Message("framework_children_over_max", params)]
    if all_known and known < node.max_points:
        return [Message("framework_children_under_max", params)]
    return []


def _rule_problems(node: Node) -> list[Message]:
    """A rule on a parent, or a rule its node's max cannot hold (a step above max, …)."""
    if node.rule is None:
        return []
    if not node.is_leaf:
        return [Message("framework_rule_on_parent", {"code": node.code, "type": node.rule.type})]
    max_points = node.known_max()
    if max_points is None or max_points < 0:
        # The parameters are checked against the max once it is known; the type now.
        if node.rule.type not in RULE_TYPES:
            return [Message("rule_unknown_type", {"node": node.code, "type": node.rule.type})]
        return []
    try:
        parse_rule(node.rule, max_points, node.code)
    except Refused as refused:
        return [refused.message]
    return []


def _band_problems(bands: tuple[GradeBand, ...]) -> list[Message]:
    problems: list[Message] = []
    for band in bands:
        if band.below is not None and band.below <= band.at_least:
            params: dict[str, object] = {
                "band": band.name,
                "at_least": band.at_least,
                "below": band.below,
            }
            problems.append(Message("framework_band_empty", params))
    ranges = [band for band in bands if band.below is None or band.at_least < band.below]
    for index, band in enumerate(ranges):
        for other in ranges[index + 1 :]:
            band_end = band.below if band.below is not None else Decimal("Infinity")
            other_end = other.below if other.below is not None else Decimal("Infinity")
            if band.at_least < other_end and other.at_least < band_end:
                params = {"band": other.name, "other": band.name}
                problems.append(Message("framework_bands_overlap", params))
    return problems


def require_complete(framework: Framework) -> None:
    """Refuse a skeleton: it can be viewed and completed, never scored."""
    if not framework.nodes:
        raise Refused(Message("framework_no_nodes", {"id": framework.id}))
    missing = framework.missing()
    if missing:
        raise Refused(Message("framework_skeleton", {"missing": missing}), where=missing[0])
