"""An invited person sets a password and logs in; ten wrong passwords lock an account."""

from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from parindex.org import actions
from tests.browser.conftest import Shoot
from tests.cast import PASSWORD, World

NEW_PASSWORD = "Mat-khau-moi-2025"


def test_an_invited_person_sets_a_password_and_logs_in(
    page: Page, live_server: LiveServer, world: World, screenshot: Shoot
) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("coord_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_label("Tên đăng nhập *").fill("canbo.moi")
    page.get_by_label("Họ và tên *").fill("Nguyễn Văn Mới")
    page.get_by_label("Vai trò *").select_option("unit_officer")
    page.get_by_label("Đơn vị").select_option(label="Xã Alpha Hai")
    page.get_by_role("button", name="Lưu").click()
    link = page.locator("#invitation-link").input_value()
    screenshot(page, "invitation-link")

    browser = page.context.browser
    assert browser is not None
    newcomer_context = browser.new_context(locale="vi-VN")
    try:
        _set_password_and_log_in(newcomer_context.new_page(), link, screenshot)
    finally:
        newcomer_context.close()


def _set_password_and_log_in(newcomer: Page, link: str, screenshot: Shoot) -> None:
    newcomer.goto(link)
    newcomer.get_by_label("Mật khẩu mới *", exact=True).fill(NEW_PASSWORD)
    newcomer.get_by_label("Nhập lại mật khẩu mới *").fill(NEW_PASSWORD)
    screenshot(newcomer, "invitation-accept")
    newcomer.get_by_role("button", name="Lưu và đăng nhập").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Xin chào, Nguyễn Văn Mới")
    expect(newcomer.locator("article[data-role=unit_officer]")).to_contain_text("Xã Alpha Hai")


def test_ten_wrong_passwords_lock_the_account(
    page: Page, live_server: LiveServer, world: World, settings: LazySettings, screenshot: Shoot
) -> None:
    settings.AXES_ENABLED = True
    for _attempt in range(10):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill("officer_a")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("officer_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản bị khóa")
    expect(page.get_by_role("alert")).to_contain_text("60 phút")
    screenshot(page, "account-locked")
    # The coordinator's reset lifts the lock: the person sets a new password with the link.
    secret = actions.invite_user(world.coord_a, world.officer_a, reset=True)
    page.goto(f"{live_server.url}/invite/{secret}/")
    page.get_by_label("Mật khẩu mới *", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới *").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu và đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
