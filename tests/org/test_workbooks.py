"""Units, ranking groups, lineage and people from and to workbooks: all or nothing, every
refusal naming the file, sheet, row and column, every row audited as the importer's."""

import zipfile
from collections.abc import Sequence
from datetime import date
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused
from parindex.io import org_workbook as book
from parindex.io.problems import Place, Problem
from parindex.org import actions, workbook_views, workbooks
from parindex.org.models import LineageEvent, RankingGroup, Role, Unit, UnitKind, User
from parindex.org.workbooks import WorkbookRefused, import_workbook
from tests.cast import PASSWORD, World, build_world, state

UNITS = ["Mã", "Tên", "Loại", "Mã đơn vị cấp trên", "Hoạt động từ", "Hoạt động đến"]
GROUPS = ["Mã đơn vị đánh giá", "Năm", "Tên khối", "Mã các đơn vị"]
LINEAGE = ["Loại", "Ngày", "Mã đơn vị trước", "Mã đơn vị sau", "Ghi chú"]
USERS = ["Tên đăng nhập", "Họ và tên", "Email", "Vai trò", "Mã đơn vị"]

Rows = Sequence[Sequence[object]]


def workbook(**sheets: Rows) -> bytes:
    """An .xlsx with the given sheets (title → rows, the header row first)."""
    titles = {"units": "Đơn vị", "groups": "Khối xếp hạng", "lineage": "Sắp xếp"}
    titles |= {"users": "Người dùng"}
    created = Workbook()
    if created.active is not None:
        created.remove(created.active)
    for key, rows in sheets.items():
        sheet = created.create_sheet(titles.get(key, key))
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    created.save(out)
    return out.getvalue()


def snapshot() -> tuple[object, ...]:
    events = LineageEvent.objects.order_by("pk")
    lineage = [
        (e.pk, sorted(e.before.values_list("pk", flat=True)), sorted(e.after.values_list("pk")))
        for e in events
    ]
    return (*state(), lineage)


def refused(actor: User, data: bytes, file: str = "units.xlsx") -> list[Problem]:
    """The problems of a workbook that must be refused, after checking it changed nothing."""
    before = snapshot()
    with pytest.raises(WorkbookRefused) as refusal:
        import_workbook(actor, data, file)
    assert snapshot() == before
    problems = refusal.value.problems
    assert problems
    for message in refusal.value.messages():
        assert file in message
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [workbooks.render_problem(p) for p in problems]
    return problems[0]


# --- a workbook that imports ------------------------------------------------------------


def _good_workbook() -> bytes:
    return workbook(
        units=[
            # A.H1 comes before its parent A.D1, which is defined on the next row.
            ["MÃ", "ten", "Loai", "ma don vi cap tren", "Hoạt động từ", "Hoạt động đến"],
            ["A.H1", "Xã Hạ Một", "xã", "A.D1", date(2025, 7, 1), None],
            ["A.D1", "Huyện Delta", "huyện", "A", "01/01/2020", "30/06/2025"],
            ["A.XM", "Xã Alpha Mới", "commune", "A", None, None],
        ],
        groups=[GROUPS, ["A", 2025, "Khối huyện", "A.D1"]],
        lineage=[LINEAGE, ["hợp nhất", "01/07/2025", "A.X1, A.X2", "A.XM", "NQ 1234"]],
        # English headers are read as well as Vietnamese ones.
        Users=[
            ["Username", "Full name", "E-mail", "Role", "Unit code"],
            ["officer_m", "Nguyễn Văn M", "m@example.vn", "cán bộ đơn vị", "A.XM"],
            ["officer_m", None, None, "leader", "A.XM"],
        ],
    )


def test_a_workbook_is_imported_whole_and_audited_as_the_importer(world: World) -> None:
    last_event = AuditEvent.objects.latest("pk").pk
    imported = import_workbook(world.coord_a, _good_workbook(), "units.xlsx")
    assert [u.code for u in imported.units] == ["A.D1", "A.H1", "A.XM"]
    assert imported.count == 6
    district, commune = Unit.objects.get(code="A.D1"), Unit.objects.get(code="A.H1")
    assert commune.parent == district
    assert district.parent == world.province_a
    assert district.kind == UnitKind.DISTRICT
    assert (district.valid_from, district.valid_to) == (date(2020, 1, 1), date(2025, 6, 30))
    assert commune.valid_from == date(2025, 7, 1)
    group = RankingGroup.objects.get(name="Khối huyện")
    assert list(group.units.all()) == [district]
    event = LineageEvent.objects.get(kind="merge")
    assert event.kind == "merge"
    assert event.note == "NQ 1234"
    assert {u.code for u in event.before.all()} == {"A.X1", "A.X2"}
    world.commune_a1.refresh_from_db()
    assert world.commune_a1.valid_to == date(2025, 6, 30)
    assert Unit.objects.get(code="A.XM").valid_from == date(2025, 7, 1)
    person = User.objects.get(username="officer_m")
    assert person.email == "m@example.vn"
    assert not person.has_usable_password()  # can log in only once invited
    assert sorted(person.role_assignments.values_list("role", flat=True)) == [
        Role.LEADER,
        Role.UNIT_OFFICER,
    ]
    events = AuditEvent.objects.filter(pk__gt=last_event)
    assert {e.actor for e in events} == {world.coord_a}
    assert "units.xlsx" in events.first().reason  # type: ignore[union-attr]
    actions_done = sorted(events.values_list("action", flat=True))
    assert actions_done.count("create_unit") == 3
    assert {"create_ranking_group", "record_lineage", "create_user", "assign_role"} <= set(
        actions_done
    )


def test_an_export_imports_back_into_an_empty_database(db: None) -> None:
    def contents() -> tuple[object, ...]:
        units = sorted(
            (u.code, u.name, u.kind, u.parent.code if u.parent else "", u.valid_from, u.valid_to)
            for u in Unit.objects.select_related("parent")
        )
        groups = sorted(
            (g.evaluating_unit.code, g.year, g.name, sorted(u.code for u in g.units.all()))
            for g in RankingGroup.objects.all()
        )
        events = sorted(
            (e.kind, e.day, sorted(u.code for u in e.before.all()), e.note)
            for e in LineageEvent.objects.all()
        )
        people = sorted(
            (
                p.username,
                p.full_name,
                p.email,
                sorted((a.role, a.unit.code if a.unit else "") for a in p.role_assignments.all()),
            )
            for p in User.objects.exclude(username="root")
        )
        return units, groups, events, people

    with transaction.atomic():
        world = build_world()
        merged = actions.create_unit(
            world.coord_a, code="A.M", name="Xã Alpha Mới", kind="commune", parent=world.province_a
        )
        actions.record_lineage(
            world.coord_a,
            kind="merge",
            day=date(2025, 7, 1),
            before=[world.commune_a1, world.commune_a2],
            after=[merged],
            note="NQ 1234",
        )
        exported = workbooks.export_workbook(world.admin)
        expected = contents()
        transaction.set_rollback(True)
    assert not Unit.objects.exists()
    root = actions.bootstrap_administrator(username="root", full_name="Root", password=PASSWORD)
    import_workbook(root, exported, "export.xlsx")
    assert contents() == expected
    assert len(expected[0]) == 7  # type: ignore[arg-type]
    assert len(expected[3]) == 8  # type: ignore[arg-type]


def test_an_export_holds_only_what_the_person_may_see(world: World) -> None:
    exported = load_workbook(BytesIO(workbooks.export_workbook(world.coord_a)))
    assert exported.sheetnames == ["Đơn vị", "Khối xếp hạng", "Sắp xếp", "Người dùng"]
    codes = [row[0] for row in exported["Đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["A", "A.SNV", "A.X1", "A.X2"]  # tree order, nothing of province B
    assert exported["Đơn vị"]["C2"].value == "tỉnh, thành phố"  # kinds in Vietnamese
    people = {row[0] for row in exported["Người dùng"].iter_rows(min_row=2, values_only=True)}
    assert "coord_b" not in people
    assert "officer_a" in people


def test_the_template_has_the_sheets_and_a_guide_and_reads_as_nothing_to_import(
    world: World,
) -> None:
    template = workbooks.template_workbook()
    opened = load_workbook(BytesIO(template))
    assert opened.sheetnames == ["Đơn vị", "Khối xếp hạng", "Sắp xếp", "Người dùng", "Hướng dẫn"]
    assert [c.value for c in opened["Đơn vị"][1]] == UNITS
    assert opened["Đơn vị"].max_row == 1
    guide = " ".join(
        str(v) for row in opened["Hướng dẫn"].iter_rows(values_only=True) for v in row if v
    )
    assert "hợp nhất" in guide
    assert "đầu mối cải cách hành chính" in guide  # the coordinator's Vietnamese label
    problem = only(refused(world.admin, template, "mau.xlsx"))
    assert problem.place == Place("mau.xlsx")
    assert problem.message.key == book.NOTHING


def test_the_accepted_unit_kinds_are_exactly_the_models() -> None:
    assert set(book.UNIT_KIND_WORDS) == set(UnitKind.values)


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Phường", "commune"),
        ("DAC KHU", "commune"),
        ("xã/phường/đặc khu/thị trấn (commune)", "commune"),  # copied from the guide
        ("xã, phường, đặc khu", "commune"),  # the kind's Vietnamese label
        ("Sở", "department"),
        ("so", "department"),
        ("district", "district"),
        ("xã/sở", None),
        ("thôn", None),
    ],
)
def test_unit_kinds_are_read_in_the_words_offices_use(written: str, kind: str | None) -> None:
    assert workbooks.vocabulary().unit_kinds.match(written) == kind


# --- the malformed workbooks: each refused by place, nothing changed --------------------


def test_a_missing_column_is_named(world: World) -> None:
    data = workbook(units=[["Mã", "Loại"], ["A.N", "xã"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 1, "Tên")
    assert problem.message.key == book.COLUMN_MISSING


def test_an_unknown_column_is_named_and_a_numbering_column_ignored(world: World) -> None:
    data = workbook(units=[["STT", *UNITS, "Dân số"], [1, "A.N", "Xã", "xã", "A", None, None, 9]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 1, "Dân số")
    assert problem.message.key == book.COLUMN_UNKNOWN


def test_a_value_too_long_for_its_column_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N", "X" * 256, "xã", "A"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 2, "Tên")
    assert problem.message.key == workbooks.TOO_LONG


def test_an_unknown_parent_code_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N1", "Xã Một", "xã", "A"], ["A.N2", "Xã Hai", "xã", "X99"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 3, "Mã đơn vị cấp trên")
    assert problem.message.key == workbooks.UNIT_UNKNOWN
    text = workbooks.render_problem(problem)
    for part in ("units.xlsx", "“Đơn vị”", "3", "“Mã đơn vị cấp trên”", "X99"):
        assert part in text


def test_a_code_repeated_in_the_file_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N", "Xã Một", "xã", "A"], ["A.N", "Xã Hai", "xã", "A"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 3, "Mã")
    assert problem.message.key == workbooks.CODE_TWICE
    assert problem.message.params["row"] == 2


def test_a_code_already_in_the_database_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.X1", "Xã Một", "xã", "A"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 2, "Mã")
    assert problem.message.key == workbooks.CODE_TAKEN


def test_a_cycle_in_the_tree_names_its_rows(world: World) -> None:
    data = workbook(
        units=[
            UNITS,
            ["A.C1", "Một", "xã", "A.C2"],
            ["A.C2", "Hai", "xã", "A.C1"],
            ["A.C3", "Ba", "xã", "A.C1"],  # below the cycle: not a problem of its own
            ["A.C4", "Bốn", "xã", "A.C4"],
        ]
    )
    problems = refused(world.coord_a, data)
    assert [(p.place.row, p.place.column, p.message.key) for p in problems] == [
        (2, "Mã đơn vị cấp trên", workbooks.CYCLE),
        (5, "Mã đơn vị cấp trên", workbooks.CYCLE),
    ]
    assert problems[0].message.params["rows"] == "2, 3"


@pytest.mark.parametrize(
    ("sheets", "where", "key"),
    [
        pytest.param(
            {"units": [UNITS, ["B.N", "Xã", "xã", "B"]]},
            ("Đơn vị", 2, "Mã đơn vị cấp trên"),
            workbooks.UNIT_OUTSIDE,
            id="parent-in-another-province",
        ),
        pytest.param(
            {"units": [UNITS, ["C", "Tỉnh Gamma", "tỉnh", None]]},
            ("Đơn vị", 2, "Mã đơn vị cấp trên"),
            workbooks.TOP_LEVEL,
            id="a-province",
        ),
        pytest.param(
            {"groups": [GROUPS, ["B", 2025, "Khối", "B.X1"]]},
            ("Khối xếp hạng", 2, "Mã đơn vị đánh giá"),
            workbooks.UNIT_OUTSIDE,
            id="group-of-another-province",
        ),
        pytest.param(
            {"lineage": [LINEAGE, ["giải thể", "01/07/2025", "A", None, None]]},
            ("Sắp xếp", 2, "Mã đơn vị trước"),
            workbooks.UNIT_OUTSIDE,
            id="the-coordinated-unit-itself",
        ),
        pytest.param(
            {"users": [USERS, ["u1", "Người Một", None, "cán bộ đơn vị", "B.X1"]]},
            ("Người dùng", 2, "Mã đơn vị"),
            workbooks.UNIT_OUTSIDE,
            id="a-person-in-another-province",
        ),
        pytest.param(
            {"users": [USERS, ["u1", "Người Một", None, "quản trị viên", None]]},
            ("Người dùng", 2, "Vai trò"),
            workbooks.ROLE_NOT_GIVABLE,
            id="an-administrator",
        ),
    ],
)
def test_a_unit_outside_the_importers_scope_is_refused_by_row(
    world: World, sheets: dict[str, Rows], where: tuple[str, int, str], key: str
) -> None:
    problem = only(refused(world.coord_a, workbook(**sheets)))
    assert problem.place == Place("units.xlsx", *where)
    assert problem.message.key == key


def test_an_unknown_role_is_named(world: World) -> None:
    data = workbook(users=[USERS, ["u1", "Người Một", None, "giám đốc", "A.X1"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Người dùng", 2, "Vai trò")
    assert problem.message.key == book.VALUE_CHOICE
    assert "cán bộ đơn vị" in str(problem.message.params["allowed"])


def test_an_unknown_kind_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N", "Xã", "thôn", "A"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 2, "Loại")
    assert problem.message.key == book.VALUE_CHOICE


def test_an_empty_file_is_refused_by_name(world: World) -> None:
    problem = only(refused(world.coord_a, b"", "empty.xlsx"))
    assert problem.place == Place("empty.xlsx")
    assert problem.message.key == book.EMPTY


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"code,name\nA.N,Xa\n", id="csv"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), id="old-xls"),
        pytest.param(b"", id="zip-of-something-else"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_by_name(world: World, data: bytes) -> None:
    if not data:
        out = BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        data = out.getvalue()
    problem = only(refused(world.coord_a, data, "units.xlsx"))
    assert problem.place == Place("units.xlsx")
    assert problem.message.key == book.UNREADABLE


def test_a_workbook_without_known_sheets_is_refused_by_name(world: World) -> None:
    problem = only(refused(world.coord_a, workbook(Sheet1=[UNITS, ["A.N", "Xã", "xã", "A"]])))
    assert problem.place == Place("units.xlsx")
    assert problem.message.key == book.NO_SHEETS
    assert "Sheet1" in workbooks.render_problem(problem)


def test_a_bad_date_is_named(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N", "Xã", "xã", "A", "31/02/2025"]])
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Đơn vị", 2, "Hoạt động từ")
    assert problem.message.key == book.VALUE_DATE


def test_every_problem_is_listed_at_once(world: World) -> None:
    data = workbook(
        units=[UNITS, ["A.N", "Xã", "xã", "X99", "1/1/2025", "hôm qua"]],
        groups=[GROUPS, ["A", 1999, "Khối", "A.X1, A.N, B.X1"]],
        lineage=[LINEAGE, ["hợp nhất", "01/07/2025", "A.X1", "A.N", None]],
        users=[USERS, ["coord_b", "Trùng tên", "không-phải-email", "cán bộ đơn vị", "A.X1"]],
    )
    problems = refused(world.coord_a, data)
    found = [(p.place.sheet, p.place.row, p.place.column, p.message.key) for p in problems]
    # In the order of the sheets, then rows, then columns.
    assert found == (
        [
            ("Đơn vị", 2, "Mã đơn vị cấp trên", workbooks.UNIT_UNKNOWN),
            ("Đơn vị", 2, "Hoạt động đến", book.VALUE_DATE),
            ("Khối xếp hạng", 2, "Năm", workbooks.YEAR_RANGE),
            ("Khối xếp hạng", 2, "Mã các đơn vị", workbooks.NOT_BELOW),
            ("Sắp xếp", 2, "Mã đơn vị trước", workbooks.TEXT),
            ("Người dùng", 2, "Tên đăng nhập", workbooks.USERNAME_TAKEN),
            ("Người dùng", 2, "Email", workbooks.EMAIL_INVALID),
        ]
    )


def test_a_refusal_while_writing_names_the_row_and_undoes_everything(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ActionRefused("Không được.", field="name")

    monkeypatch.setattr(actions, "create_ranking_group", refuse)
    data = workbook(
        units=[UNITS, ["A.D1", "Huyện Delta", "huyện", "A"]],
        groups=[GROUPS, ["A", 2025, "Khối huyện", "A.D1"]],
    )
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Khối xếp hạng", 2, "Tên khối")
    assert workbooks.render_problem(problem).endswith("Không được.")
    assert not Unit.objects.filter(code="A.D1").exists()


def test_a_unit_ended_before_it_starts_is_refused_before_writing(world: World) -> None:
    data = workbook(
        units=[UNITS, ["A.N", "Xã", "xã", "A", "01/08/2025"]],
        lineage=[LINEAGE, ["giải thể", "01/07/2025", "A.N", None, None]],
    )
    problem = only(refused(world.coord_a, data))
    assert problem.place == Place("units.xlsx", "Sắp xếp", 2, "Ngày")
    assert problem.message.key == workbooks.ENDS_BEFORE_START


def test_only_coordinators_and_administrators_import_or_export(world: World) -> None:
    with pytest.raises(PermissionDenied):
        import_workbook(world.officer_a, _good_workbook(), "units.xlsx")
    with pytest.raises(PermissionDenied):
        workbooks.export_workbook(world.leader_a)


# --- the pages ---------------------------------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(data: bytes, name: str) -> BytesIO:
    upload = BytesIO(data)
    upload.name = name
    return upload


def test_the_import_page_lists_every_problem_and_changes_nothing(world: World) -> None:
    data = workbook(units=[UNITS, ["A.N", "Xã", "xã", "X99"], ["A.N", "Xã", "thôn", "A"]])
    before = snapshot()
    response = _client(world.coord_a).post(
        reverse("units_import"), {"file": _upload(data, "units.xlsx")}
    )
    assert response.status_code == 200
    assert len(response.context["problems"]) == 3
    page = response.content.decode()
    assert "X99" in page
    assert "units.xlsx" in page
    assert snapshot() == before


def test_the_import_page_imports_and_returns_to_the_units(world: World) -> None:
    response = _client(world.coord_a).post(
        reverse("units_import"), {"file": _upload(_good_workbook(), "units.xlsx")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_list") + "?imported=6"
    assert Unit.objects.filter(code="A.H1").exists()


def test_the_pages_download_the_export_and_the_template(world: World) -> None:
    client = _client(world.coord_a)
    assert client.get(reverse("units_import")).status_code == 200
    for name in ("units_export", "units_import_template"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Type"] == workbook_views.XLSX
        assert "attachment" in response["Content-Disposition"]
        assert "Đơn vị" in load_workbook(BytesIO(response.content)).sheetnames


@pytest.mark.parametrize("name", ["units_import", "units_export", "units_import_template"])
def test_the_pages_are_for_coordinators_and_administrators(world: World, name: str) -> None:
    client = _client(world.officer_a)
    assert client.get(reverse(name)).status_code == 403
    before = snapshot()
    upload = {"file": _upload(_good_workbook(), "units.xlsx")}
    assert client.post(reverse("units_import"), upload).status_code == 403
    assert snapshot() == before
    assert _client(world.admin).get(reverse(name)).status_code == 200


# --- the commands ------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_refuses_a_bad_workbook_and_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    bad = tmp_path / "units.xlsx"
    bad.write_bytes(workbook(units=[UNITS, ["A.N", "Xã", "xã", "X99"]]))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        _command("import_units", str(bad), "--as", "coord_a")
    assert "units.xlsx" in str(error.value)
    assert "X99" in str(error.value)
    assert snapshot() == before


def test_the_commands_import_export_and_write_the_template(world: World, tmp_path: Path) -> None:
    good = tmp_path / "units.xlsx"
    good.write_bytes(_good_workbook())
    out = _command("import_units", str(good), "--as", "coord_a")
    assert "A.H1" in out
    assert "officer_m" in out
    exported = tmp_path / "export.xlsx"
    _command("export_units", str(exported), "--as", "coord_a")
    codes = [r[0] for r in load_workbook(exported)["Đơn vị"].iter_rows(values_only=True)]
    assert "A.H1" in codes
    template = tmp_path / "template.xlsx"
    _command("export_units", "--template", str(template))
    assert "Hướng dẫn" in load_workbook(template).sheetnames
    with pytest.raises(CommandError):
        _command("export_units", str(exported), "--as", "officer_a")
    with pytest.raises(CommandError):
        _command("import_units", str(good), "--as", "nobody")
