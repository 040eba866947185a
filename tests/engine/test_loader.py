"""The loader rejects every malformed standard whole, naming PATH:LINE and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from passport.engine import Severity, StandardError, check_standard, load_standard

from .conftest import DATA

TINY = (DATA / "tiny.yaml").read_text(encoding="utf-8")


def mutate(tmp_path: Path, old: str, new: str, source: str = TINY) -> tuple[Path, int]:
    """Write the tiny standard with ``old`` replaced by ``new``; return the path and the line
    where the replacement starts."""
    assert source.count(old) == 1, f"the mutation target must be unique: {old!r}"
    text = source.replace(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path, source[: source.index(old)].count("\n") + 1


def line_of(path: Path, anchor: str, near: int) -> int:
    """The line of the occurrence of ``anchor`` closest to line ``near`` (above on a tie)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    candidates = [i + 1 for i, text in enumerate(lines) if anchor in text]
    return min(candidates, key=lambda n: (abs(n - near), n > near))


# (case, text to replace, replacement, message expected, and where: the replacement's line, or
# the line of the enclosing block named by an anchor, for problems about the block as a whole)
CORPUS = [
    (
        "bad yaml",
        "  licence: CC-BY-SA-4.0",
        "  licence: [unclosed\n",
        "invalid YAML: expected ',' or ']', but got ':' (at line 9) while parsing a flow sequence that starts here",
    ),
    ("tab indentation", "  licence: CC-BY-SA-4.0", "\tlicence: x", "invalid YAML: found character '\\t'"),
    (
        "duplicate key",
        "  licence: CC-BY-SA-4.0",
        "  licence: CC-BY-SA-4.0\n  licence: MIT",
        "duplicate key 'licence' (first at line 7)",
        "licence: MIT",
    ),
    (
        "unknown field",
        "  licence: CC-BY-SA-4.0",
        "  licence: CC-BY-SA-4.0\n  colour: blue",
        "standard.colour: unknown field (not part of the standard format)",
        "colour",
    ),
    ("missing field", "  licence: CC-BY-SA-4.0\n", "", "standard.licence: this field is required", "standard:"),
    ("bad status", "  status: draft", "  status: final", "standard.status: 'final' is not allowed"),
    ("yes/no trap", "{id: never, label:", "{id: no, label:", "Input should be a valid string (got False)"),
    (
        "unknown indicator in a condition",
        'when: "u18_hazardous", level: L0',
        'when: "u18_hazardus", level: L0',
        "requirements.T-CHILD.cells.wfcl.when: unknown indicator 'u18_hazardus' (not declared in this requirement)",
    ),
    (
        "indicator of another requirement",
        'when: "u18_hazardous", level: L0',
        'when: "u18_hazardous or has_title", level: L0',
        "unknown indicator 'has_title'",
    ),
    (
        "enum value typo",
        "children_present == 'working'",
        "children_present == 'workin'",
        "'workin' is not a value of 'children_present' (expected one of: never, sometimes, working)",
    ),
    (
        "condition syntax",
        "when: \"hg_use == 'whole_ore'\"",
        "when: \"hg_use = 'whole_ore'\"",
        "unexpected character '=' (in `hg_use = 'whole_ore'`, column 8)",
    ),
    (
        "duplicate requirement id",
        "  - id: T-RECORDS",
        "  - id: T-HG",
        "duplicate requirement id 'T-HG'",
    ),
    (
        "duplicate indicator id across requirements",
        "      - id: workers_count",
        "      - id: hg_use",
        "duplicate indicator id 'hg_use'",
    ),
    (
        "unknown module",
        "    module: M4\n",
        "    module: M9\n",
        "requirements.T-SEC.module: unknown module 'M9' (declared: M2, M3, M4, M5)",
    ),
    (
        "unknown level",
        "level: L3, action: none, label: {en: Titled",
        "level: L7, action: none, label: {en: Titled",
        "unknown level 'L7'",
    ),
    (
        "mitigate without a window",
        "level: L1, action: mitigate, window: P6M, on_expiry: escalate_review",
        "level: L1, action: mitigate",
        "a mitigate cell needs a `window` (module M3 has no default_window)",
    ),
    (
        "disengagement in the progressive module",
        "level: L1, action: improve, window: P1Y, label: {en: Whole-ore",
        "level: L1, action: disengage_immediately, label: {en: Whole-ore",
        "module M5 is progressive: its cells cannot require disengagement",
    ),
    (
        "contradiction: a cell that a worse one always shadows",
        "      - {id: clear,",
        "      - {id: shadowed, when: \"u18_hazardous and children_present == 'never'\", level: L1, action: improve,"
        " label: {en: s, es: s, fr: s}}\n      - {id: clear,",
        "cell 'shadowed' can never be the matching cell",
    ),
    (
        "gap: answers that no cell decides",
        "      - {id: clear, when: \"not u18_hazardous and children_present == 'never'\"",
        "      - {id: clear, when: \"not u18_hazardous and children_present == 'never' and false\"",
        "requirements.T-CHILD.cells: no cell decides the answers {u18_hazardous=no, children_present=never}",
        "    cells:",
    ),
    (
        "relevance that refers forward",
        'relevant: "not has_title"',
        'relevant: "not in_formalisation"',
        "unknown indicator 'in_formalisation' (not declared in the indicators listed before it)",
    ),
    (
        "cell using an optional indicator",
        "      - {id: kept, otherwise: true,",
        '      - {id: big, when: "legal_cap_g > 1", level: L2, action: improve, label: {en: b, es: b, fr: b}}\n'
        "      - {id: kept, otherwise: true,",
        "'legal_cap_g' is optional; a cell may only use required indicators",
    ),
    (
        "two otherwise cells",
        "      - {id: kept, otherwise: true,",
        "      - {id: also, otherwise: true, level: L2, action: none, label: {en: b, es: b, fr: b}}\n"
        "      - {id: kept, otherwise: true,",
        "requirements.T-RECORDS.cells: at most one cell may be `otherwise`",
        "    cells:",
    ),
    (
        "bad duration",
        "default_window: P6M",
        "default_window: 6 months",
        "does not have the expected form",
    ),
    (
        "unknown commodity in applicability",
        "applies_to: {commodities: [gold]}",
        "applies_to: {commodities: [gold, silver]}",
        "requirements.T-HG.applies_to.commodities.[1]: unknown commodities 'silver'",
    ),
    (
        "legitimacy gate without a failing option",
        "level: L0, action: disengage_immediately, label: {en: No legitimacy option met",
        "level: L0, action: none, label: {en: No legitimacy option met",
        "a legitimacy gate needs a cell for 'no option met'",
        "    cells:",
    ),
]


CASES = CORPUS


@pytest.mark.parametrize("entry", CASES, ids=[c[0] for c in CASES])
def test_it_names_the_line_and_field_of_each_problem(tmp_path: Path, entry: tuple[str, ...]) -> None:
    case, old, new, message = entry[:4]
    path, line = mutate(tmp_path, old, new)
    if len(entry) == 5:
        line = line_of(path, entry[4], near=line)
    with pytest.raises(StandardError) as caught:
        load_standard(path)
    reported = [str(p) for p in caught.value.errors]
    assert any(text.startswith(f"{path}:{line}: ") and message in text for text in reported), (
        f"{case}: expected {path}:{line}: …{message}… in {reported}"
    )


def test_a_missing_translation_is_an_error_when_published_and_a_warning_in_a_draft(tmp_path: Path) -> None:
    untranslated = TINY.replace(
        "{en: Tiny test standard, es: Estándar mínimo de prueba, fr: Norme minimale de test}",
        "{en: Tiny test standard}",
    )
    draft = tmp_path / "draft.yaml"
    draft.write_text(untranslated, encoding="utf-8")
    standard, problems = check_standard(draft)
    assert standard is not None
    assert [str(p) for p in problems] == [
        f"{draft}:6: warning: standard.title: missing translation 'es'",
        f"{draft}:6: warning: standard.title: missing translation 'fr'",
    ]
    assert all(p.severity is Severity.WARNING for p in problems)

    published = tmp_path / "published.yaml"
    published.write_text(untranslated.replace("status: draft", "status: published"), encoding="utf-8")
    standard, problems = check_standard(published)
    assert standard is None
    assert f"{published}:6: standard.title: missing translation 'es'" in [str(p) for p in problems]


def test_it_reports_every_problem_at_once_and_loads_nothing(tmp_path: Path) -> None:
    text = TINY.replace("children_present == 'working'", "children_present == 'workin'").replace(
        "    module: M4\n", "    module: M9\n"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    standard, problems = check_standard(path)
    assert standard is None
    assert len([p for p in problems if p.severity is Severity.ERROR]) == 2


def test_an_empty_or_missing_file_is_rejected(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert [str(p) for p in check_standard(empty)[1]] == [f"{empty}:1: the file is empty"]
    missing = tmp_path / "nope.yaml"
    assert [str(p) for p in check_standard(missing)[1]] == [f"{missing}:1: file not found"]


def test_the_tiny_standard_loads_with_cells_worst_first(tiny) -> None:  # type: ignore[no-untyped-def]
    child = tiny.requirement("T-CHILD")
    assert [c.id for c in child.cells] == ["wfcl", "adjacent", "present", "clear"]
    legitimacy = tiny.requirement("T-LEG")
    assert legitimacy.cells[-1].otherwise
    assert len(tiny.digest) == 64
