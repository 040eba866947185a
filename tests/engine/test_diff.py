"""Comparing standard versions, and re-evaluating old answers under a newer one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from passport.engine import Producer, Standard, diff_standards, load_standard, reevaluate

from .conftest import DATA, complete_answers

TINY = (DATA / "tiny.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def newer(tmp_path_factory: pytest.TempPathFactory) -> Standard:
    """tiny@0.2: records dropped, mercury's 10 kg threshold lowered to 5, a question added."""
    text = TINY.replace('version: "0.1"', 'version: "0.2"')
    text = text[: text.index("  - id: T-RECORDS")] + text[text.index("edd_triggers:") :]
    text = text.replace("hg_kg_year > 10", "hg_kg_year > 5").replace("hg_kg_year <= 10", "hg_kg_year <= 5")
    text = text.replace(
        "      - id: children_present\n",
        "      - id: school_attendance\n"
        "        type: bool\n"
        "        required: false\n"
        "        visibility: partners\n"
        '        question: {en: "Do the children go to school?", es: "¿Van los niños a la escuela?",'
        ' fr: "Les enfants vont-ils à l\'école ?"}\n'
        "        label: {en: school attendance, es: asistencia escolar, fr: scolarisation}\n"
        "      - id: children_present\n",
    )
    text = text.replace(
        "monthly_output_g > legal_cap_g or monthly_output_g > 120 * workers_count", "security_present != 'none'"
    )
    path: Path = tmp_path_factory.mktemp("newer") / "tiny-0.2.yaml"
    path.write_text(text, encoding="utf-8")
    return load_standard(path)


def test_it_lists_requirements_added_removed_and_changed(tiny: Standard, newer: Standard) -> None:
    diff = diff_standards(tiny, newer)
    assert (diff.old, diff.new) == ("tiny@0.1", "tiny@0.2")
    assert diff.added == ()
    assert diff.removed == ("T-RECORDS",)
    changes = {c.requirement_id: c.changes for c in diff.changed}
    assert changes == {
        "T-CHILD": ("indicator school_attendance added",),
        "T-HG": (
            "cell concentrate: condition `hg_use == 'concentrate' and hg_kg_year <= 10` → "
            "`hg_use == 'concentrate' and hg_kg_year <= 5`",
            "cell heavy: condition `hg_use == 'concentrate' and hg_kg_year > 10` → "
            "`hg_use == 'concentrate' and hg_kg_year > 5`",
        ),
    }
    assert diff.edd_changed == ("EDD-ORIGIN",)


def test_a_version_compared_with_itself_has_no_differences(tiny: Standard) -> None:
    assert diff_standards(tiny, tiny).empty


def test_reevaluating_reports_each_finding_that_moves(tiny: Standard, newer: Standard) -> None:
    coop = Producer("cooperative", None, frozenset({"gold"}), frozenset({"underground"}))
    answers = {**complete_answers(), "hg_use": "concentrate", "hg_kg_year": 7.0}
    outcome = reevaluate(tiny, newer, coop, answers, as_of=dt.date(2026, 6, 1))
    assert outcome.before.standard == "tiny@0.1"
    assert outcome.after.standard == "tiny@0.2"
    assert [(c.requirement_id, c.before, c.after) for c in outcome.changes] == [
        ("T-HG", "concentrate (L2, improve)", "heavy (L1, improve)"),
        ("T-RECORDS", "kept (L3, none)", None),
    ]
    assert outcome.ignored_answers == ("monthly_output_g", "workers_count")
    assert not outcome.outcome_changed
