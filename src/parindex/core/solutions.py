"""What a remediation plan proposes for a lost item: the solution library.

A suggestion says what to do, which unit leads (chủ trì) and which help (phối hợp). The
library answers for one lost item in the order a coordinator would: what is written for
that very criterion of the framework; else what suits its field, recognised by words in
the field's title ("thủ tục hành chính", "chính quyền số"), since the field decides which
office leads; else what suits its rule type (a threshold to reach, deductions per
occurrence, a survey score); else a general suggestion. Texts written by users for a node,
in plans they finalised, come first among a node's own, most used first.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from parindex.core.text import fold


@dataclass(frozen=True)
class Suggestion:
    solution: str  # what will be done, as a plan's item says it
    lead: str  # the lead unit (chủ trì), by its usual name: "Văn phòng HĐND và UBND"
    coordinating: tuple[str, ...] = ()  # coordinating units (phối hợp)


@dataclass(frozen=True)
class FieldSuggestion:
    """A suggestion for the lost items of a field whose title holds all of `words`."""

    words: tuple[str, ...]  # compared diacritic- and case-free (core.text.fold)
    suggestion: Suggestion


@dataclass(frozen=True)
class SolutionLibrary:
    fallback: Suggestion
    by_node: Mapping[str, tuple[Suggestion, ...]] = field(default_factory=dict)  # node id
    by_rule: Mapping[str, Suggestion] = field(default_factory=dict)  # rule type
    by_field: tuple[FieldSuggestion, ...] = ()  # the first that matches wins
    # The usual names of the kinds of department a framework node names as its owner
    # (Node.department: "vp" → "Văn phòng HĐND và UBND").
    departments: Mapping[str, str] = field(default_factory=dict)

    def lead(self, department: str | None, suggestion: Suggestion) -> str:
        """Who leads an item: the node's own department when the library knows its name,
        else the suggestion's lead."""
        if department is not None and department in self.departments:
            return self.departments[department]
        return suggestion.lead

    def suggest(self, node_id: str | None, rule: str | None, field_title: str) -> Suggestion:
        """The suggestion for a lost item: its node's, its field's, its rule type's, or the
        library's general one."""
        if node_id is not None and self.by_node.get(node_id):
            return self.by_node[node_id][0]
        title = fold(field_title)
        for candidate in self.by_field:
            if all(fold(word) in title for word in candidate.words):
                return candidate.suggestion
        if rule is not None and rule in self.by_rule:
            return self.by_rule[rule]
        return self.fallback
