"""Built-in frameworks: one YAML file each, shipped with parindex, with its source decision.

Official frameworks hold only what was read in published sources (the rest is left unknown:
a skeleton); `commune-example` is complete but made up, and says so (`example: true`).
"""

from functools import cache
from importlib.resources import files

from parindex.core.framework import Framework
from parindex.io import framework_file


def names() -> list[str]:
    """The built-ins' names, e.g. "province-2017-2948", sorted."""
    folder = files(__package__)
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def text(name: str) -> bytes:
    if name not in names():
        raise KeyError(name)
    return files(__package__).joinpath(f"{name}.yaml").read_bytes()


@cache
def load(name: str) -> Framework:
    return framework_file.load(text(name), f"{name}.yaml")
