"""Scoring and ranking a national year: 4,000 units × 120 leaves, with parindex.core alone.

A generated framework (8 fields × 15 sub-criteria, rules of several types) is evaluated for
every unit from generated inputs, totalled bottom-up and ranked. Prints the times; asserts
nothing. `.venv/bin/python bench/scoring.py [UNITS]`
"""

import random
import resource
import sys
import time
from decimal import Decimal

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.results import rank, totals
from parindex.core.rules import RuleSpec, parse_rule

FIELDS, PER_FIELD = 8, 15
RULES = [
    RuleSpec("proportional", {}),
    RuleSpec("met", {}),
    RuleSpec("count_steps", {"steps": [[3, Decimal("0.5")], [1, Decimal("0.25")]]}),
    RuleSpec("deduct_per_occurrence", {"per": Decimal("0.25")}),
    RuleSpec("manual", {"step": Decimal("0.25")}),
]
LEAF_MAX = Decimal("0.5")


def framework() -> Framework:
    fields = []
    for f in range(1, FIELDS + 1):
        leaves = tuple(
            Node(
                id=f"n{f}.{c}",
                code=f"{f}.{c}",
                title=f"Tiêu chí {f}.{c}",
                max_points=LEAF_MAX,
                scoring=Scoring.ASSESSED,
                provenance=Provenance.EXAMPLE,
                rule=RULES[(f * PER_FIELD + c) % len(RULES)],
            )
            for c in range(1, PER_FIELD + 1)
        )
        fields.append(
            Node(
                id=f"n{f}",
                code=str(f),
                title=f"Lĩnh vực {f}",
                max_points=LEAF_MAX * PER_FIELD,
                scoring=Scoring.ASSESSED,
                provenance=Provenance.EXAMPLE,
                children=leaves,
            )
        )
    return Framework(id="bench", title="Bench", level="commune", years=(2025,), nodes=tuple(fields))


def inputs(rule_type: str, rng: random.Random) -> dict[str, object]:
    match rule_type:
        case "proportional":
            return {"ratio": Decimal(rng.randint(0, 100)) / 100}
        case "met":
            return {"met": rng.random() < 0.8}
        case "count_steps" | "deduct_per_occurrence":
            return {"count": rng.randint(0, 4)}
        case _:
            return {"score": Decimal(rng.randint(0, 2)) / 4}


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    fw = framework()
    rules = {
        leaf.id: parse_rule(leaf.rule, LEAF_MAX, leaf.code) for leaf in fw.leaves() if leaf.rule
    }
    rng = random.Random(2025)
    unit_inputs = [
        {leaf_id: inputs(rule.type, rng) for leaf_id, rule in rules.items()} for _ in range(units)
    ]
    start = time.perf_counter()
    scored = [
        {leaf_id: rule.evaluate(given[leaf_id], LEAF_MAX).points for leaf_id, rule in rules.items()}
        for given in unit_inputs
    ]
    evaluated = time.perf_counter()
    results = {f"u{i}": totals(fw, points) for i, points in enumerate(scored)}
    totalled = time.perf_counter()
    ranks = rank({unit: result.achieved for unit, result in results.items()})
    ranked = time.perf_counter()
    print(f"units × leaves: {units} × {len(rules)} = {units * len(rules):,} evaluations")
    print(f"rules evaluated (with explanations): {evaluated - start:6.2f} s")
    print(f"totals bottom-up:                    {totalled - evaluated:6.2f} s")
    print(f"ranking:                             {ranked - totalled:6.3f} s")
    print(f"all:                                 {ranked - start:6.2f} s")
    print(f"best: {min(ranks.values())}, ranked units: {len(ranks)}")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
