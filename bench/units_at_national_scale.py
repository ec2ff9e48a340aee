"""How the unit tree, scope and the units page behave at national scale.

Builds the 34 provinces and 3,321 communes of shared/reference/units (or a synthetic tree
of the same shape when that file is absent) through the named writes, then times scoped
queries and page renders. Prints figures; asserts nothing.

    .venv/bin/python bench/units_at_national_scale.py [path/to/vn_units_2025.json]
"""

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["PARINDEX_VAR_DIR"] = tempfile.mkdtemp(prefix="parindex-bench-")
os.environ["ALLOWED_HOSTS"] = "testserver"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.core.management import call_command
from django.test import Client

from parindex.access import scope
from parindex.org import actions
from parindex.org.models import Role, Unit

DEFAULT = Path(__file__).resolve().parents[2] / "shared/reference/units/vn_units_2025.json"


def provinces(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            (p["Code"], p["FullName"], [(w["Code"], w["FullName"]) for w in p["Wards"]])
            for p in data
        ]
    return [
        (f"{i:02d}", f"Tỉnh {i}", [(f"{i:02d}{j:03d}", f"Xã {i}-{j}") for j in range(98)])
        for i in range(1, 35)
    ]


def timed(label: str, repeat: int, fn: object) -> None:
    assert callable(fn)
    fn()  # warm up
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    per = (time.perf_counter() - start) / repeat
    print(f"{label:<58} {per * 1000:9.1f} ms")


def main() -> None:
    call_command("migrate", verbosity=0)
    admin = actions.bootstrap_administrator(
        username="admin", full_name="Quản trị", password="Bench-password-2025"
    )
    tree = provinces(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    start = time.perf_counter()
    first_province = None
    for code, name, communes in tree:
        province = actions.create_unit(admin, code=code, name=name, kind="province", parent=None)
        first_province = first_province or province
        for commune_code, commune_name in communes:
            actions.create_unit(
                admin, code=commune_code, name=commune_name, kind="commune", parent=province
            )
    built = time.perf_counter() - start
    count = Unit.objects.count()
    print(
        f"units created through create_unit: {count} in {built:.1f} s "
        f"({built / count * 1000:.2f} ms each, audit event included)"
    )

    assert first_province is not None
    coordinator = actions.create_user(
        admin,
        username="coord",
        full_name="Điều phối",
        password="Bench-password-2025",
        role=Role.COORDINATOR,
        unit=first_province,
    )
    timed(
        "scope(admin, Unit, view) → list of all units", 20, lambda: list(scope(admin, Unit, "view"))
    )
    timed(
        "scope(coordinator, Unit, view) → one province's units",
        50,
        lambda: list(scope(coordinator, Unit, "view")),
    )
    web = Client()
    web.force_login(admin)

    def units_page() -> None:
        response = web.get("/units/")
        assert response.status_code == 200, response.status_code

    timed("GET /units/ as administrator (whole country)", 5, units_page)
    web.force_login(coordinator)
    timed("GET /units/ as a province's coordinator", 20, units_page)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
