import pytest

from parindex.core.text import fold, unit_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("xã Bắc Sơn", "Xã Bắc Sơn"),
        ("  Phường   Yên Hoà ", "Phường Yên Hòa"),
        ("Tỉnh Thanh Hoá", "Tỉnh Thanh Hóa"),
        ("Tỉnh Khánh Hoà", "Tỉnh Khánh Hòa"),
        ("Xã Thuỷ Nguyên", "Xã Thủy Nguyên"),
        ("Xã Khoẻ", "Xã Khỏe"),
        ("Phường Hoàng Mai", "Phường Hoàng Mai"),  # a final consonant: the tone stays
        ("Xã Quý Lộc", "Xã Quý Lộc"),  # qu + y: the u belongs to the consonant
        ("Xã Quỳnh Hoa", "Xã Quỳnh Hoa"),
        ("Đặc khu Phú Quốc", "Đặc khu Phú Quốc"),
        ("Xã Hòa Bình", "Xã Hòa Bình"),  # already traditional
        ("", ""),
    ],
)
def test_unit_name(raw: str, expected: str) -> None:
    assert unit_name(raw) == expected


def test_unit_name_is_stable() -> None:
    once = unit_name("xã  Yên Hoà")
    assert unit_name(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đắk Lắk", "dak lak"),
        ("Thanh Hoá", "thanh hoa"),
        ("Thanh Hóa", "thanh hoa"),
        ("  TỈNH   Bắc Ninh ", "tinh bac ninh"),
        ("Phường Đống Đa", "phuong dong da"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected
