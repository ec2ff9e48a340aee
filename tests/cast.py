"""The named cast every test shares: two provinces, and a person for each side of each rule.

Built through the named writes, so paths, versions and audit events are the real ones.
"""

from dataclasses import dataclass
from datetime import date

from parindex.audit.models import AuditEvent
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, User

PASSWORD = "Cast-password-2025"

State = tuple[object, ...]


def state() -> State:
    """Everything a refused write or request must leave as it was."""
    return (
        list(Unit.objects.order_by("pk").values_list()),
        list(RankingGroup.objects.order_by("pk").values_list()),
        sorted(RankingGroup.units.through.objects.values_list("rankinggroup_id", "unit_id")),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id")),
        list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "full_name", "password", "version"
            )
        ),
        list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id")),
    )


@dataclass
class World:
    admin: User
    coord_a: User
    coord_b: User
    officer_a: User
    appraiser_a: User
    council_a: User
    task_a: User
    leader_a: User
    province_a: Unit
    department_a: Unit
    commune_a1: Unit
    commune_a2: Unit
    province_b: Unit
    commune_b1: Unit
    group_a: RankingGroup
    group_b: RankingGroup


def build_world() -> World:
    admin = actions.bootstrap_administrator(
        username="admin", full_name="Quản trị", password=PASSWORD
    )

    def unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        return actions.create_unit(admin, code=code, name=name, kind=kind, parent=parent)

    def person(username: str, role: Role, at: Unit) -> User:
        return actions.create_user(
            admin, username=username, full_name=username, password=PASSWORD, role=role, unit=at
        )

    province_a = unit("A", "Tỉnh Alpha", "province", None)
    department_a = unit("A.SNV", "Sở Nội vụ Alpha", "department", province_a)
    commune_a1 = unit("A.X1", "Xã Alpha Một", "commune", province_a)
    commune_a2 = unit("A.X2", "Xã Alpha Hai", "commune", province_a)
    province_b = unit("B", "Tỉnh Beta", "province", None)
    commune_b1 = unit("B.X1", "Xã Beta Một", "commune", province_b)
    group_a = actions.create_ranking_group(
        admin, evaluating_unit=province_a, year=2025, name="Khối xã", units=[commune_a1, commune_a2]
    )
    group_b = actions.create_ranking_group(
        admin, evaluating_unit=province_b, year=2025, name="Khối xã", units=[commune_b1]
    )
    # One recorded change, so every scoped model has a row: commune A2 was renamed.
    actions.record_lineage(
        admin, kind="rename", day=date(2024, 1, 1), before=[commune_a2], after=[commune_a2]
    )
    return World(
        admin=admin,
        coord_a=person("coord_a", Role.COORDINATOR, province_a),
        coord_b=person("coord_b", Role.COORDINATOR, province_b),
        officer_a=person("officer_a", Role.UNIT_OFFICER, commune_a1),
        appraiser_a=person("appraiser_a", Role.APPRAISER, province_a),
        council_a=person("council_a", Role.COUNCIL_MEMBER, province_a),
        task_a=person("task_a", Role.TASK_OWNER, department_a),
        leader_a=person("leader_a", Role.LEADER, province_a),
        province_a=province_a,
        department_a=department_a,
        commune_a1=commune_a1,
        commune_a2=commune_a2,
        province_b=province_b,
        commune_b1=commune_b1,
        group_a=group_a,
        group_b=group_b,
    )
