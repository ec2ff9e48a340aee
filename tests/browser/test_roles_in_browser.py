"""A coordinator and a commune officer use the app in Chromium: what each sees and may not."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import Shoot
from tests.cast import PASSWORD, World


def log_in(page: Page, live_server: LiveServer, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")


def test_login_page_is_vietnamese(page: Page, live_server: LiveServer, screenshot: Shoot) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập parindex")
    screenshot(page, "login")


def test_wrong_password_is_refused_in_vietnamese(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("coord_a")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu chính xác")


def test_coordinator_manages_its_province_only(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    log_in(page, live_server, "coord_a")
    card = page.locator("article[data-role=coordinator]")
    expect(card).to_contain_text("Tỉnh Alpha")
    expect(card).to_contain_text("3 đơn vị cấp dưới")
    screenshot(page, "coordinator-home")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.get_by_role("link", name="Xã Alpha Một")).to_be_visible()
    expect(page.get_by_text("Xã Beta Một")).to_have_count(0)
    expect(page.get_by_text("Tỉnh Beta")).to_have_count(0)
    screenshot(page, "coordinator-units")

    page.get_by_role("link", name="Xã Alpha Một").click()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Tên *").fill("Xã Alpha Thứ Nhất")
    page.get_by_label("Lý do thay đổi").fill("Đổi tên theo nghị quyết")
    screenshot(page, "coordinator-unit-edit")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Alpha Thứ Nhất")
    history = page.locator("table.changes")
    expect(history).to_contain_text("đã sửa đơn vị")
    expect(history).to_contain_text("Xã Alpha Một → Xã Alpha Thứ Nhất")
    expect(history).to_contain_text("Đổi tên theo nghị quyết")
    screenshot(page, "coordinator-unit-detail")

    page.get_by_role("link", name="Người dùng", exact=True).click()
    expect(page.get_by_role("link", name="officer_a")).to_be_visible()
    expect(page.get_by_text("coord_b")).to_have_count(0)
    screenshot(page, "coordinator-people")

    page.goto(f"{live_server.url}/units/{world.commune_b1.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")


def test_commune_officer_sees_its_commune_and_nothing_to_manage(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    log_in(page, live_server, "officer_a")
    card = page.locator("article[data-role=unit_officer]")
    expect(card).to_contain_text("Xã Alpha Một")
    expect(page.get_by_role("link", name="Thêm đơn vị")).to_have_count(0)
    expect(page.get_by_role("link", name="Nhật ký thay đổi")).to_have_count(0)
    screenshot(page, "officer-home")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Xã Alpha Một")
    screenshot(page, "officer-units")

    page.get_by_role("link", name="Xã Alpha Một").click()
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    expect(page.get_by_role("link", name="Khối xã (2025)")).to_be_visible()

    page.goto(f"{live_server.url}/units/{world.commune_a1.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không được phép")
    screenshot(page, "officer-forbidden")
    page.goto(f"{live_server.url}/units/{world.commune_a2.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không được phép")


def test_second_editor_is_refused_not_overwritten(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    log_in(page, live_server, "coord_a")
    edit_url = f"{live_server.url}/units/{world.commune_a2.pk}/edit/"
    other = page.context.new_page()
    page.goto(edit_url)
    other.goto(edit_url)

    other.get_by_label("Tên *").fill("Xã Alpha Hai Mới")
    other.get_by_role("button", name="Lưu").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Xã Alpha Hai Mới")

    page.get_by_label("Tên *").fill("Xã Alpha Hai Khác")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("đã được người khác sửa")
    screenshot(page, "edit-conflict")
    world.commune_a2.refresh_from_db()
    assert world.commune_a2.name == "Xã Alpha Hai Mới"


def test_english_switch(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    log_in(page, live_server, "coord_a")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    expect(page.locator("article[data-role=coordinator]")).to_contain_text("You coordinate reform")
    screenshot(page, "coordinator-home-en")
