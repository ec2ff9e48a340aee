"""The demo: a fictional province with departments, communes, a former district and one
person for every role. Loading it twice changes nothing."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.assessments.demo import load_cycles
from parindex.audit.writes import ActionRefused
from parindex.core.lineage import LineageKind
from parindex.frameworks.actions import install_builtin_frameworks
from parindex.org import actions
from parindex.org.models import LineageEvent, RankingGroup, Role, Unit, UnitKind, User
from parindex.plans.demo import load_plans
from parindex.results.demo import score_units

PROVINCE = ("HL", "Tỉnh Hòa Lâm")
YEAR = 2025
MERGED_ON = date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
PASSWORD = "HoaLam@2025"
EXAMPLE_FRAMEWORK = "commune-example"
WARD_GROUP = "Khối phường"
COMMUNE_GROUP = "Khối xã"  # the `id` in frameworks/builtin/commune-example.yaml
MERGED_PLAN_UNIT = "HL.X05"  # Xã Đá Bạc, whose plan the demo approves

DEPARTMENTS = [
    ("HL.VP", "Văn phòng UBND tỉnh"),
    ("HL.SNV", "Sở Nội vụ"),
    ("HL.STP", "Sở Tư pháp"),
    ("HL.STC", "Sở Tài chính"),
    ("HL.SCT", "Sở Công Thương"),
    ("HL.SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("HL.SXD", "Sở Xây dựng"),
    ("HL.SKHCN", "Sở Khoa học và Công nghệ"),
    ("HL.SGDDT", "Sở Giáo dục và Đào tạo"),
    ("HL.SYT", "Sở Y tế"),
    ("HL.SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("HL.TTR", "Thanh tra tỉnh"),
]

WARDS = [
    "An Phú",
    "Bình Minh",
    "Cẩm Lệ",
    "Đông Hòa",
    "Hòa Lâm",
    "Hưng Long",
    "Kim Ngân",
    "Lạc Viên",
    "Minh Khai",
    "Ngọc Tuyền",
    "Phước Hải",
    "Thanh Bình",
]
COMMUNES = [
    "An Lạc",
    "Bạch Sơn",
    "Bình Hòa",
    "Cao Phong",
    "Đá Bạc",
    "Đồng Xuân",
    "Gia Phú",
    "Hạ Long Giang",
    "Hòa Thịnh",
    "Hương Trà",
    "Khánh Vân",
    "Lam Điền",
    "Long Thạnh",
    "Mai Lĩnh",
    "Mỹ Lộc",
    "Nam Sơn",
    "Nghĩa Trung",
    "Phú Điền",
    "Quang Tiến",
    "Sơn Kỳ",
    "Tân Lập",
    "Thạch Bàn",
    "Thượng Lâm",
    "Tiên Du",
    "Trung Nghĩa",
    "Vạn Xuân",
    "Vĩnh Hưng",
    "Yên Thủy",
]

# Abolished on 1 July 2025; its communes were merged into Xã Đá Bạc and Xã Bạch Sơn.
FORMER_DISTRICT = ("HL.H01", "Huyện Đá Bạc")
MERGERS = [
    (["HL.H01.01", "HL.H01.02", "HL.H01.03"], "HL.X05"),
    (["HL.H01.04", "HL.H01.05"], "HL.X02"),
]
FORMER_COMMUNES = [
    ("HL.H01.01", "Thị trấn Đá Bạc"),
    ("HL.H01.02", "Xã Đá Mài"),
    ("HL.H01.03", "Xã Bạch Thủy"),
    ("HL.H01.04", "Xã Bạch Long"),
    ("HL.H01.05", "Xã Khe Sanh Hạ"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: Role
    unit_code: str | None


LOGINS = [
    DemoLogin("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, None),
    DemoLogin("dieuphoi", "Nguyễn Thị Lan (Sở Nội vụ)", Role.COORDINATOR, PROVINCE[0]),
    DemoLogin("canbo.anphu", "Trần Văn Bình", Role.UNIT_OFFICER, "HL.P01"),
    DemoLogin("thamdinh", "Lê Minh Châu", Role.APPRAISER, PROVINCE[0]),
    DemoLogin("hoidong", "Phạm Quốc Dũng", Role.COUNCIL_MEMBER, PROVINCE[0]),
    DemoLogin("nhiemvu", "Hoàng Thu Hà (Sở Tư pháp)", Role.TASK_OWNER, "HL.STP"),
    DemoLogin("lanhdao", "Vũ Đức Khang", Role.LEADER, PROVINCE[0]),
]


def _unit(
    actor: User,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    return actions.create_unit(
        actor,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        reason="demo",
    )


def _group(actor: User, evaluator: Unit, name: str, units: list[Unit]) -> None:
    if not RankingGroup.objects.filter(evaluating_unit=evaluator, year=YEAR, name=name).exists():
        actions.create_ranking_group(
            actor, evaluating_unit=evaluator, year=YEAR, name=name, units=units, reason="demo"
        )


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    # The demo's logins are published: never add them to an instance in real use.
    if User.objects.exists() and not Unit.objects.filter(code=PROVINCE[0]).exists():
        raise ActionRefused(
            _(
                "This database already holds accounts and no demo: the demo, whose passwords "
                "are public, is only loaded into an empty database."
            )
        )
    admin_login = LOGINS[0]
    admin = User.objects.filter(username=admin_login.username).first()
    if admin is None:
        admin = actions.bootstrap_administrator(
            username=admin_login.username, full_name=admin_login.full_name, password=PASSWORD
        )
    province = _unit(admin, *PROVINCE, UnitKind.PROVINCE, None)
    departments = [
        _unit(admin, code, name, UnitKind.DEPARTMENT, province) for code, name in DEPARTMENTS
    ]
    wards = [
        _unit(admin, f"HL.P{i:02d}", f"Phường {name}", UnitKind.COMMUNE, province, MERGED_ON)
        for i, name in enumerate(WARDS, 1)
    ]
    communes = [
        _unit(admin, f"HL.X{i:02d}", f"Xã {name}", UnitKind.COMMUNE, province, MERGED_ON)
        for i, name in enumerate(COMMUNES, 1)
    ]
    district = _unit(
        admin, *FORMER_DISTRICT, UnitKind.DISTRICT, province, valid_to=LAST_DAY_BEFORE_MERGER
    )
    for code, name in FORMER_COMMUNES:
        _unit(admin, code, name, UnitKind.COMMUNE, district, valid_to=LAST_DAY_BEFORE_MERGER)
    if not LineageEvent.objects.exists():
        for before, after in MERGERS:
            actions.record_lineage(
                admin,
                kind=LineageKind.MERGE,
                day=MERGED_ON,
                before=Unit.objects.filter(code__in=before),
                after=[Unit.objects.get(code=after)],
                reason="demo",
            )
        actions.record_lineage(
            admin,
            kind=LineageKind.ABOLISH,
            day=MERGED_ON,
            before=[district],
            after=[],
            reason="demo",
        )
    _group(admin, province, "Khối sở, ban, ngành", departments)
    _group(admin, province, WARD_GROUP, wards)
    _group(admin, province, COMMUNE_GROUP, communes)
    frameworks = {stored.key: stored for stored in install_builtin_frameworks()}
    # Results scored on the example framework and published: the wards' and communes' of the
    # year, and the year before those of the communes the merger abolished, so that the
    # merged communes have a history.
    example = frameworks[EXAMPLE_FRAMEWORK]
    score_units(admin, wards, example, YEAR, WARD_GROUP, province)
    score_units(admin, communes, example, YEAR, COMMUNE_GROUP, province)
    former = Unit.objects.filter(code__in=[code for code, _name in FORMER_COMMUNES])
    score_units(admin, former, example, YEAR - 1, COMMUNE_GROUP, province)
    for login in LOGINS[1:]:
        if not User.objects.filter(username=login.username).exists():
            actions.create_user(
                admin,
                username=login.username,
                full_name=login.full_name,
                password=PASSWORD,
                role=login.role,
                unit=Unit.objects.get(code=login.unit_code),
                reason="demo",
            )
    people = {
        role: User.objects.get(username=username)
        for role, username in (
            ("coordinator", "dieuphoi"),
            ("officer", "canbo.anphu"),
            ("leader", "lanhdao"),
        )
    }
    load_plans(province, example, people, wards[0], Unit.objects.get(code=MERGED_PLAN_UNIT))
    load_cycles(province, example, admin, people["officer"], wards)
    return LOGINS
