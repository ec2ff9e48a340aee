"""A province's unit tree planned from the national list: its communes, departments and
ranking groups, before anything is created."""

from collections.abc import Sequence
from dataclasses import dataclass

from parindex.core.messages import Message, Refused
from parindex.core.text import fold

# DOMAIN's usual departments after 2025: an editable default, not a fact about every province.
DEFAULT_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("VP", "Văn phòng UBND {level}"),
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SXD", "Sở Xây dựng"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
    ("TTR", "Thanh tra {level}"),
)
DEPARTMENT_GROUP = "Khối sở, ban, ngành"
# Commune-level kinds by the word their names start with, and the group each is ranked in.
COMMUNE_GROUPS: tuple[tuple[str, str], ...] = (
    ("xa", "Khối xã"),
    ("phuong", "Khối phường"),
    ("dac khu", "Khối đặc khu"),
)


@dataclass(frozen=True)
class NationalUnit:
    code: str
    name: str


@dataclass(frozen=True)
class NationalProvince:
    code: str
    name: str
    communes: tuple[NationalUnit, ...]


@dataclass(frozen=True)
class GroupPlan:
    name: str
    unit_codes: tuple[str, ...]


@dataclass(frozen=True)
class TreePlan:
    province: NationalUnit
    departments: tuple[NationalUnit, ...]
    communes: tuple[NationalUnit, ...]
    groups: tuple[GroupPlan, ...]


def commune_group(name: str) -> str | None:
    """The ranking group a commune-level unit belongs in, from the first word(s) of its name."""
    key = fold(name)
    for prefix, group in COMMUNE_GROUPS:
        if key.startswith(prefix + " "):
            return group
    return None


def default_departments(province: NationalProvince) -> list[NationalUnit]:
    level = "thành phố" if fold(province.name).startswith("thanh pho ") else "tỉnh"
    return [
        NationalUnit(f"{province.code}.{suffix}", name.format(level=level))
        for suffix, name in DEFAULT_DEPARTMENTS
    ]


def departments_text(departments: Sequence[NationalUnit]) -> str:
    """One "code | name" line a department, the form a coordinator edits them in."""
    return "\n".join(f"{unit.code} | {unit.name}" for unit in departments)


def parse_departments(text: str) -> list[NationalUnit]:
    """The departments a coordinator typed, one "code | name" per line (blank lines skipped)."""
    departments = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        code, bar, name = line.partition("|")
        if not bar or not code.strip() or not name.strip():
            raise Refused(
                Message("department_line", {"line": number, "text": line.strip()}),
                where="departments",
            )
        departments.append(NationalUnit(code.strip(), " ".join(name.split())))
    return departments


def plan_tree(
    province: NationalProvince, departments: Sequence[NationalUnit], groups: bool
) -> TreePlan:
    group_plans: list[GroupPlan] = []
    if groups:
        if departments:
            group_plans.append(GroupPlan(DEPARTMENT_GROUP, tuple(d.code for d in departments)))
        for _prefix, group in COMMUNE_GROUPS:
            members = tuple(c.code for c in province.communes if commune_group(c.name) == group)
            if members:
                group_plans.append(GroupPlan(group, members))
    return TreePlan(
        province=NationalUnit(province.code, province.name),
        departments=tuple(departments),
        communes=province.communes,
        groups=tuple(group_plans),
    )
