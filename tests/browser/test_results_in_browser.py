"""Results in Chromium: a coordinator imports a decision's annex (read, shown, confirmed),
reads a group's ranking with its tie, and a merged commune's result with its history."""

from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parindex.demo import COMMUNES, load_demo
from parindex.demo import PASSWORD as DEMO_PASSWORD
from parindex.results.models import Result
from tests.browser.conftest import Shoot
from tests.browser.test_roles_in_browser import log_in
from tests.cast import World
from tests.results.sample import ANNEX, sample_province


def test_a_coordinator_imports_an_annex_and_reads_the_ranking(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot, tmp_path: Path
) -> None:
    sample = sample_province(world)
    log_in(page, live_server, sample.coordinator.username)
    page.get_by_role("link", name="Kết quả", exact=True).click()
    page.get_by_role("link", name="Nhập kết quả từ quyết định công bố").click()

    # A name the coordinator has no unit of: the whole file is refused, with the unit named.
    unit = sample.units["P03"]
    unit.name = "Phường Đông Hải"
    unit.save()
    page.get_by_label("Tệp kết quả").set_input_files(str(ANNEX))
    page.get_by_label("Bộ tiêu chí đã dùng để chấm điểm").select_option(
        label=sample.framework.title
    )
    page.get_by_role("button", name="Đọc tệp").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("đơn vị “Phường Đông Hà” không thuộc các đơn vị")
    screenshot(page, "results-import-refused")
    assert not Result.objects.filter(framework=sample.framework).exists()

    unit.name = "Phường Đông Hà"
    unit.save()
    page.get_by_label("Tệp kết quả").set_input_files(str(ANNEX))
    page.get_by_label("Bộ tiêu chí đã dùng để chấm điểm").select_option(
        label=sample.framework.title
    )
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dữ liệu đã đọc được")
    expect(page.locator("#preview tbody tr")).to_have_count(12)
    expect(page.locator("#preview")).to_contain_text("93,92")
    screenshot(page, "results-import-preview")
    assert not Result.objects.filter(
        framework=sample.framework
    ).exists()  # nothing is recorded before confirming

    page.get_by_role("button", name="Xác nhận và ghi nhận").click()
    expect(page.locator(".notice")).to_contain_text("Đã nhập 12 kết quả.")
    assert Result.objects.filter(framework=sample.framework).count() == 12
    page.locator("#groups").get_by_role("link", name="Xã").click()
    ranks = page.locator("#ranking tbody tr td:first-child")
    expect(ranks).to_have_text(["1", "2", "2", "4", "5", "6", "7"])
    expect(page.locator("#ranking")).to_contain_text("Xã Đồng Tiến")
    screenshot(page, "results-group-ranking-2024")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng Excel").click()
    assert download.value.suggested_filename == "xep-hang-2024.xlsx"
    assert (tmp_path / "r.xlsx").write_bytes(Path(download.value.path()).read_bytes()) > 0


def test_a_merged_commune_reads_its_result_and_its_history(
    page: Page, live_server: LiveServer, screenshot: Shoot
) -> None:
    load_demo()
    log_in(page, live_server, "dieuphoi", DEMO_PASSWORD)
    page.get_by_role("link", name="Kết quả", exact=True).click()
    page.locator("#groups").get_by_role("link", name="Khối xã", exact=True).first.click()
    expect(page.locator("#ranking tbody tr")).to_have_count(len(COMMUNES))
    expect(page.locator("#ranking")).to_contain_text("*")  # compared with its predecessors
    screenshot(page, "results-group-ranking-2025")

    page.locator("#ranking").get_by_role("link", name="Xã Đá Bạc").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Đá Bạc: kết quả năm 2025")
    expect(page.locator("#losses")).to_contain_text("Tổng điểm bị trừ")
    history = page.locator("#history")
    expect(history).to_contain_text("Thị trấn Đá Bạc")
    expect(history).to_contain_text("(trước khi sắp xếp)")
    expect(page.locator("figure.radar svg polygon.shape")).to_have_count(1)
    screenshot(page, "results-unit")
    # The demo stored and approved Xã Đá Bạc's plan: the result leads to it.
    page.get_by_role("link", name="Lập dự thảo kế hoạch khắc phục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kế hoạch khắc phục của Xã Đá Bạc năm 2026"
    )
    expect(page.locator("#plan-items tfoot")).to_contain_text("Tổng")
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)  # approved: locked
    screenshot(page, "results-plan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng Word (.docx)").click()
    assert download.value.suggested_filename == "ke-hoach-HL.X05-2026.docx"
