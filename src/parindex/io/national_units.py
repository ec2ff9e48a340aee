"""The national list of provinces and communes shipped in parindex/data, read into core."""

import json
from functools import cache
from importlib import resources

from parindex.core.province import NationalProvince, NationalUnit
from parindex.core.text import unit_name

DATASET = "vn_units_2025.json"


@cache
def provinces() -> tuple[NationalProvince, ...]:
    """The 34 provinces with their communes, names normalised, in the list's order."""
    raw = json.loads(resources.files("parindex.data").joinpath(DATASET).read_text("utf-8"))
    return tuple(
        NationalProvince(
            code=entry["Code"],
            name=unit_name(entry["FullName"]),
            communes=tuple(
                NationalUnit(ward["Code"], unit_name(ward["FullName"])) for ward in entry["Wards"]
            ),
        )
        for entry in raw
    )


def province(code: str) -> NationalProvince | None:
    return next((p for p in provinces() if p.code == code), None)
