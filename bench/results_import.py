"""Importing a province's results decision and reading it back, at a large province's size.

Builds one province of UNITS communes, writes a decision's annex for them (one row per
unit, the example framework's eight fields, totals, index and rank), then times reading it
(preview), recording it (confirm), and the pages that read it back. Prints figures;
asserts nothing.

    .venv/bin/python bench/results_import.py [units]
"""

import os
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["PARINDEX_VAR_DIR"] = tempfile.mkdtemp(prefix="parindex-bench-")
os.environ["ALLOWED_HOSTS"] = "testserver"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from parindex.core.results import rank
from parindex.frameworks.actions import framework_of, install_builtin_frameworks
from parindex.org import actions
from parindex.org.models import Role, Unit
from parindex.results.imports import confirm_import, preview_import
from parindex.results.models import Result

PASSWORD = "Bench-password-2025"


def annex(units: list[Unit], maxima: list[Decimal]) -> bytes:
    chance = random.Random(2024)  # the same figures every run
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"])
    fields = [f"Lĩnh vực {i} ({most}đ)" for i, most in enumerate(maxima, start=1)]
    sheet.append(["STT", "Đơn vị", *fields, "Tổng điểm thẩm định", "Chỉ số (%)", "Xếp hạng"])
    rows = []
    for unit in units:
        points = [
            (most * Decimal(chance.uniform(0.6, 1))).quantize(Decimal("0.01")) for most in maxima
        ]
        rows.append((unit.name, points, sum(points, Decimal(0))))
    ranks = rank({name: total for name, _points, total in rows})
    sheet.append(["I. KHỐI XÃ"])
    for number, (name, points, total) in enumerate(rows, start=1):
        sheet.append([number, name, *map(float, points), float(total), float(total), ranks[name]])
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def timed(label: str, fn: object) -> object:
    assert callable(fn)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        value = fn()
    print(f"{label:<52} {time.perf_counter() - start:8.2f} s {len(queries):7d} queries")
    return value


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    call_command("migrate", verbosity=0)
    admin = actions.bootstrap_administrator(
        username="admin", full_name="Quản trị", password=PASSWORD
    )
    province = actions.create_unit(admin, code="BT", name="Tỉnh Thử", kind="province", parent=None)
    units = [
        actions.create_unit(
            admin, code=f"BT.{i:04d}", name=f"Xã Thử Nghiệm {i}", kind="commune", parent=province
        )
        for i in range(1, count + 1)
    ]
    coordinator = actions.create_user(
        admin,
        username="coord",
        full_name="Điều phối",
        password=PASSWORD,
        role=Role.COORDINATOR,
        unit=province,
    )
    stored = {s.key: s for s in install_builtin_frameworks()}["commune-example"]
    maxima = [node.max_points for node in framework_of(stored).nodes]
    assert all(most is not None for most in maxima)
    data = annex(units, [most for most in maxima if most is not None])
    print(f"annex: {count} units, {len(data) / 1024:.0f} KB")
    preview = timed(
        "read and match (preview)",
        lambda: preview_import(coordinator, data, "phu-luc.xlsx", stored, 2024),
    )
    timed("record every result (confirm)", lambda: confirm_import(coordinator, preview.staged.pk))  # type: ignore[attr-defined]
    web = Client()
    web.force_login(coordinator)
    some = Result.objects.filter(year=2024).first()
    assert some is not None
    ranking = f"/results/ranking/?by={province.pk}&year=2024&group={some.group}"
    timed("GET the ranking of the whole group", lambda: web.get(ranking))
    timed("GET one unit's result page", lambda: web.get(f"/results/{some.pk}/"))
    timed("GET the results list", lambda: web.get("/results/"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
