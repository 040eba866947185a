"""Benchmark: classify many generated answer sets and compare with merely parsing them.

The floor is ``json.loads`` of the same answer documents, measured in the same run on the same
machine, so the ratio says what classification adds to the unavoidable cost of reading the
input. Prints lines such as::

    classification ratio (total/parse): 1.43

Usage: ``python bench/classification.py [--count N] [--rounds R] [--chunk C] [--standard FILE] [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from passport.engine import Producer, Standard, classify, load_standard  # noqa: E402
from passport.engine.cells import REFERENCE_DAY, witnesses  # noqa: E402
from passport.engine.compiled import applies  # noqa: E402
from passport.engine.schema import IndicatorType  # noqa: E402

PROFILES = [
    {"type": "association", "subtype": None, "commodities": ["gold"], "methods": ["tailings"], "country": "CO"},
    {"type": "informal_group", "subtype": None, "commodities": ["gold"], "methods": ["alluvial"], "country": "CO"},
    {"type": "cooperative", "subtype": None, "commodities": ["gold"], "methods": ["underground"], "country": "CO"},
    {
        "type": "informal_group",
        "subtype": None,
        "commodities": ["tin", "tantalum"],
        "methods": ["open_pit"],
        "country": "CD",
    },
    {"type": "individual", "subtype": "barequero", "commodities": ["gold"], "methods": ["alluvial"], "country": "CO"},
    {
        "type": "company",
        "subtype": None,
        "commodities": ["gold"],
        "methods": ["open_pit", "underground"],
        "country": "GH",
    },
]


# How often a producer's situation on one requirement falls in a cell of each action. Most
# answers describe practices to improve or nothing to do; disengagement is rare. (Synthetic:
# chosen so that the outcomes spread over all classes; see docs/benchmarks.md.)
ACTION_WEIGHTS = {"disengage_immediately": 0.004, "mitigate": 0.02, "improve": 0.45, "none": 0.526}


def info_value(indicator: Any, rng: random.Random) -> Any:
    """A value for a question no cell reads (counts, amounts, dates, notes)."""
    kind = indicator.type
    if kind is IndicatorType.INTEGER:
        return rng.randint(int(indicator.minimum or 0) + 5, 400)
    if kind is IndicatorType.DECIMAL:
        return round(rng.uniform(float(indicator.minimum or 0), 300.0), 1)
    if kind is IndicatorType.DATE:
        return (REFERENCE_DAY + dt.timedelta(days=rng.randint(-900, 900))).isoformat()
    if kind is IndicatorType.BOOL:
        return rng.random() < 0.5
    if kind is IndicatorType.ENUM:
        return rng.choice(indicator.choices).id
    return rng.choice(["registro municipal", "acta 12", "ninguno"])


def generate(standard: Standard, count: int, seed: int) -> list[str]:
    """``count`` JSON answer documents: realistic profiles; for each requirement, the answers of
    one of its graduated cells (drawn by ``ACTION_WEIGHTS``); about one in fifty leaves a
    question unanswered."""
    rng = random.Random(seed)
    per_requirement = {r.id: (r, witnesses(r)) for r in standard.requirements}
    documents = []
    for _ in range(count):
        profile = rng.choice(PROFILES)
        producer = Producer(
            profile["type"], profile["subtype"], frozenset(profile["commodities"]), frozenset(profile["methods"])
        )
        answers: dict[str, Any] = {}
        for requirement, found in per_requirement.values():
            if not applies(requirement, producer):
                continue
            cells = [c for c in requirement.cells if c.id in found]
            cell = rng.choices(cells, weights=[ACTION_WEIGHTS[c.action.value] for c in cells])[0]
            for ind in requirement.indicators:
                value = found[cell.id].get(ind.id)
                if value is None and ind.relevant is None:
                    value = info_value(ind, rng)
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if value is not None:
                    answers[ind.id] = value
        if answers and rng.random() < 0.02:
            answers.pop(rng.choice(sorted(answers)))
        documents.append(json.dumps({"producer": profile, "answers": answers}, ensure_ascii=False))
    return documents


def parse_only(documents: list[str]) -> float:
    start = time.perf_counter()
    for text in documents:
        json.loads(text)
    return time.perf_counter() - start


def parse_and_classify(standard: Standard, documents: list[str], as_of: dt.date) -> tuple[float, Counter[str]]:
    results = []
    start = time.perf_counter()
    for text in documents:
        data = json.loads(text)
        p = data["producer"]
        producer = Producer(p["type"], p["subtype"], frozenset(p["commodities"]), frozenset(p["methods"]), p["country"])
        results.append(classify(standard, producer, data["answers"], None, as_of).outcome)
    elapsed = time.perf_counter() - start
    return elapsed, Counter(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over all documents")
    parser.add_argument("--chunk", type=int, default=5_000, help="documents per alternating measurement")
    parser.add_argument("--standard", type=Path, default=ROOT / "standards" / "mes-1.0.yaml")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()

    standard = load_standard(args.standard)
    print(
        f"standard: {standard.ref} — {len(standard.requirements)} requirements, {len(standard.indicators)} indicators"
    )
    documents = generate(standard, args.count, args.seed)
    size = sum(len(d) for d in documents) / len(documents)
    print(f"answer sets: {len(documents):,} generated (seed {args.seed}), {size:,.0f} bytes of JSON each on average")
    as_of = dt.date(2026, 11, 29)
    parse_and_classify(standard, documents[:2000], as_of)  # compile the plans and warm caches

    # The machine's speed drifts (shared host), so the two loops alternate over chunks of
    # documents: each chunk is parsed, then parsed and classified, back to back, and the ratio
    # is taken per chunk; the median chunk ratio is reported. As timeit does, the cyclic
    # garbage collector is paused during both loops alike.
    chunk = max(1, min(args.chunk, len(documents)))
    parse_times: list[float] = []
    total_times: list[float] = []
    outcomes: Counter[str] = Counter()
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.rounds):
            outcomes = Counter()
            for start in range(0, len(documents), chunk):
                part = documents[start : start + chunk]
                parse_times.append(parse_only(part))
                elapsed, counted = parse_and_classify(standard, part, as_of)
                total_times.append(elapsed)
                outcomes += counted
    finally:
        gc.enable()
    ratios = [total / parse for total, parse in zip(total_times, parse_times, strict=True)]
    n = len(documents) * args.rounds
    parse_s, total_s = sum(parse_times), sum(total_times)
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"parse only (floor):   {n / parse_s:12,.0f} answer sets/s  ({parse_s * 1e6 / n:6.1f} µs each)")
    print(f"parse + classify:     {n / total_s:12,.0f} assessments/s  ({total_s * 1e6 / n:6.1f} µs each)")
    low, middle, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    print(f"chunk ratios: {len(ratios)} chunks of {chunk:,}, quartiles {low:.2f} / {middle:.2f} / {high:.2f}")
    print(f"classification ratio (total/parse): {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
