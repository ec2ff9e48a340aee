"""The draft remediation plan of a demo result: the page and the Word document show every
lost item with its points, and their sums are the gap analysis's."""

from decimal import Decimal
from io import BytesIO

from django.test import Client
from django.urls import reverse
from docx import Document

from parindex.core.gaps import analyse
from parindex.demo import PASSWORD, load_demo
from parindex.results.cards import scorecard_of
from parindex.results.models import Result


def test_the_demo_plan_page_and_document_carry_every_lost_item(db: None) -> None:
    load_demo()
    result = Result.objects.get(unit__code="HL.X05", year=2025)
    gaps = analyse(scorecard_of(result))
    assert gaps.losses
    client = Client()
    assert client.login(username="canbo.anphu", password=PASSWORD)  # another unit's officer
    assert client.get(reverse("result_plan", args=[result.pk])).status_code == 404
    assert client.login(username="dieuphoi", password=PASSWORD)
    # The demo stored (and approved) this result's plan: the draft's address leads to it.
    shown = client.get(reverse("result_plan", args=[result.pk]), follow=True)
    assert shown.redirect_chain == [(reverse("plan_detail", args=[result.plan.pk]), 302)]
    page = shown.content.decode()
    for loss in gaps.losses:
        assert f'<span class="code">{loss.code}</span>' in page
    assert page.count('<span class="code">') == len(gaps.losses)
    response = client.get(reverse("result_plan_docx", args=[result.pk]))
    assert response["Content-Disposition"].endswith('ke-hoach-HL.X05-2026.docx"')
    document = Document(BytesIO(response.content))
    losses, tasks = document.tables[1], document.tables[2]
    codes = [row.cells[1].text for row in losses.rows[1:] if row.cells[0].text.isdigit()]
    assert codes == [loss.code for loss in gaps.losses]
    lost = sum(
        Decimal(row.cells[5].text.replace(",", "."))
        for row in losses.rows[1:]
        if row.cells[0].text.isdigit()
    )
    recovered = sum(Decimal(row.cells[6].text.replace(",", ".")) for row in tasks.rows[1:])
    assert lost == recovered == sum((loss.lost for loss in gaps.losses), Decimal(0))
    assert losses.rows[-1].cells[5].text == f"{gaps.lost:.2f}".replace(".", ",")
