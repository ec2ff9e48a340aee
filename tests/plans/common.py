"""What the plan tests share: the whole stored state of plans, a second result to draft a
plan from, and an item's facts as they stand (to change one of them)."""

from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from typing import Any

from docx import Document

from parindex.core.plan import ItemStatus
from parindex.frameworks.models import StoredFramework
from parindex.org.models import Unit, User
from parindex.plans.actions import ItemFacts
from parindex.plans.models import Plan, PlanItem, PlanReport, PlanTemplate, PlanVersion
from parindex.results import actions as result_actions
from parindex.results.models import InputProvenance, Result, Source
from tests.cast import state

FIELD_2 = "Cải cách thủ tục hành chính"  # the title of field 2 of FRAMEWORK_A


def everything() -> tuple[object, ...]:
    """tests.cast.state() and what it leaves out of a plan: reports, coordinating units,
    templates, and every version's snapshot."""
    coordinating = PlanItem.coordinating_units.through.objects.values_list("planitem_id", "unit_id")
    return (
        state(),
        list(PlanReport.objects.order_by("pk").values_list()),
        sorted(coordinating),
        list(PlanTemplate.objects.order_by("pk").values_list("pk", "unit_id", "filename")),
        [version.snapshot for version in PlanVersion.objects.order_by("pk")],
    )


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def item_of(plan: Plan, code: str) -> PlanItem:
    return PlanItem.objects.get(plan_id=plan.pk, code=code)


def facts_of(item: PlanItem, **changes: Any) -> ItemFacts:
    """The item's facts as stored, with `changes`."""
    stored = ItemFacts(
        solution=item.solution,
        deadline=item.deadline,
        expected_points=item.expected_points,
        status=ItemStatus(item.status),
        lead_unit=item.lead_unit,
        lead_name=item.lead_name,
        coordinating_units=tuple(item.coordinating_units.all()),
        coordinating_names=item.coordinating_names,
    )
    return replace(stored, **changes)


def record_result(
    admin: User,
    unit: Unit,
    framework: StoredFramework,
    evaluated_by: Unit,
    *,
    points_2_1: str = "2.5",
) -> Result:
    """A frozen 2025 result of `unit`, scored by `evaluated_by`, that loses points on 2.1
    only (2 late files by default: 0,5 of 3)."""

    def node(node_id: str, points: str) -> result_actions.NodeEntry:
        return result_actions.NodeEntry(
            node_id, self_points=Decimal(points), appraisals=(Decimal(points),)
        )

    late = result_actions.InputEntry("count", "count", "2", InputProvenance.PERSON)
    nodes = [
        node("f1-c1", "2"),
        node("f1-c2", "3"),
        replace(node("f2-c1", points_2_1), inputs=(late,)),
        node("f2-c2", "2"),
    ]
    total = Decimal(7) + Decimal(points_2_1)
    return result_actions.record_result(
        admin,
        unit=unit,
        year=2025,
        framework=framework,
        source=Source.ASSESSED,
        nodes=nodes,
        self_total=total,
        published_total=total,
        published_index=total * 10,
        evaluated_by=evaluated_by,
        group="Khối xã",
        freeze=True,
    )


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word document, one per line."""
    document = Document(BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def docx_headers(data: bytes) -> str:
    """The text of every section's page headers (first page, odd and even pages)."""
    document = Document(BytesIO(data))
    texts: list[str] = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            texts.extend(paragraph.text for paragraph in header.paragraphs)
    return "\n".join(texts)


def letterhead_docx(text: str) -> bytes:
    """A province's Word template: its letterhead in the page header, sample body text."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = text
    document.add_paragraph("Văn bản mẫu, thay bằng kế hoạch.")
    data = BytesIO()
    document.save(data)
    return data.getvalue()
