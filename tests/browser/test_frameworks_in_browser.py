"""A coordinator finds, reads, completes and loads frameworks in Chromium."""

from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parindex.frameworks.actions import install_builtin_frameworks
from tests.browser.conftest import Shoot
from tests.browser.test_roles_in_browser import log_in
from tests.cast import FRAMEWORK_A, World


def test_the_example_framework_reads_as_a_tree(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    install_builtin_frameworks()
    log_in(page, live_server, "officer_a")
    page.get_by_role("link", name="Bộ tiêu chí", exact=True).click()
    expect(page.locator("#frameworks")).to_contain_text("Bộ tiêu chí cấp xã của Tỉnh Alpha")
    expect(page.locator("#frameworks")).to_contain_text("mới là khung")
    screenshot(page, "framework-list")

    page.get_by_role("link", name="Chỉ số cải cách hành chính cấp xã (ví dụ").click()
    expect(page.locator("#example-label")).to_contain_text("không phải bộ tiêu chí chính thức")
    field = page.locator("#node-f1 > details")
    expect(field).to_have_attribute("open", "")
    expect(page.locator("#node-f1")).to_contain_text("12 điểm")
    criterion = page.locator("#node-f1-c1 > details")
    expect(criterion).not_to_have_attribute("open", "")
    criterion.locator("summary").click()
    expect(page.locator("#node-f1-c1")).to_contain_text("đạt 1 điểm, không đạt 0 điểm")
    screenshot(page, "framework-example")
    expect(page.get_by_role("link", name="sửa")).to_have_count(0)  # a built-in, and no role


def test_a_coordinator_completes_a_skeleton_and_sees_bad_files_refused(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot, tmp_path: Path
) -> None:
    skeleton = tmp_path / "khung.yaml"
    skeleton.write_text(
        FRAMEWORK_A.replace("alpha-xa-2025", "alpha-khung").replace(
            '{id: f2-c2, code: "2.2", title: Công khai TTHC, max: 2, rule: {type: manual, '
            "step: 0.5}}",
            '{id: f2-c2, code: "2.2", title: Công khai TTHC}',
        ),
        encoding="utf-8",
    )
    broken = tmp_path / "loi.yaml"
    broken.write_text(FRAMEWORK_A.replace("per: 0.25", "per: 5"), encoding="utf-8")
    log_in(page, live_server, "coord_a")
    page.goto(f"{live_server.url}/frameworks/load/")
    page.get_by_label("Tệp bộ tiêu chí").set_input_files(str(broken))
    page.get_by_role("button", name="Nạp").click()
    problems = page.locator("#framework-problems")
    expect(problems).to_contain_text("tệp loi.yaml, dòng")
    expect(problems).to_contain_text("tiêu chí 2.1: quy tắc cho hoặc trừ 5 điểm")
    screenshot(page, "framework-load-refused")

    page.get_by_label("Tệp bộ tiêu chí").set_input_files(str(skeleton))
    page.get_by_role("button", name="Nạp").click()
    expect(page.locator("#state")).to_contain_text("mới là khung: còn 2 điểm tối đa")
    expect(page.locator("#node-f2-c2")).to_contain_text("chưa biết điểm tối đa")
    screenshot(page, "framework-skeleton")

    page.locator("#node-f2-c2").get_by_role("link", name="bổ sung").click()
    page.get_by_label("Điểm tối đa").fill("2")
    page.get_by_label("Quy tắc chấm").fill("{type: manual, step: 3}")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#framework-problems")).to_contain_text("quy tắc cho hoặc trừ 3 điểm")
    screenshot(page, "framework-node-refused")
    page.get_by_label("Quy tắc chấm").fill("{type: manual, step: 0.5}")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#state")).to_contain_text("đầy đủ")
    expect(page.locator("#node-f2-c2")).to_contain_text("Chấm theo bước 0,5 điểm")
    screenshot(page, "framework-completed")
