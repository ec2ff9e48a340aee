"""Units, ranking groups, lineage and people from and to workbooks, as one person may.

Import reads the workbook (parindex.io.org_workbook), resolves every code through the
importer's scope and collects every problem before anything is written; only a workbook
with none is written, through the named writes of actions.py (so every row is audited with
the importer as actor), in one transaction: all or nothing. Export writes the same sheets
for everything in the person's scope, so an export can be imported back.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.access import scope
from parindex.audit.writes import ActionRefused
from parindex.core import tree
from parindex.core.lineage import LineageKind, check_shape
from parindex.core.messages import Message, Refused
from parindex.io import org_workbook as book
from parindex.io.org_workbook import (
    GROUPS,
    LINEAGE,
    UNITS,
    USERS,
    Choices,
    Parsed,
    UnitRow,
    UserRow,
    Vocabulary,
)
from parindex.io.problems import Place, Problem
from parindex.org import actions, policy
from parindex.org.models import (
    LINEAGE_KIND_LABELS,
    LineageEvent,
    RankingGroup,
    Role,
    Unit,
    UnitKind,
    User,
)
from parindex.org.scopes import visible_roles
from parindex.web import messages

T = TypeVar("T")
NAME_LENGTH, PERSON_NAME_LENGTH, EMAIL_LENGTH = 255, 150, 254

# Keys of the problems found here, beside those of parindex.io.org_workbook.
TEXT = "workbook_text"  # (text): a message already rendered (by a named write, Django)
CODE_INVALID = "workbook_code_invalid"  # (code)
CODE_TWICE = "workbook_code_twice"  # (code, row)
CODE_TAKEN = "workbook_code_taken"  # (code)
UNIT_UNKNOWN = "workbook_unit_unknown"  # (code)
UNIT_OUTSIDE = "workbook_unit_outside"  # (code)
TOP_LEVEL = "workbook_top_level"
CYCLE = "workbook_cycle"  # (rows)
DATES_ORDER = "workbook_dates_order"
ENDS_BEFORE_START = "workbook_ends_before_start"  # (code, start, end)
STARTS_AFTER_END = "workbook_starts_after_end"  # (code, start, end)
YEAR_RANGE = "workbook_year_range"  # (first, last)
GROUP_TWICE = "workbook_group_twice"  # (row)
GROUP_TAKEN = "workbook_group_taken"  # (unit, name, year)
NOT_BELOW = "workbook_not_below"  # (unit, outside)
USERNAME_TAKEN = "workbook_username_taken"  # (username)
PERSON_DIFFERS = "workbook_person_differs"  # (row)
ROLE_TWICE = "workbook_role_twice"  # (row)
ROLE_NOT_GIVABLE = "workbook_role_not_givable"  # (role)
ROLE_UNIT = "workbook_role_unit"
EMAIL_INVALID = "workbook_email_invalid"  # (value)
TOO_LONG = "workbook_too_long"  # (most, length)
NOT_ALLOWED = "workbook_not_allowed"
DATABASE = "workbook_database"

TEMPLATES: dict[str, Promise] = {
    TEXT: gettext_lazy("%(text)s"),
    CODE_INVALID: gettext_lazy(
        "The code “%(code)s” is not valid: use up to 32 letters, digits, dots, dashes or "
        "underscores, starting with a letter or digit."
    ),
    CODE_TWICE: gettext_lazy("The code “%(code)s” is already given on row %(row)s."),
    CODE_TAKEN: gettext_lazy("The code “%(code)s” is already used by another unit."),
    UNIT_UNKNOWN: gettext_lazy(
        "There is no unit with the code “%(code)s”, neither in this workbook nor in parindex."
    ),
    UNIT_OUTSIDE: gettext_lazy("The unit “%(code)s” is outside the units you manage."),
    TOP_LEVEL: gettext_lazy(
        "Only an administrator creates top-level units; give the code of the parent unit."
    ),
    CYCLE: gettext_lazy(
        "The parent units of rows %(rows)s form a cycle: a unit cannot be below itself."
    ),
    DATES_ORDER: gettext_lazy("The unit cannot stop being active before it starts."),
    ENDS_BEFORE_START: gettext_lazy(
        "This change ends the unit “%(code)s” on %(end)s, before it starts being active "
        "(%(start)s)."
    ),
    STARTS_AFTER_END: gettext_lazy(
        "This change starts the unit “%(code)s” on %(start)s, after it stops being active "
        "(%(end)s)."
    ),
    YEAR_RANGE: gettext_lazy("The year must be between %(first)s and %(last)s."),
    GROUP_TWICE: gettext_lazy("The same ranking group is already given on row %(row)s."),
    GROUP_TAKEN: gettext_lazy("%(unit)s already has a ranking group “%(name)s” for %(year)s."),
    NOT_BELOW: gettext_lazy("Only units below %(unit)s can be ranked in its groups: %(outside)s."),
    USERNAME_TAKEN: gettext_lazy("The username “%(username)s” is already taken."),
    PERSON_DIFFERS: gettext_lazy(
        "Row %(row)s gives the same person another full name or e-mail; write them the same "
        "way on every row, or leave them empty after the first."
    ),
    ROLE_TWICE: gettext_lazy("Row %(row)s already gives this person this role at this unit."),
    ROLE_NOT_GIVABLE: gettext_lazy("You may not give the role “%(role)s”."),
    ROLE_UNIT: gettext_lazy(
        "Administrators hold their role without a unit; every other role needs a unit."
    ),
    EMAIL_INVALID: gettext_lazy("“%(value)s” is not an e-mail address."),
    TOO_LONG: gettext_lazy(
        "The value is too long: at most %(most)s characters are kept (it has %(length)s)."
    ),
    NOT_ALLOWED: gettext_lazy("You may not make this change."),
    DATABASE: gettext_lazy("The database refused this row: it contradicts what is already stored."),
}


def render_place(place: Place) -> str:
    params = {"file": place.file, "sheet": place.sheet, "row": place.row, "column": place.column}
    if place.sheet is None:
        return _("file %(file)s") % params
    if place.row is None:
        return _("file %(file)s, sheet “%(sheet)s”") % params
    if place.column is None:
        return _("file %(file)s, sheet “%(sheet)s”, row %(row)s") % params
    return _("file %(file)s, sheet “%(sheet)s”, row %(row)s, column “%(column)s”") % params


def render_message(message: Message) -> str:
    if message.key in TEMPLATES:
        return str(TEMPLATES[message.key]) % dict(message.params)
    return messages.render(message)


def render_problem(problem: Problem) -> str:
    """«file units.xlsx, sheet “Đơn vị”, row 7, column “…”: what is wrong», translated."""
    return _("%(place)s: %(problem)s") % {
        "place": render_place(problem.place),
        "problem": render_message(problem.message),
    }


class WorkbookRefused(Exception):
    """The workbook was refused and nothing was imported; `problems` says everything wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the workbook")
        self.problems = problems

    def messages(self) -> list[str]:
        return [render_problem(problem) for problem in self.problems]


@dataclass
class Imported:
    file: str
    units: list[Unit] = field(default_factory=list)
    groups: list[RankingGroup] = field(default_factory=list)
    events: list[LineageEvent] = field(default_factory=list)
    users: list[User] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.units) + len(self.groups) + len(self.events) + len(self.users)

    def summary(self) -> str:
        return _(
            "Imported from %(file)s: %(units)s unit(s), %(groups)s ranking group(s), "
            "%(events)s change(s) in the tree, %(users)s person(s)."
        ) % {
            "file": self.file,
            "units": len(self.units),
            "groups": len(self.groups),
            "events": len(self.events),
            "users": len(self.users),
        }


def _labels(label: object) -> list[str]:
    """A choice's label in Vietnamese and in English."""
    words = []
    for language in ("vi", "en"):
        with translation.override(language):
            words.append(str(label))
    return words


def vocabulary() -> Vocabulary:
    """The accepted words of coded columns: values, Vietnamese and English labels, and the
    words offices use (tỉnh, sở, xã, phường, hợp nhất, …)."""
    unit_kinds = {
        value: [*book.UNIT_KIND_WORDS.get(value, ()), *_labels(label)]
        for value, label in UnitKind.choices
    }
    lineage_kinds = {
        kind.value: [*book.LINEAGE_KIND_WORDS.get(kind, ()), *_labels(label)]
        for kind, label in LINEAGE_KIND_LABELS.items()
    }
    roles = {value: _labels(label) for value, label in Role.choices}
    with translation.override("vi"):
        role_words = {value: [str(label)] for value, label in Role.choices}
    return Vocabulary(
        unit_kinds=Choices.build(unit_kinds, book.UNIT_KIND_WORDS),
        lineage_kinds=Choices.build(lineage_kinds, book.LINEAGE_KIND_WORDS),
        roles=Choices.build(roles, role_words),
    )


def _may_import(actor: User) -> None:
    if not actor.is_active or not policy.manages_a_subtree(actor):
        raise PermissionDenied


class _Check:
    """Every check that can be made before writing, with the problems it finds."""

    def __init__(self, actor: User, parsed: Parsed) -> None:
        self.actor, self.parsed = actor, parsed
        self.problems: list[Problem] = []
        self.administrator = policy.is_administrator(actor)
        # The new units: each code's first row (a repeated code is itself a problem).
        self.new: dict[str, UnitRow] = {}
        for row in parsed.units:
            if row.code:
                self.new.setdefault(row.code, row)
        referenced = self._referenced()
        self.existing = {u.code: u for u in Unit.objects.filter(code__in=referenced)}
        self.managed = set(
            scope(actor, Unit, "manage").filter(code__in=referenced).values_list("code", flat=True)
        )
        # The codes of every ancestor of the existing units, to tell who is below whom.
        ancestor_ids = {pk for unit in self.existing.values() for pk in tree.ids(unit.path)}
        self.code_of = dict(Unit.objects.filter(pk__in=ancestor_ids).values_list("pk", "code"))
        self._ancestors: dict[str, frozenset[str]] = {}
        self.order: list[UnitRow] = []

    def _referenced(self) -> set[str]:
        parsed = self.parsed
        codes = set(self.new)
        codes |= {row.parent for row in parsed.units if row.parent}
        codes |= {row.evaluator for row in parsed.groups if row.evaluator}
        codes |= {code for row in parsed.groups for code in row.units}
        codes |= {code for row in parsed.lineage for code in (*row.before, *row.after)}
        codes |= {row.unit for row in parsed.users if row.unit}
        return codes

    def problem(
        self, sheet: str, line: int | None, column: str | None, key: str, /, **params: object
    ) -> None:
        self.problems.append(Problem(self.parsed.place(sheet, line, column), Message(key, params)))

    def length(self, sheet: str, line: int, column: str, value: str, most: int) -> None:
        if len(value) > most:
            self.problem(sheet, line, column, TOO_LONG, most=most, length=len(value))

    def ancestors(self, code: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The codes of the unit and every unit above it (as far as the chain is known)."""
        if code in self._ancestors:
            return self._ancestors[code]
        if code in self.new and code not in seen:
            parent = self.new[code].parent
            above = self.ancestors(parent, seen | {code}) if parent else frozenset()
            found = above | {code}
        elif code in self.existing:
            found = frozenset(self.code_of.get(pk, "") for pk in tree.ids(self.existing[code].path))
        else:
            found = frozenset({code})
        self._ancestors[code] = found
        return found

    def reference(self, sheet: str, row: int, column: str, code: str, allowed: bool) -> bool:
        """Whether `code` names a unit of this workbook, or a stored one the importer may
        use here (`allowed`); if not, the problem saying so."""
        if code in self.new:
            return True
        if code not in self.existing:
            self.problem(sheet, row, column, UNIT_UNKNOWN, code=code)
            return False
        if not allowed:
            self.problem(sheet, row, column, UNIT_OUTSIDE, code=code)
            return False
        return True

    def run(self) -> list[Problem]:
        self.units()
        self.groups()
        self.lineage()
        self.users()
        return self.problems

    def units(self) -> None:
        first_row: dict[str, int] = {}
        taken = set(Unit.objects.filter(code__in=list(self.new)).values_list("code", flat=True))
        for row in self.parsed.units:
            if row.code:
                if not actions.CODE_PATTERN.match(row.code) or len(row.code) > 32:
                    self.problem(UNITS, row.row, "code", CODE_INVALID, code=row.code)
                elif row.code in first_row:
                    self.problem(
                        UNITS, row.row, "code", CODE_TWICE, code=row.code, row=first_row[row.code]
                    )
                elif row.code in taken:
                    self.problem(UNITS, row.row, "code", CODE_TAKEN, code=row.code)
                first_row.setdefault(row.code, row.row)
            self.length(UNITS, row.row, "name", row.name, NAME_LENGTH)
            if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
                self.problem(UNITS, row.row, "valid_to", DATES_ORDER)
        for row in self.new.values():
            if not row.parent:
                if not self.administrator:
                    self.problem(UNITS, row.row, "parent", TOP_LEVEL)
            else:
                parent = self.existing.get(row.parent)
                allowed = parent is not None and policy.may_create_unit_under(self.actor, parent)
                self.reference(UNITS, row.row, "parent", row.parent, allowed)
        self._order()

    def _order(self) -> None:
        """Parents before children; a cycle among the new units is a problem."""
        placed: set[str] = set()
        in_cycle: set[str] = set()
        for row in self.new.values():
            chain: list[UnitRow] = []
            code = row.code
            while code in self.new and code not in placed and code not in in_cycle:
                if any(link.code == code for link in chain):
                    cycle = chain[[link.code for link in chain].index(code) :]
                    in_cycle |= {link.code for link in cycle}
                    rows = sorted(link.row for link in cycle)
                    self.problem(
                        UNITS,
                        rows[0],
                        "parent",
                        CYCLE,
                        rows=", ".join(str(number) for number in rows),
                    )
                    chain = []
                    break
                chain.append(self.new[code])
                code = self.new[code].parent
            if code in in_cycle:
                in_cycle |= {link.code for link in chain}
                continue
            for link in reversed(chain):
                placed.add(link.code)
                self.order.append(link)

    def groups(self) -> None:
        first_row: dict[tuple[str, int, str], int] = {}
        for row in self.parsed.groups:
            evaluator_known = bool(row.evaluator) and self.reference(
                GROUPS,
                row.row,
                "evaluator",
                row.evaluator,
                row.evaluator in self.existing
                and policy.coordinates(self.actor, self.existing[row.evaluator]),
            )
            if row.year is not None and not actions.FIRST_YEAR <= row.year <= actions.LAST_YEAR:
                self.problem(
                    GROUPS,
                    row.row,
                    "year",
                    YEAR_RANGE,
                    first=actions.FIRST_YEAR,
                    last=actions.LAST_YEAR,
                )
            name = " ".join(row.name.split())
            self.length(GROUPS, row.row, "name", name, NAME_LENGTH)
            if evaluator_known and row.year is not None and name:
                key = (row.evaluator, row.year, name)
                if key in first_row:
                    self.problem(GROUPS, row.row, "name", GROUP_TWICE, row=first_row[key])
                elif RankingGroup.objects.filter(
                    evaluating_unit__code=row.evaluator, year=row.year, name=name
                ).exists():
                    self.problem(
                        GROUPS,
                        row.row,
                        "name",
                        GROUP_TAKEN,
                        unit=row.evaluator,
                        name=name,
                        year=row.year,
                    )
                first_row.setdefault(key, row.row)
            outside = []
            for code in row.units:
                if code not in self.new and code not in self.existing:
                    self.problem(GROUPS, row.row, "units", UNIT_UNKNOWN, code=code)
                elif evaluator_known and (
                    code == row.evaluator or row.evaluator not in self.ancestors(code)
                ):
                    outside.append(code)
            if outside:
                self.problem(
                    GROUPS,
                    row.row,
                    "units",
                    NOT_BELOW,
                    unit=row.evaluator,
                    outside=", ".join(outside),
                )

    def lineage(self) -> None:
        for row in self.parsed.lineage:
            for column, codes in (("before", row.before), ("after", row.after)):
                for code in codes:
                    self.reference(LINEAGE, row.row, column, code, code in self.managed)
            if row.kind is None:
                continue
            try:
                check_shape(LineageKind(row.kind), row.before, row.after)
            except Refused as refused:
                side = refused.where if refused.where in {"before", "after"} else None
                text = messages.render(refused.message)
                self.problem(LINEAGE, row.row, side, TEXT, text=text)
            if row.day is None:
                continue
            last_day = row.day - timedelta(days=1)
            for code in row.before:
                start = self._starts(code)
                if code not in row.after and start is not None and start > last_day:
                    self.problem(
                        LINEAGE,
                        row.row,
                        "day",
                        ENDS_BEFORE_START,
                        code=code,
                        end=f"{last_day:%d/%m/%Y}",
                        start=f"{start:%d/%m/%Y}",
                    )

            for code in row.after:
                start, end = self._starts(code), self._ends(code)
                if code not in row.before and start is None and end is not None and end < row.day:
                    self.problem(
                        LINEAGE,
                        row.row,
                        "day",
                        STARTS_AFTER_END,
                        code=code,
                        start=f"{row.day:%d/%m/%Y}",
                        end=f"{end:%d/%m/%Y}",
                    )

    def _starts(self, code: str) -> date | None:
        if code in self.new:
            return self.new[code].valid_from
        unit = self.existing.get(code)
        return unit.valid_from if unit else None

    def _ends(self, code: str) -> date | None:
        if code in self.new:
            return self.new[code].valid_to
        unit = self.existing.get(code)
        return unit.valid_to if unit else None

    def users(self) -> None:
        rows = self.parsed.users
        usernames = {row.username.lower() for row in rows if row.username}
        # Compared without case, as actions._new_user compares them.
        taken = set(
            User.objects.annotate(lowered=Lower("username"))
            .filter(lowered__in=usernames)
            .values_list("lowered", flat=True)
        )
        first: dict[str, UserRow] = {}
        roles_given: dict[tuple[str, str, str], int] = {}
        givable = policy.givable_roles(self.actor)
        for row in rows:
            self._user_row(row, first, roles_given, taken, givable)

    def _user_row(
        self,
        row: UserRow,
        first: dict[str, UserRow],
        roles_given: dict[tuple[str, str, str], int],
        taken: set[str],
        givable: frozenset[Role],
    ) -> None:
        key = row.username.lower()
        if row.username:
            earlier = first.get(key)
            if earlier is None:
                first[key] = row
                try:
                    User.username_validator(row.username)
                except ValidationError as invalid:
                    text = " ".join(invalid.messages)
                    self.problem(USERS, row.row, "username", TEXT, text=text)
                if key in taken:
                    self.problem(USERS, row.row, "username", USERNAME_TAKEN, username=row.username)
                if not row.full_name:
                    self.problem(USERS, row.row, "full_name", book.VALUE_REQUIRED)
                self.length(USERS, row.row, "username", row.username, PERSON_NAME_LENGTH)
                self.length(USERS, row.row, "full_name", row.full_name, PERSON_NAME_LENGTH)
                self.length(USERS, row.row, "email", row.email, EMAIL_LENGTH)
            else:
                for column, mine, theirs in (
                    ("full_name", row.full_name, earlier.full_name),
                    ("email", row.email, earlier.email),
                ):
                    if mine and mine != theirs:
                        self.problem(USERS, row.row, column, PERSON_DIFFERS, row=earlier.row)
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                self.problem(USERS, row.row, "email", EMAIL_INVALID, value=row.email)
        if row.role is None:
            return
        role = Role(row.role)
        if role not in givable:
            self.problem(USERS, row.row, "role", ROLE_NOT_GIVABLE, role=role.label)
            return
        if (role == Role.ADMINISTRATOR) != (not row.unit):
            self.problem(USERS, row.row, "unit", ROLE_UNIT)
            return
        if row.unit:
            unit = self.existing.get(row.unit)
            allowed = unit is not None and policy.may_assign(self.actor, role, unit)
            self.reference(USERS, row.row, "unit", row.unit, allowed)
        if row.username:
            given = (key, role.value, row.unit)
            if given in roles_given:
                self.problem(USERS, row.row, "role", ROLE_TWICE, row=roles_given[given])
            roles_given.setdefault(given, row.row)


# The named writes' field names → the column that holds them.
_FIELD_COLUMNS = {
    "code": "code",
    "name": "name",
    "kind": "kind",
    "parent": "parent",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "year": "year",
    "units": "units",
    "before": "before",
    "after": "after",
    "username": "username",
    "full_name": "full_name",
    "password": None,
    "role": "role",
    "unit": "unit",
}


def _attempt(parsed: Parsed, sheet: str, row: int, write: Callable[[], T]) -> T:
    """Call a named write for a row; a refusal becomes the workbook's, naming the row."""
    column: str | None = None
    try:
        return write()
    except ActionRefused as refused:
        column, message = refused.field, Message(TEXT, {"text": str(refused.message)})
    except Refused as refused:
        column, message = refused.where, Message(TEXT, {"text": messages.render(refused.message)})
    except PermissionDenied:
        message = Message(NOT_ALLOWED)
    except DatabaseError:
        # A constraint the checks before writing did not foresee (e.g. between two rows).
        message = Message(DATABASE)
    known = _FIELD_COLUMNS.get(column or "")
    known = known if known and known in parsed.sheets[sheet].headers else None
    raise WorkbookRefused([Problem(parsed.place(sheet, row, known), message)])


def _in_reading_order(parsed: Parsed, problems: list[Problem]) -> list[Problem]:
    """The problems by sheet (in the template's order), row, then column."""
    positions: dict[tuple[str, str], int] = {}
    for index, spec in enumerate(book.SHEETS):
        found = parsed.sheets.get(spec.key)
        if found is not None:
            for number, column in enumerate(spec.columns):
                positions[(found.title, found.column(column.key))] = index * 100 + number
                positions.setdefault((found.title, ""), index * 100)

    def order(problem: Problem) -> tuple[int, int, int]:
        place = problem.place
        sheet = positions.get((place.sheet or "", ""), -100) // 100
        column = positions.get((place.sheet or "", place.column or ""), 99) % 100
        return sheet, place.row or 0, column

    return sorted(problems, key=order)


def read(data: bytes, file: str) -> Parsed:
    return book.read_workbook(data, file, vocabulary())


def import_workbook(actor: User, data: bytes, file: str, reason: str = "") -> Imported:
    """Import a workbook as `actor`: everything in it, or nothing and WorkbookRefused."""
    _may_import(actor)
    parsed = read(data, file)
    if parsed.structural:
        raise WorkbookRefused(_in_reading_order(parsed, parsed.problems))
    check = _Check(actor, parsed)
    problems = parsed.problems + check.run()
    if problems:
        raise WorkbookRefused(_in_reading_order(parsed, problems))
    reason = reason or _("Imported from the workbook %(file)s.") % {"file": file}
    with transaction.atomic():
        return _write(actor, parsed, check, reason)


def _write(actor: User, parsed: Parsed, check: _Check, reason: str) -> Imported:
    done = Imported(parsed.file)
    units = dict(check.existing)
    for row in check.order:
        assert row.kind is not None
        write_unit = partial(
            actions.create_unit,
            actor,
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=units[row.parent] if row.parent else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            reason=reason,
        )
        units[row.code] = _attempt(parsed, UNITS, row.row, write_unit)
        done.units.append(units[row.code])
    for group in parsed.groups:
        assert group.year is not None
        write_group = partial(
            actions.create_ranking_group,
            actor,
            evaluating_unit=units[group.evaluator],
            year=group.year,
            name=group.name,
            units=[units[code] for code in group.units],
            reason=reason,
        )
        done.groups.append(_attempt(parsed, GROUPS, group.row, write_group))
    for event in parsed.lineage:
        assert event.kind is not None
        assert event.day is not None
        write_event = partial(
            actions.record_lineage,
            actor,
            kind=event.kind,
            day=event.day,
            before=[units[code] for code in event.before],
            after=[units[code] for code in event.after],
            note=event.note,
            reason=reason,
        )
        done.events.append(_attempt(parsed, LINEAGE, event.row, write_event))
    people: dict[str, User] = {}
    for person in parsed.users:
        assert person.role is not None
        key = person.username.lower()
        unit = units[person.unit] if person.unit else None
        if key in people:
            give_role = partial(
                actions.assign_role,
                actor,
                user=people[key],
                role=person.role,
                unit=unit,
                reason=reason,
            )
            _attempt(parsed, USERS, person.row, give_role)
            continue
        write_user = partial(
            actions.create_user,
            actor,
            username=person.username,
            full_name=person.full_name,
            email=person.email,
            # Without a password: the account cannot log in until its owner is invited.
            password=None,
            role=person.role,
            unit=unit,
            reason=reason,
        )
        people[key] = _attempt(parsed, USERS, person.row, write_user)
        done.users.append(people[key])
    return done


def _guide_choices(vocabulary: Vocabulary) -> dict[tuple[str, str], list[str]]:
    return {
        (UNITS, "kind"): list(vocabulary.unit_kinds.shown),
        (LINEAGE, "kind"): list(vocabulary.lineage_kinds.shown),
        (USERS, "role"): list(vocabulary.roles.shown),
    }


def template_workbook() -> bytes:
    """The empty workbook to fill in: the four sheets' headers, and the guide."""
    with translation.override("vi"):
        return book.write_workbook({}, _guide_choices(vocabulary()))


def export_workbook(actor: User) -> bytes:
    """Everything in `actor`'s scope, in the sheets the import reads."""
    _may_import(actor)
    units = list(scope(actor, Unit, "view").select_related("parent").order_by("path"))
    visible = {unit.pk for unit in units}
    rows: dict[str, list[Mapping[str, object]]] = {}
    with translation.override("vi"):
        # Codes and Vietnamese words, which the import reads whatever the reader's language.
        rows[UNITS] = [
            {
                "code": unit.code,
                "name": unit.name,
                "kind": str(UnitKind(unit.kind).label),
                "parent": unit.parent.code if unit.parent and unit.parent_id in visible else "",
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
            }
            for unit in units
        ]

        def codes(members: Iterable[Unit]) -> str:
            shown = sorted((u for u in members if u.pk in visible), key=lambda u: u.path)
            return ", ".join(u.code for u in shown)

        groups = (
            scope(actor, RankingGroup, "view")
            .select_related("evaluating_unit")
            .prefetch_related("units")
            .order_by("evaluating_unit__path", "year", "name")
        )
        rows[GROUPS] = [
            {
                "evaluator": group.evaluating_unit.code,
                "year": group.year,
                "name": group.name,
                "units": codes(group.units.all()),
            }
            for group in groups
        ]
        events = scope(actor, LineageEvent, "view").order_by("day", "id")
        rows[LINEAGE] = [
            {
                "kind": str(LINEAGE_KIND_LABELS[LineageKind(event.kind)]),
                "day": event.day,
                "before": codes(event.before.all()),
                "after": codes(event.after.all()),
                "note": event.note,
            }
            for event in events
        ]
        people = (
            scope(actor, User, "view").prefetch_related(visible_roles(actor)).order_by("username")
        )
        rows[USERS] = [
            {
                "username": person.username,
                "full_name": person.full_name,
                "email": person.email,
                "role": str(Role(assignment.role).label),
                "unit": assignment.unit.code if assignment.unit else "",
            }
            for person in people
            for assignment in person.role_assignments.all()
        ]
        return book.write_workbook(rows)


def export_filename() -> str:
    return f"parindex-don-vi-{timezone.localdate():%Y-%m-%d}.xlsx"


TEMPLATE_FILENAME = "parindex-mau-nhap-don-vi.xlsx"
