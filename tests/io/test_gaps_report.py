"""The gap analysis as text, like section II of a plan, in both languages."""

from decimal import Decimal

from parindex.core.gaps import Scorecard, analyse
from parindex.io import gaps_report
from tests.core.test_gaps import node

D = Decimal


CARD = Scorecard(
    unit="Xã Tân Hòa",
    group="Xã",
    published_rank=1,
    fields=(
        node("1", "17", "17"),
        node(
            "2",
            "10",
            "7.75",
            node("2.1", "4", "4"),
            node("2.2", "3", "3"),
            node(
                "2.3", "3", "0.75", reasons=("Chưa rà soát văn bản",), deducted_by=("Sở Tư pháp",)
            ),
        ),
    ),
    total_max=D(27),
    total_achieved=D("24.75"),
    total_self=D("26.50"),
)


def test_the_report_reads_like_a_plan_in_vietnamese() -> None:
    text = gaps_report.text(analyse(CARD), "vi")
    assert text.splitlines()[:6] == [
        "II. TỒN TẠI, HẠN CHẾ: CÁC NỘI DUNG BỊ TRỪ ĐIỂM",
        "",
        "Xã Tân Hòa: đạt 24,75/27 điểm, bị trừ 2,25 điểm.",
        "Xếp thứ 1 trong khối Xã.",
        "Tự chấm 26,50 điểm.",
        "",
    ]
    assert "1. Lĩnh vực 2: Mục 2: đạt 7,75/10 điểm, bị trừ 2,25 điểm" in text
    assert "- 2.3 Mục 2.3: đạt 0,75/3 điểm, bị trừ 2,25 điểm" in text
    assert "  Lý do: Chưa rà soát văn bản" in text
    assert "  Cấp trừ điểm: Sở Tư pháp" in text
    assert "Các lĩnh vực đạt điểm tối đa (cần phát huy): 1 (Mục 1)." in text
    assert "Số liệu chưa khớp" not in text


def test_the_report_in_english_says_what_does_not_add_up() -> None:
    card = Scorecard(unit=CARD.unit, fields=CARD.fields, total_max=D(27), total_achieved=D(24))
    text = gaps_report.text(analyse(card), "en")
    assert "Xã Tân Hòa: 24 of 27 points, 3 points lost." in text
    assert "Where the numbers do not add up:" in text
    assert "- the total is 24 points, but the fields add up to 24.75" in text
    assert "0.75 points are not explained by any listed item" in text
