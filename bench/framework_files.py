"""Framework files at national size: the example framework and a generated 1,000-leaf one,
loaded from YAML, written to and read from Excel, checked, and every leaf's explanation and
rule rendered in words. Prints the times; asserts nothing.
`.venv/bin/python bench/framework_files.py`
"""

import resource
import time
from dataclasses import replace
from decimal import Decimal

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.rules import RuleSpec, Value, parse_rule
from parindex.frameworks import builtin
from parindex.io import framework_file, framework_workbook, render

FIELDS, CRITERIA, LEAVES = 10, 20, 5  # 10 × 20 × 5 = 1,000 leaves


def large() -> Framework:
    rule = RuleSpec("proportional", {}, {"ratio": "hồ sơ giải quyết đúng hạn"})
    fields = []
    for f in range(1, FIELDS + 1):
        criteria = []
        for c in range(1, CRITERIA + 1):
            leaves = tuple(
                Node(
                    id=f"n{f}.{c}.{s}",
                    code=f"{f}.{c}.{s}",
                    title=f"Tiêu chí thành phần {f}.{c}.{s} về cải cách thủ tục hành chính",
                    max_points=Decimal("0.1"),
                    scoring=Scoring.ASSESSED,
                    provenance=Provenance.EXAMPLE,
                    rule=rule,
                    evidence="Báo cáo kết quả giải quyết thủ tục hành chính",
                )
                for s in range(1, LEAVES + 1)
            )
            criteria.append(
                Node(
                    id=f"n{f}.{c}",
                    code=f"{f}.{c}",
                    title=f"Tiêu chí {f}.{c}",
                    max_points=Decimal("0.5"),
                    scoring=Scoring.ASSESSED,
                    provenance=Provenance.EXAMPLE,
                    children=leaves,
                )
            )
        fields.append(
            Node(
                id=f"n{f}",
                code=str(f),
                title=f"Lĩnh vực {f}",
                max_points=Decimal(10),
                scoring=Scoring.ASSESSED,
                provenance=Provenance.EXAMPLE,
                children=tuple(criteria),
            )
        )
    example = builtin.load("commune-example")
    return replace(example, id="large", nodes=tuple(fields))


def timed(label: str, work: object) -> None:
    print(f"{label:<44} {work:8.3f} s")


def measure(name: str, framework: Framework) -> None:
    nodes = sum(1 for _ in framework.walk())
    print(f"{name}: {nodes:,} nodes, {len(framework.leaves()):,} leaves")
    start = time.perf_counter()
    text = framework_file.dump(framework)
    dumped = time.perf_counter()
    loaded = framework_file.load(text, "x.yaml")
    read = time.perf_counter()
    book = framework_workbook.write(loaded, "vi")
    written = time.perf_counter()
    again = framework_workbook.read(book, "x.xlsx")
    back = time.perf_counter()
    assert again == framework
    lines = []
    for leaf in framework.leaves():
        assert leaf.rule is not None
        assert leaf.max_points is not None
        lines.append(render.describe(leaf.rule, leaf.max_points, "vi"))
        rule = parse_rule(leaf.rule, leaf.max_points, leaf.code)
        inputs = {spec.name: _input(spec.kind) for spec in rule.inputs()}
        evaluation = rule.evaluate(inputs, leaf.max_points)
        lines.append(render.explain(evaluation.explanation, "vi", leaf.rule.labels))
    rendered = time.perf_counter()
    timed(f"  YAML written ({len(text) // 1024:,} KB)", dumped - start)
    timed("  YAML read and checked", read - dumped)
    timed(f"  Excel written ({len(book) // 1024:,} KB)", written - read)
    timed("  Excel read and checked", back - written)
    timed(f"  rules and explanations in words ({len(lines):,})", rendered - back)


INPUTS: dict[str, Value] = {
    "count": 2,
    "ratio": Decimal("0.92"),
    "bool": True,
    "points": Decimal("0.5"),
}


def _input(kind: str) -> Value:
    return INPUTS[kind]


def main() -> None:
    measure("commune-example", builtin.load("commune-example"))
    measure("generated", large())
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
