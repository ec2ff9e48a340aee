"""The 2024 sample province of tests/data/results (facts.json) in the database: its units
under a province coordinated by one person, and a framework with the sample's maxima."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parindex.frameworks.actions import load_framework
from parindex.frameworks.models import StoredFramework
from parindex.org import actions
from parindex.org.models import Role, Unit, UnitKind, User
from tests.cast import PASSWORD, World

DATA = Path(__file__).resolve().parent.parent / "data" / "results"
FACTS = json.loads((DATA / "facts.json").read_text(encoding="utf-8"))
ANNEX = DATA / "A_decision_annex_fields_all_units.xlsx"
SCORECARDS = DATA / "B_scorecards_one_sheet_per_unit.xlsx"
CSV = DATA / "C_scorecard_semicolon.csv"


def framework_yaml() -> str:
    """The sample's framework: its fields and leaves with their maxima, and the criteria
    between them (1.1 above 1.1.1 and 1.1.2) adding their leaves up."""
    leaves = {code: Decimal(value) for code, value in FACTS["framework"]["leaves"].items()}
    lines = [
        "format: parindex-framework/1",
        "id: sample-2024",
        "title: Bộ tiêu chí mẫu cấp xã 2024",
        "level: commune",
        "years: [2024]",
        "provenance: user",
        "nodes:",
    ]

    def node(code: str, depth: int) -> None:
        below = sorted(
            {".".join(c.split(".")[: depth + 2]) for c in leaves if c.startswith(code + ".")},
            key=lambda c: [int(part) for part in c.split(".")],
        )
        most = FACTS["framework"]["fields"][code] if depth == 0 else None
        if most is None:
            most = str(sum(v for c, v in leaves.items() if c == code or c.startswith(code + ".")))
        pad = "  " * (2 * depth + 1)
        lines.append(f"{pad}- id: n{code.replace('.', '-')}")
        lines.append(f'{pad}  code: "{code}"')
        lines.append(f"{pad}  title: Tiêu chí {code}")
        lines.append(f"{pad}  max: {most}")
        if below:
            lines.append(f"{pad}  children:")
            for child in below:
                node(child, depth + 1)

    for field in FACTS["framework"]["fields"]:
        node(field, 0)
    return "\n".join(lines) + "\n"


@dataclass
class Sample:
    coordinator: User
    province: Unit
    units: dict[str, Unit]  # by the facts' key (X01, P01, …)
    framework: StoredFramework


def sample_province(world: World) -> Sample:
    admin = world.admin
    province = actions.create_unit(
        admin, code="SP", name="Tỉnh Mẫu", kind=UnitKind.PROVINCE, parent=None
    )
    coordinator = actions.create_user(
        admin,
        username="dieuphoi.mau",
        full_name="Điều phối Tỉnh Mẫu",
        password=PASSWORD,
        role=Role.COORDINATOR,
        unit=province,
    )
    units = {
        key: actions.create_unit(
            admin, code=f"SP.{key}", name=fact["name"], kind=UnitKind.COMMUNE, parent=province
        )
        for key, fact in FACTS["units"].items()
    }
    framework = load_framework(
        coordinator, data=framework_yaml().encode(), filename="sample-2024.yaml", owner=province
    )
    return Sample(coordinator, province, units, framework)
