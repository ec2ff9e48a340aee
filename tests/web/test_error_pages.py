"""The error pages speak Vietnamese, including the 500 page rendered without a request."""

from django.template.loader import render_to_string
from django.test import Client
from django.utils.translation import override

from tests.cast import World


def test_500_page_renders_without_a_request() -> None:
    with override("vi"):
        page = render_to_string("500.html")
    assert "Đã có lỗi xảy ra" in page


def test_404_and_403_pages(world: World) -> None:
    client = Client()
    client.force_login(world.officer_a)
    missing = client.get(f"/units/{world.commune_a2.pk}/")
    assert missing.status_code == 404
    assert "Không tìm thấy" in missing.content.decode()
    forbidden = client.get(f"/units/{world.commune_a1.pk}/edit/")
    assert forbidden.status_code == 403
    assert "Không được phép" in forbidden.content.decode()
