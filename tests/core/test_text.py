import pytest

from parindex.core.text import fold, unit_key, unit_name


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


@pytest.mark.parametrize(
    "typed",
    ["UBND xã Yên Hòa", "Xã Yên Hoà", "xa yen hoa", "Yên Hòa", "  ỦY BAN NHÂN DÂN XÃ YÊN HÒA "],
)
def test_a_unit_is_found_however_its_name_is_typed(typed: str) -> None:
    assert unit_key(typed) == "yen hoa"


def test_the_kind_of_unit_alone_is_still_a_name() -> None:
    assert unit_key("Phường") == "phuong"
    assert unit_key("Phường 1") == "1"
    assert unit_key("Thị xã Sơn Tây") == "son tay"
