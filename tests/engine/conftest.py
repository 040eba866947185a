"""Shared engine fixtures: the tiny test standard and the shipped Market Entry Standard."""

from __future__ import annotations

from pathlib import Path

import pytest

from passport.engine import Producer, Standard, load_standard

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
MES = ROOT / "standards" / "mes-1.0.yaml"


@pytest.fixture(scope="session")
def tiny() -> Standard:
    return load_standard(DATA / "tiny.yaml")


@pytest.fixture(scope="session")
def mes() -> Standard:
    return load_standard(MES)


@pytest.fixture
def coop() -> Producer:
    return Producer("cooperative", None, frozenset({"gold"}), frozenset({"underground"}))


def complete_answers() -> dict[str, object]:
    """Answers to every question the tiny standard asks a gold cooperative: all clear."""
    return {
        "has_title": True,
        "u18_hazardous": False,
        "children_present": "never",
        "security_present": "none",
        "hg_use": "none",
        "workers_count": 12,
        "monthly_output_g": 300.0,
    }
