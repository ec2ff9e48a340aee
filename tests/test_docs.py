"""The reference pages keep up with the code they describe."""

import re
from pathlib import Path

from parindex.core.rules import RULE_TYPES
from parindex.frameworks import builtin

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_rule_type_has_its_section() -> None:
    text = (DOCS / "rules.md").read_text("utf-8")
    documented = set(re.findall(r"^### \d+\. `([a-z_]+)`", text, re.MULTILINE))
    assert documented == set(RULE_TYPES)


def test_every_builtin_framework_is_listed() -> None:
    text = (DOCS / "frameworks.md").read_text("utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))
    assert listed == set(builtin.names())
