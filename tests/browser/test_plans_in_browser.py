"""A plan in Chromium: the ward's officer edits a task in place (htmx), the row and the
totals change without a page load, a refused edit says why in the row, and a task moves."""

from decimal import Decimal

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parindex.demo import PASSWORD, load_demo
from parindex.plans import build
from parindex.plans.models import Plan
from tests.browser.conftest import Shoot
from tests.browser.test_roles_in_browser import log_in


def test_an_officer_edits_a_task_in_place(
    page: Page, live_server: LiveServer, screenshot: Shoot
) -> None:
    load_demo()
    plan = Plan.objects.get(unit__code="HL.P01")
    first = plan.items.order_by("priority").first()
    assert first is not None
    log_in(page, live_server, "canbo.anphu", PASSWORD)
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Phường An Phú").click()
    rows = page.locator("#plan-items tbody tr")
    expect(rows).to_have_count(plan.items.count())
    screenshot(page, "plan-draft")

    row = page.locator(f"#item-{first.pk}")
    row.get_by_role("link", name="Sửa").click()
    form = page.locator(f"#item-{first.pk} form")
    expect(form).to_be_visible()
    form.get_by_label("Số điểm dự kiến khôi phục").fill("99")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#item-{first.pk} .errorlist")).to_be_visible()
    screenshot(page, "plan-task-refused")
    first.refresh_from_db()
    assert first.version == 1  # nothing was saved

    form.get_by_label("Giải pháp").fill("Rà soát toàn bộ hồ sơ trễ hạn hằng tuần.")
    form.get_by_label("Số điểm dự kiến khôi phục").fill("1")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#item-{first.pk}")).to_contain_text(
        "Rà soát toàn bộ hồ sơ trễ hạn hằng tuần."
    )
    expected = build.as_core(Plan.objects.get(pk=plan.pk)).recoverable
    expect(page.locator("#plan-totals")).to_contain_text(f"{expected:.2f}".replace(".", ","))
    first.refresh_from_db()
    assert (first.solution, first.expected_points) == (
        "Rà soát toàn bộ hồ sơ trễ hạn hằng tuần.",
        Decimal(1),
    )
    screenshot(page, "plan-task-saved")

    page.locator(f"#item-{first.pk}").get_by_role("button", name="Chuyển xuống").click()
    expect(rows.nth(1)).to_have_attribute("id", f"item-{first.pk}")
