"""Frameworks through their pages and the API: who sees and manages which, loading a file
(every problem named by line and criterion, in the reader's language, and nothing changed),
the Excel round trip, completing a skeleton node by node, the example label, and installing
the built-ins once."""

import html
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parindex.access import Action, scope
from parindex.audit.models import AuditEvent
from parindex.frameworks import actions, builtin
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.io import render
from parindex.org.models import Unit, User
from tests.cast import FRAMEWORK_A, World, state
from tests.org.test_scope import A_PEOPLE, MEMBERS

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# FRAMEWORK_A under another id, with a maximum that is not whole: 2 + 3 + 3 + 2,5 = 10,5.
GOOD = FRAMEWORK_A.replace("id: alpha-xa-2025", "id: alpha-xa-moi").replace(
    "max: 2, rule: {type: manual, step: 0.5}", "max: 2.5, rule: {type: manual, step: 0.5}"
)

# Each bad file: the text, then what its one listed problem must say, in Vietnamese and in
# English. Line numbers are FRAMEWORK_A's (see tests/cast.py).
BAD: dict[str, tuple[str, list[str], list[str]]] = {
    "duplicate code": (  # 2.2 written 2.1 again: the second 2.1 is at fault
        FRAMEWORK_A.replace('code: "2.2"', 'code: "2.1"'),
        ["dòng 28, tiêu chí 2.1", "mã 2.1 được dùng cho nhiều hơn một mục"],
        ["line 28, criterion 2.1", "the code 2.1 is used by more than one node"],
    ),
    "children over the parent's max": (
        FRAMEWORK_A.replace(
            "    title: Công tác chỉ đạo, điều hành\n",
            "    title: Công tác chỉ đạo, điều hành\n    max: 3\n",
        ),
        # Placed on its `max` line, the one to correct.
        ["dòng 12, tiêu chí 1:", "các mục con cộng lại 5 điểm, lớn hơn điểm tối đa 3"],
        ["line 12, criterion 1:", "its parts add up to 5, more than its maximum 3"],
    ),
    "a manual step above the max": (
        FRAMEWORK_A.replace("rule: {type: manual, step: 0.5}", "rule: {type: manual, step: 2.5}"),
        ["dòng 28, tiêu chí 2.2", "quy tắc cho hoặc trừ 2,5 điểm, lớn hơn điểm tối đa 2"],
        ["line 28, criterion 2.2", "the rule awards or deducts 2.5, more than the criterion's"],
    ),
    "YAML syntax": (
        FRAMEWORK_A.replace("title: Hồ sơ trễ hạn", "title: [Hồ sơ trễ hạn"),
        ["dòng 26", "không phải YAML hợp lệ"],
        ["line 26", "this is not valid YAML"],
    ),
    "a typo'd key": (
        FRAMEWORK_A.replace(
            "    max: 3\n        rule: {type: proportional",
            "    maxx: 3\n        rule: {type: proportional",
        ),
        ["dòng 17, tiêu chí 1.2", "“nodes[0].children[1].maxx”", "viết nhầm tên?"],
        ["line 17, criterion 1.2", "“nodes[0].children[1].maxx”", "a typing mistake?"],
    ),
}


def _as(user: User, lang: str = "vi") -> Client:
    client = Client()
    client.force_login(user)
    if lang != "vi":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def _file(data: str | bytes, name: str) -> BytesIO:
    upload = BytesIO(data.encode() if isinstance(data, str) else data)
    upload.name = name
    return upload


def load(
    client: Client, data: str | bytes, owner: Unit | None, name: str = "moi.yaml"
) -> "Response":
    body = {"file": _file(data, name), "owner": owner.pk if owner else "", "reason": "thử"}
    return client.post(reverse("framework_load"), body)


def page(response: "Response") -> str:
    return html.unescape(response.content.decode())


def detail(client: Client, stored: StoredFramework) -> str:
    response = client.get(reverse("framework_detail", args=[stored.pk]))
    assert response.status_code == 200
    return page(response)


# --- scope ----------------------------------------------------------------------------------

Seen = tuple[set[str], set[str]]  # by "view", then by "manage"
# "national": every built-in; "a": framework_a (province A's); "b": province B's;
# "x1": commune A1's (seen from above and by the commune, not from A's department).
EVERYTHING = {"national", "a", "b", "x1"}
SEEN: dict[str, Seen] = {
    "admin": (EVERYTHING, EVERYTHING),
    "coord_a": ({"national", "a", "x1"}, {"a", "x1"}),
    "coord_b": ({"national", "b"}, {"b"}),
    "officer_a": ({"national", "a", "x1"}, set()),
    "task_a": ({"national", "a"}, set()),
} | {name: ({"national", "a", "x1"}, set()) for name in ["appraiser_a", "council_a", "leader_a"]}


@pytest.fixture
def frameworks(world: World) -> dict[str, set[int]]:
    """The frameworks of the scope table, by the names SEEN gives them."""
    national = {stored.pk for stored in actions.install_builtin_frameworks()}
    other = FRAMEWORK_A.replace("alpha-xa-2025", "khac")
    beta = actions.load_framework(
        world.admin, data=other.encode(), filename="b.yaml", owner=world.province_b
    )
    x1 = actions.load_framework(
        world.admin, data=other.encode(), filename="x1.yaml", owner=world.commune_a1
    )
    return {"national": national, "a": {world.framework_a.pk}, "b": {beta.pk}, "x1": {x1.pk}}


def test_the_scope_table_covers_the_cast() -> None:
    assert set(SEEN) == set(MEMBERS)
    # Everyone signed in sees the national frameworks; province A's people see A's.
    for name in MEMBERS:
        assert "national" in SEEN[name][0]
        assert ("a" in SEEN[name][0]) == (name in A_PEOPLE or name == "admin")


@pytest.mark.parametrize("who", MEMBERS)
def test_scope_of_each_cast_member(world: World, frameworks: dict[str, set[int]], who: str) -> None:
    assert len(frameworks["national"]) == len(builtin.names()) > 1
    person = User.objects.get(pk=getattr(world, who).pk)
    pair: tuple[Action, Action] = ("view", "manage")
    for action, names in zip(pair, SEEN[who], strict=True):
        found = list(scope(person, StoredFramework, action).values_list("pk", flat=True))
        assert len(found) == len(set(found)), action
        expected = set().union(*(frameworks[name] for name in names))
        assert set(found) == expected, action


def test_the_list_page_shows_what_scope_lets_see(
    world: World, frameworks: dict[str, set[int]]
) -> None:
    def links(who: User) -> set[int]:
        shown = page(_as(who).get(reverse("framework_list")))
        every = StoredFramework.objects.values_list("pk", flat=True)
        return {pk for pk in every if f'href="{reverse("framework_detail", args=[pk])}"' in shown}

    assert links(world.coord_b) == frameworks["national"] | frameworks["b"]
    assert links(world.task_a) == frameworks["national"] | frameworks["a"]


# --- loading a file ---------------------------------------------------------------------------


def test_a_coordinator_loads_a_good_file(world: World) -> None:
    events = AuditEvent.objects.count()
    client = _as(world.coord_a)
    response = load(client, GOOD, world.province_a)
    stored = StoredFramework.objects.get(key="alpha-xa-moi")
    assert response.status_code == 302
    assert response["Location"] == reverse("framework_detail", args=[stored.pk])
    assert stored.owner == world.province_a
    assert stored.complete
    assert stored.loaded_by == world.coord_a
    assert stored.content_id == actions.read_file(GOOD.encode(), "x.yaml").content_hash()
    shown = detail(client, stored)
    for code in ("1", "1.1", "1.2", "2", "2.1", "2.2"):
        assert f'<span class="code">{code}</span>' in shown
    assert "2,50 điểm" in shown  # 2.2's maximum, in Vietnamese
    assert "10,50 điểm" in shown  # the total
    assert "Tính theo tỷ lệ văn bản điện tử: 0 điểm khi từ 0% trở xuống" in shown
    assert "Trừ 0,25 điểm cho mỗi hồ sơ trễ hạn" in shown
    assert "Chấm theo bước 0,5 điểm" in shown
    assert "đầy đủ: dùng để chấm điểm được" in shown
    assert "Đã nạp bộ tiêu chí “Bộ tiêu chí cấp xã của Tỉnh Alpha”." in shown  # the message
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.unit) == (
        "load_framework",
        world.coord_a,
        world.province_a,
    )
    assert event.object_id == str(stored.pk)
    assert event.reason == "thử"
    assert event.changes["key"] == {"old": None, "new": "alpha-xa-moi"}


def test_the_detail_page_speaks_english_when_asked(world: World) -> None:
    shown = detail(_as(world.officer_a, "en"), world.framework_a)
    assert "In proportion to the share of văn bản điện tử: 0 points at 0% or less" in shown
    assert "−0.25 points for each hồ sơ trễ hạn" in shown
    assert "complete: can be used for scoring" in shown


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_file_is_refused_naming_every_problem(world: World, kind: str, lang: str) -> None:
    text, vietnamese, english = BAD[kind]
    before = state()
    response = load(_as(world.coord_a, lang), text, world.province_a, name="sai.yaml")
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1, problems
    for words in vietnamese if lang == "vi" else english:
        assert words in problems[0]
    assert problems[0].startswith("tệp sai.yaml" if lang == "vi" else "file sai.yaml")
    shown = page(response)
    assert problems[0] in shown
    heading = "Chưa nạp gì: tìm thấy 1 lỗi." if lang == "vi" else "Nothing was loaded: 1 problem"
    assert heading in shown
    assert state() == before


def test_a_file_with_several_problems_lists_them_all(world: World) -> None:
    text = FRAMEWORK_A.replace(
        "    title: Công tác chỉ đạo, điều hành\n",
        "    title: Công tác chỉ đạo, điều hành\n    max: 3\n",
    ).replace("rule: {type: manual, step: 0.5}", "rule: {type: manual, step: 2.5}")
    before = state()
    response = load(_as(world.coord_a), text, world.province_a, name="sai.yaml")
    problems = response.context["problems"]
    assert len(problems) == 2
    assert "dòng 12, tiêu chí 1:" in problems[0]
    assert "dòng 29, tiêu chí 2.2" in problems[1]
    assert "Chưa nạp gì: tìm thấy 2 lỗi." in page(response)
    assert state() == before


def test_a_duplicated_code_outside_its_parent_is_placed_at_the_duplicate(world: World) -> None:
    text = FRAMEWORK_A.replace('code: "2.2"', 'code: "1.2"')
    response = load(_as(world.coord_a), text, world.province_a, name="sai.yaml")
    problems = response.context["problems"]
    assert len(problems) == 2
    assert "dòng 28, tiêu chí 1.2: mã 1.2 được dùng cho nhiều hơn một mục" in problems[0]
    # The second 1.2 (line 28, under 2) is the one outside its parent, not line 15's.
    assert "dòng 28, tiêu chí 1.2: mã 1.2 không nối tiếp mã 2 của mục cha" in problems[1]


def test_an_officer_may_not_load(world: World) -> None:
    client = _as(world.officer_a)
    assert client.get(reverse("framework_load")).status_code == 403
    before = state()
    assert load(client, GOOD, world.commune_a1).status_code == 403
    assert state() == before


def test_a_coordinator_may_not_load_for_another_province(world: World) -> None:
    before = state()
    response = load(_as(world.coord_a), GOOD, world.province_b)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert state() == before


def test_a_builtin_id_is_refused_for_a_national_framework(world: World) -> None:
    actions.install_builtin_frameworks()
    text = builtin.text("commune-example").decode()
    before = state()
    response = load(_as(world.admin), text, None, name="vi-du.yaml")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "“commune-example” là định danh của một bộ tiêu chí có sẵn: hãy đặt cho bộ tiêu chí "
        "của bạn một định danh riêng (mục “id” trong tệp) rồi nạp lại."
    ]
    assert errors[0] in page(response)
    assert state() == before


def test_the_administrator_loads_a_national_framework(world: World) -> None:
    response = load(_as(world.admin), GOOD, None)
    assert response.status_code == 302
    stored = StoredFramework.objects.get(key="alpha-xa-moi")
    assert stored.owner is None
    assert not stored.built_in
    assert detail(_as(world.coord_b), stored)  # national: everyone sees it


def test_loading_the_same_id_again_replaces_the_content(world: World) -> None:
    old = world.framework_a
    old_hash, old_version = old.content_id, old.version
    changed = FRAMEWORK_A.replace("title: Hồ sơ trễ hạn", "title: Hồ sơ giải quyết trễ hạn")
    response = load(_as(world.coord_a), changed, world.province_a)
    assert response.status_code == 302
    assert StoredFramework.objects.filter(key="alpha-xa-2025").count() == 1
    stored = StoredFramework.objects.get(pk=old.pk)
    assert stored.content_id != old_hash
    assert stored.version == old_version + 1
    assert FrameworkContent.objects.filter(hash=old_hash).exists()
    assert "Hồ sơ giải quyết trễ hạn" in stored.content.text
    world.result_a1.refresh_from_db()
    assert world.result_a1.frozen_content_id == old_hash  # the result keeps its content
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id) == ("load_framework", str(old.pk))
    assert event.changes["content"] == {"old": old_hash[:12], "new": stored.content_id[:12]}


# --- Excel ------------------------------------------------------------------------------------


def test_excel_round_trip_through_the_web(world: World) -> None:
    client = _as(world.coord_a)
    response = client.get(reverse("framework_export", args=[world.framework_a.pk, "xlsx"]))
    assert response.status_code == 200
    assert 'filename="alpha-xa-2025.xlsx"' in response["Content-Disposition"]
    contents = FrameworkContent.objects.count()
    old_hash = world.framework_a.content_id
    response = load(client, response.content, world.province_a, name="alpha.xlsx")
    assert response.status_code == 302, response.context and response.context["problems"]
    stored = StoredFramework.objects.get(pk=world.framework_a.pk)
    assert stored.content_id == old_hash
    assert FrameworkContent.objects.count() == contents
    # The YAML export reads back to the same content too.
    exported = client.get(reverse("framework_export", args=[stored.pk, "yaml"])).content
    assert actions.read_file(exported, "a.yaml").content_hash() == old_hash


def test_an_edited_workbook_loads_its_edit(world: World) -> None:
    client = _as(world.coord_a)
    data = client.get(reverse("framework_export", args=[world.framework_a.pk, "xlsx"])).content
    book = load_workbook(BytesIO(data))
    sheet = book["Tiêu chí"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Hồ sơ trễ hạn":
                cell.value = "Hồ sơ quá hạn"
    out = BytesIO()
    book.save(out)
    assert load(client, out.getvalue(), world.province_a, name="alpha.xlsx").status_code == 302
    stored = StoredFramework.objects.get(pk=world.framework_a.pk)
    framework = actions.framework_of(stored)
    node = framework.by_code("2.1")
    assert node is not None
    assert node.title == "Hồ sơ quá hạn"


# --- completing a skeleton ---------------------------------------------------------------------


@pytest.fixture
def skeleton(world: World) -> StoredFramework:
    """Hà Nội's seven-field skeleton, loaded by the administrator for province A."""
    text = builtin.text("commune-hanoi").decode().replace("id: commune-hanoi", "id: hanoi-alpha")
    response = load(_as(world.admin), text, world.province_a, name="hanoi.yaml")
    assert response.status_code == 302
    return StoredFramework.objects.get(key="hanoi-alpha")


def _complete(
    client: Client, stored: StoredFramework, node_id: str, **fields: object
) -> "Response":
    body = {"max_points": "", "rule": "", "version": stored.version, "reason": ""} | fields
    return client.post(reverse("framework_node", args=[stored.pk, node_id]), body)


def test_a_coordinator_completes_a_skeleton_node_by_node(
    world: World, skeleton: StoredFramework
) -> None:
    assert not skeleton.complete
    client = _as(world.coord_a)
    shown = detail(client, skeleton)
    assert "mới là khung: còn 7 điểm tối đa hoặc quy tắc chưa biết" in shown
    assert shown.count("Chưa biết quy tắc chấm") == 7
    assert shown.count("chưa biết điểm tối đa") == 7
    for node in actions.framework_of(skeleton).leaves():
        url = reverse("framework_node", args=[skeleton.pk, node.id])
        assert f'<a class="complete" href="{url}">bổ sung</a>' in shown
    leaves = [node.id for node in actions.framework_of(skeleton).leaves()]
    assert len(leaves) == 7
    for number, node_id in enumerate(leaves, start=1):
        stored = StoredFramework.objects.get(pk=skeleton.pk)
        response = _complete(client, stored, node_id, max_points="2.5", rule="{type: met}")
        assert response.status_code == 302, page(response)
        assert response["Location"].endswith(f"#node-{node_id}")
        stored = StoredFramework.objects.get(pk=skeleton.pk)
        assert stored.version == skeleton.version + number
        assert stored.complete == (number == len(leaves))
    stored = StoredFramework.objects.get(pk=skeleton.pk)
    framework = actions.framework_of(stored)
    assert framework.is_complete()
    assert all(leaf.max_points == Decimal("2.5") for leaf in framework.leaves())
    shown = detail(client, stored)
    assert "đầy đủ: dùng để chấm điểm được" in shown
    assert "17,50 điểm" in shown  # 7 × 2,5
    assert shown.count("Yêu cầu: đạt 2,5 điểm, không đạt 0 điểm") == 7
    assert "Chưa biết quy tắc chấm" not in shown
    events = AuditEvent.objects.filter(action="complete_framework_node", object_id=str(stored.pk))
    assert events.count() == 7
    assert {event.actor for event in events} == {world.coord_a}


def test_a_rule_above_the_max_is_refused(world: World, skeleton: StoredFramework) -> None:
    before = state()
    response = _complete(
        _as(world.coord_a), skeleton, "f1", max_points="2", rule="{type: manual, step: 3}"
    )
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1
    assert "tiêu chí 1:" in problems[0]
    assert "quy tắc cho hoặc trừ 3 điểm, lớn hơn điểm tối đa 2" in problems[0]
    assert "Chưa lưu gì:" in page(response)
    assert problems[0] in page(response)
    assert state() == before


def test_a_rule_that_is_not_a_rule_is_refused(world: World, skeleton: StoredFramework) -> None:
    before = state()
    response = _complete(_as(world.coord_a), skeleton, "f1", max_points="2", rule="{type: met")
    assert response.status_code == 200
    assert "rule" in response.context["form"].errors
    assert state() == before


def test_a_stale_version_is_refused(world: World, skeleton: StoredFramework) -> None:
    client = _as(world.coord_a)
    stale = skeleton.version
    assert _complete(client, skeleton, "f1", max_points="2", rule="{type: met}").status_code == 302
    before = state()
    response = _complete(client, skeleton, "f2", max_points="3", rule="{type: met}", version=stale)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert "đã được người khác sửa trong lúc bạn đang sửa" in errors[0]
    assert f"bản của bạn là phiên bản {stale}, bản đã lưu là phiên bản {stale + 1}" in errors[0]
    assert state() == before


def test_saving_a_node_unchanged_records_nothing(world: World) -> None:
    before = state()
    response = _complete(
        _as(world.coord_a), world.framework_a, "f1-c1", max_points="2", rule="{type: met}"
    )
    assert response.status_code == 302
    assert state() == before


def test_builtin_frameworks_cannot_be_completed(world: World) -> None:
    installed = {stored.key: stored for stored in actions.install_builtin_frameworks()}
    hanoi = installed["commune-hanoi"]
    client = _as(world.admin)
    url = reverse("framework_node", args=[hanoi.pk, "f1"])
    assert client.get(url).status_code == 403
    before = state()
    response = _complete(client, hanoi, "f1", max_points="2", rule="{type: met}")
    assert response.status_code == 403
    assert state() == before
    assert 'class="complete"' not in detail(client, hanoi)


def test_the_node_form_offers_the_current_values(world: World) -> None:
    response = _as(world.coord_a).get(
        reverse("framework_node", args=[world.framework_a.pk, "f2-c1"])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["max_points"] == Decimal(3)
    assert form.initial["version"] == world.framework_a.version
    assert (
        form.initial["rule"]
        == "{type: deduct_per_occurrence, per: 0.25, labels: {count: hồ sơ trễ hạn}}"
    )
    missing = _as(world.coord_a).get(reverse("framework_node", args=[world.framework_a.pk, "nope"]))
    assert missing.status_code == 404


# --- the example framework ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_example_framework_is_labelled_and_every_rule_is_in_words(
    world: World, lang: str
) -> None:
    installed = {stored.key: stored for stored in actions.install_builtin_frameworks()}
    example = installed["commune-example"]
    assert example.example
    assert example.complete
    assert example.built_in
    response = _as(world.officer_a, lang).get(reverse("framework_detail", args=[example.pk]))
    assert response.status_code == 200
    shown = page(response)
    assert 'id="example-label"' in shown
    framework = actions.framework_of(example)
    leaves = framework.leaves()
    assert len(leaves) > 20
    types = set()
    for leaf in leaves:
        assert leaf.rule is not None
        assert leaf.max_points is not None
        words = render.describe(leaf.rule, leaf.max_points, lang)
        assert words
        assert words in shown, leaf.code
        types.add(leaf.rule.type)
    assert len(types) >= 7  # the example shows most kinds of rule
    for other in installed.values():
        if other.key != "commune-example":
            assert 'id="example-label"' not in detail(_as(world.officer_a), other)


# --- the API ------------------------------------------------------------------------------------


def _numbers_as_text(value: Any) -> Any:
    """A YAML value with its numbers written as the API writes Decimals: exact text."""
    if isinstance(value, dict):
        return {key: _numbers_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_text(item) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format(Decimal(str(value)), "f")
    return value


def test_the_api_refuses_a_bad_file_naming_every_problem(world: World) -> None:
    text, vietnamese, _english = BAD["a manual step above the max"]
    before = state()
    response = _as(world.coord_a).post(
        "/api/frameworks",
        {"yaml": text, "owner_id": world.province_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["where"] == "yaml"
    assert len(body["problems"]) == 1
    assert all(words in body["problems"][0] for words in vietnamese)
    assert body["detail"] == body["problems"][0]
    assert state() == before


def test_the_api_refuses_in_english_when_asked(world: World) -> None:
    text, _vietnamese, english = BAD["children over the parent's max"]
    response = _as(world.coord_a, "en").post(
        "/api/frameworks",
        {"yaml": text, "owner_id": world.province_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert all(words in response.json()["problems"][0] for words in english)


def test_the_api_loads_and_returns_the_content(world: World) -> None:
    client = _as(world.coord_a)
    response = client.post(
        "/api/frameworks",
        {"yaml": GOOD, "owner_id": world.province_a.pk, "reason": "api"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    stored = StoredFramework.objects.get(pk=created["id"])
    assert (created["key"], created["owner_id"], created["complete"]) == (
        "alpha-xa-moi",
        world.province_a.pk,
        True,
    )
    assert created["content_hash"] == stored.content_id
    got = client.get(f"/api/frameworks/{stored.pk}")
    assert got.status_code == 200
    body = got.json()
    assert body["content_hash"] == stored.content_id
    assert body["content_hash"] == actions.framework_of(stored).content_hash()
    file_nodes = yaml.safe_load(GOOD)["nodes"]
    assert body["content"]["nodes"] == _numbers_as_text(file_nodes)
    assert body["content"]["id"] == "alpha-xa-moi"


def test_the_api_writes_numbers_as_text(world: World) -> None:
    """Decimals go out as JSON strings (exact, never through a float): a maximum, a rule's
    parameter and a band alike."""
    body = _as(world.officer_a).get(f"/api/frameworks/{world.framework_a.pk}").json()
    content = body["content"]
    assert content["nodes"][0]["children"][0]["max"] == "2"
    assert content["nodes"][1]["children"][0]["rule"]["per"] == "0.25"
    assert content["bands"] == [{"name": "Tốt", "at_least": "80"}]
    assert content["years"] == [2025]
    assert content["decimals"] == 2


def test_the_api_file_loads_back(world: World) -> None:
    body = _as(world.officer_a).get(f"/api/frameworks/{world.framework_a.pk}").json()
    loaded = actions.read_file(body["yaml"].encode(), "again.yaml")
    assert loaded.content_hash() == world.framework_a.content_id


# --- the built-ins ------------------------------------------------------------------------------


def test_installing_the_builtins_twice_adds_nothing(world: World) -> None:
    first = actions.install_builtin_frameworks()
    assert sorted(stored.key for stored in first) == sorted(
        builtin.load(name).id for name in builtin.names()
    )
    assert all(stored.built_in and stored.owner is None for stored in first)
    events = AuditEvent.objects.filter(action="install_builtin_framework")
    assert events.count() == len(first)
    before = state()
    again = actions.install_builtin_frameworks()
    assert [stored.pk for stored in again] == [stored.pk for stored in first]
    assert state() == before
    versions = {stored.pk: stored.version for stored in StoredFramework.objects.all()}
    assert versions == {stored.pk: 1 for stored in first} | {world.framework_a.pk: 1}


# --- what a review found --------------------------------------------------------------------


def test_a_skeleton_shows_no_total(world: World, skeleton: StoredFramework) -> None:
    """Unknown is not zero: a skeleton's page gives no total rather than "0 điểm"."""
    shown = detail(_as(world.coord_a), skeleton)
    assert "<dt>Tổng</dt>" not in shown
    assert "<dt>Tổng</dt><dd>10 điểm</dd>" in detail(_as(world.coord_a), world.framework_a)


def test_completing_a_node_records_what_changed_in_words(
    world: World, skeleton: StoredFramework
) -> None:
    client = _as(world.coord_a)
    response = _complete(client, skeleton, "f1", max_points="12,5", rule="{type: met}")
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="complete_framework_node").latest("pk")
    changes = {label: (old, new) for label, old, new in event.readable_changes()}
    assert changes["tiêu chí"] == ("1", "1")
    assert changes["điểm tối đa"] == (None, "12.5")
    assert changes["quy tắc chấm"] == (None, "{type: met}")
    skeleton.refresh_from_db()
    before = state()
    again = _complete(client, skeleton, "f1", max_points="12,5", rule="{type: met}")
    assert again.status_code == 302
    assert state() == before  # the same values again: nothing new


def test_a_refused_completion_names_the_criterion_not_a_file(
    world: World, skeleton: StoredFramework
) -> None:
    response = _complete(
        _as(world.coord_a), skeleton, "f1", max_points="1", rule="{type: manual, step: 2}"
    )
    assert response.status_code == 200
    assert response.context["problems"] == [
        "tiêu chí 1: quy tắc cho hoặc trừ 2 điểm, lớn hơn điểm tối đa 1 của tiêu chí"
    ]


def test_a_rule_on_a_leaf_of_unknown_max_is_still_checked(world: World) -> None:
    skeleton = FRAMEWORK_A.replace("alpha-xa-2025", "alpha-khung").replace(
        '{id: f2-c2, code: "2.2", title: Công khai TTHC, max: 2, rule: {type: manual, step: 0.5}}',
        '{id: f2-c2, code: "2.2", title: Công khai TTHC, rule: {type: nosuch}}',
    )
    binary = skeleton.replace("{type: nosuch}", "{type: met, junk: !!binary aGk=}")
    before = state()
    for text, expected in (
        (skeleton, "tiêu chí 2.2: không có loại quy tắc chấm “nosuch”"),
        (binary, "tham số “junk” phải là số, chữ, true/false"),
    ):
        response = load(_as(world.coord_a), text, world.province_a, name="khung.yaml")
        assert response.status_code == 200
        assert any(expected in problem for problem in response.context["problems"])
    assert state() == before


def test_ids_that_would_break_addresses_or_file_names_are_refused(world: World) -> None:
    before = state()
    for bad in ("a/b", "có dấu cách", "x" * 101):
        text = GOOD.replace("id: f1-c1", f'id: "{bad}"')
        response = load(_as(world.coord_a), text, world.province_a)
        assert response.status_code == 200, bad
        assert "nodes[0].children[0].id" in response.context["problems"][0]
    assert state() == before


def test_an_export_is_named_after_the_framework_even_in_vietnamese(world: World) -> None:
    text = GOOD.replace("id: alpha-xa-moi", "id: bộ-xã-2025")
    assert load(_as(world.coord_a), text, world.province_a).status_code == 302
    stored = StoredFramework.objects.get(key="bộ-xã-2025")
    response = _as(world.coord_a).get(reverse("framework_export", args=[stored.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''b%E1%BB%99-x%C3%A3-2025.xlsx" in response["Content-Disposition"]


def test_a_national_framework_may_not_take_a_builtin_id_even_before_they_are_installed(
    world: World,
) -> None:
    before = state()
    text = GOOD.replace("id: alpha-xa-moi", "id: commune-example")
    response = load(_as(world.admin), text, None)
    assert response.status_code == 200
    assert "định danh của một bộ tiêu chí có sẵn" in response.context["form"].errors["file"][0]
    assert state() == before


def test_a_composite_index_names_its_parts_in_words(world: World) -> None:
    installed = {stored.key: stored for stored in actions.install_builtin_frameworks()}
    shown = detail(_as(world.officer_a), installed["province-2022-876"])
    assert "điểm thẩm định: 68 + điều tra xã hội học: 32" in shown
    english = detail(_as(world.officer_a, "en"), installed["province-2022-876"])
    assert "appraised points: 68 + sociological survey: 32" in english
