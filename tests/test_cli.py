"""The ``passport`` command, run in-process: exit codes, output, and PATH:LINE: messages."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from passport.cli import main

if TYPE_CHECKING:
    from tests.world import World

ROOT = Path(__file__).resolve().parents[1]
MES = ROOT / "standards" / "mes-1.0.yaml"
SCHEMA = ROOT / "standards" / "schema" / "standard.schema.json"
TINY = ROOT / "tests" / "engine" / "data" / "tiny.yaml"
TINY_TEXT = TINY.read_text(encoding="utf-8")
EXAMPLES = ROOT / "examples"
SUD_KIVU = EXAMPLES / "cd-sud-kivu-fardc-taxing.yaml"

TINY_ANSWERS = """\
standard: tiny@0.1
assessed_on: 2026-05-01
producer:
  name: Cooperativa de prueba
  type: cooperative
  commodities: [gold]
  methods: [underground]
answers:
  has_title: true
  u18_hazardous: false
  children_present: sometimes
  security_present: none
  hg_use: whole_ore
  hg_kg_year: 3
  workers_count: 10
  monthly_output_g: 200
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


def problems(err: str, path: Path) -> list[tuple[int, str]]:
    """Every stderr line as (line, message); fails unless each has the form PATH:LINE: message."""
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+): (.+)$")
    out = []
    for text in err.splitlines():
        match = pattern.match(text)
        assert match, f"not PATH:LINE: message: {text!r}"
        out.append((int(match.group(1)), match.group(2)))
    assert out, "expected at least one problem on stderr"
    return out


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- standard check / diff / schema ---------------------------------------------------------------


def test_standard_check_accepts_the_shipped_standard(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "standard", "check", MES)
    assert status == 0
    assert out == f"{MES}: ok — mes@1.0 (published), 40 requirements, 99 indicators, 6 EDD triggers\n"
    assert err == ""


def test_standard_check_rejects_a_broken_file_naming_path_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = edit(TINY_TEXT, "  licence: CC-BY-SA-4.0\n", "  licence: CC-BY-SA-4.0\n  colour: blue\n")
    path = tmp_path / "tiny-0.1.yaml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "standard", "check", path)
    assert status == 1
    assert out == ""
    assert problems(err, path) == [
        (line_of(text, "colour: blue"), "standard.colour: unknown field (not part of the standard format)")
    ]


def test_standard_check_reports_problems_deep_in_a_requirement_on_their_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = edit(TINY_TEXT, "children_present == 'working'", "children_present == 'workin'")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "standard", "check", path)
    assert status == 1
    [(line, message)] = problems(err, path)
    assert line == line_of(text, "'workin'")
    assert "'workin' is not a value of 'children_present'" in message


def tiny_next(folder: Path) -> Path:
    """tiny@0.2: T-HG renamed T-MERCURY, a cell's level changed, an indicator added."""
    text = edit(TINY_TEXT, 'version: "0.1"', 'version: "0.2"')
    text = edit(text, "  - id: T-HG\n", "  - id: T-MERCURY\n")
    text = edit(
        text,
        "level: L2, action: improve, window: P1Y, label: {en: Children present",
        "level: L1, action: improve, window: P1Y, label: {en: Children present",
    )
    text = edit(
        text,
        "    cells:\n      - {id: kept, otherwise: true,",
        "      - id: records_photo\n"
        "        type: bool\n"
        "        required: false\n"
        "        visibility: partners\n"
        '        question: {en: "Photos of the records?", es: "¿Fotos?", fr: "Photos ?"}\n'
        "        label: {en: photos, es: fotos, fr: photos}\n"
        "    cells:\n      - {id: kept, otherwise: true,",
    )
    path = folder / "tiny-0.2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_standard_diff_lists_requirements_added_removed_and_changed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "standard", "diff", TINY, tiny_next(tmp_path))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "tiny@0.1 → tiny@0.2",
        "+ T-MERCURY  Mercury",
        "- T-HG  Mercury",
        "~ T-CHILD",
        "    cell present: level L2 → L1",
        "~ T-RECORDS",
        "    indicator records_photo added",
    ]


def test_standard_diff_of_a_file_with_itself_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "standard", "diff", TINY, TINY)
    assert status == 0
    assert out.splitlines() == ["tiny@0.1 → tiny@0.1", "no differences in requirements or triggers"]


def test_standard_schema_check_passes_on_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "standard", "schema", "--check", SCHEMA)
    assert (status, out, err) == (0, f"{SCHEMA}: up to date\n", "")


def test_standard_schema_check_fails_on_drift(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    stale = tmp_path / "standard.schema.json"
    stale.write_text(SCHEMA.read_text(encoding="utf-8").replace('"Action"', '"Verb"', 1), encoding="utf-8")
    status, out, err = run(capsys, "standard", "schema", "--check", stale)
    assert status == 1
    assert out == ""
    assert problems(err, stale) == [(1, f"out of date; run `passport standard schema --output {stale}`")]


def test_standard_schema_writes_what_it_prints(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, printed, _ = run(capsys, "standard", "schema")
    assert status == 0
    target = tmp_path / "out.json"
    assert run(capsys, "standard", "schema", "--output", target)[0] == 0
    assert target.read_text(encoding="utf-8") == printed == SCHEMA.read_text(encoding="utf-8")


# --- assess ---------------------------------------------------------------------------------------


def test_assess_prints_the_result_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "assess", SUD_KIVU)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Groupe des creuseurs de Mubi-Kalehe — mes@1.0, as of 2026-10-15"
    assert lines[1] == "Outcome: Meets entry criteria; mitigation required [eligible_with_mitigation]"
    assert "To mitigate, with deadlines:" in lines
    assert "  - MES-SEC-01 Public or private security forces (due 2026-12-01)" in lines
    assert "Enhanced due diligence needed:" in lines


def test_assess_prints_the_result_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", SUD_KIVU, "--lang", "es")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Groupe des creuseurs de Mubi-Kalehe — mes@1.0, a la fecha 2026-10-15"
    assert lines[1].startswith("Resultado: ")
    assert lines[1].endswith("[eligible_with_mitigation]")
    assert "Para mitigar, con plazos:" in lines
    assert "  - MES-SEC-01 Fuerza pública o seguridad privada (plazo 2026-12-01)" in lines
    assert "La fuerza de seguridad controla, cobra o extorsiona en el sitio o sus rutas" in out
    assert "Outcome:" not in out


def test_assess_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", SUD_KIVU, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["outcome"] == "eligible_with_mitigation"
    assert data["standard"] == "mes@1.0"
    for finding in data["findings"]:
        assert {"requirement", "level", "action", "due", "reason"} <= finding.keys()
        assert isinstance(finding["reason"], str)
        assert finding["reason"]
    sec = next(f for f in data["findings"] if f["requirement"] == "MES-SEC-01")
    assert (sec["level"], sec["action"], sec["due"]) == ("L1", "mitigate", "2026-12-01")
    assert sorted(e["trigger"] for e in data["edd_flags"]) == ["EDD-CAHRA", "EDD-SECURITY-PRESENT"]
    assert data["missing"] == []


def test_assess_prints_missing_answers_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", EXAMPLES / "co-incomplete.yaml", "--format", "json", "--lang", "es")
    assert status == 0
    data = json.loads(out)
    assert data["outcome"] == "incomplete"
    assert data["outcome_label"] == "Incompleta: faltan respuestas obligatorias"
    assert [(m["indicator"], m["requirement"]) for m in data["missing"]][-1] == ("taxes_paid", "MES-TAX-01")
    assert len(data["missing"]) == 6
    assert all(m["question"].startswith("¿") for m in data["missing"])


def test_assess_with_as_of_moves_the_deadline_check(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "assess", SUD_KIVU, "--format", "json", "--as-of", "2026-12-02")
    assert status == 0
    data = json.loads(out)
    assert data["outcome"] == "not_eligible"
    sec = next(f for f in data["findings"] if f["requirement"] == "MES-SEC-01")
    assert (sec["action"], sec["expired"], sec["escalation"]) == (
        "disengage_immediately",
        True,
        "disengage_immediately",
    )


@pytest.fixture
def tiny_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A standards folder with tiny@0.1 and tiny@0.2, found through PASSPORT_STANDARDS_DIR."""
    folder = tmp_path / "standards"
    folder.mkdir()
    shutil.copyfile(TINY, folder / "tiny-0.1.yaml")
    tiny_next(folder)
    monkeypatch.setenv("PASSPORT_STANDARDS_DIR", str(folder))
    return folder


def write_answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_assess_finds_the_standard_the_file_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny_dir: Path
) -> None:
    status, out, _ = run(capsys, "assess", write_answers(tmp_path, TINY_ANSWERS))
    assert status == 0
    assert out.splitlines()[:2] == [
        "Cooperativa de prueba — tiny@0.1, as of 2026-05-01",
        "Outcome: Meets entry criteria [eligible]",
    ]


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [
        (
            "  hg_use: whole_ore\n",
            "  hg_use: [whole_ore\n",
            "[whole_ore",
            "invalid YAML: expected ',' or ']', but got ':'",
        ),
        ("  hg_use: whole_ore\n", "  hg_use: whole_ore\n  colour: blue\n", "colour", "unknown question 'colour'"),
        ("  workers_count: 10\n", "  workers_count: ten\n", "workers_count", "workers_count: expected a whole number"),
        (
            "  children_present: sometimes\n",
            "  children_present: sometime\n",
            "children_present",
            "children_present: 'sometime' is not one of: never, sometimes, working",
        ),
        ("  has_title: true\n", '  has_title: "yes"\n', "has_title", "has_title: expected yes/no (true or false)"),
    ],
    ids=["bad yaml", "unknown question", "wrong type", "enum typo", "quoted yes"],
)
def test_assess_rejects_a_malformed_answers_file_naming_the_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    tiny_dir: Path,
    old: str,
    new: str,
    anchor: str,
    message: str,
) -> None:
    text = edit(TINY_ANSWERS, old, new)
    path = write_answers(tmp_path, text)
    status, out, err = run(capsys, "assess", path)
    assert status == 1
    assert out == ""
    [(line, reported)] = problems(err, path)
    assert line == line_of(text, anchor)
    assert message in reported


def test_assess_reports_every_bad_answer_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny_dir: Path
) -> None:
    text = edit(edit(TINY_ANSWERS, "  workers_count: 10\n", "  workers_count: 0\n"), "hg_kg_year: 3", "hg_kg_year: -3")
    path = write_answers(tmp_path, text)
    status, _, err = run(capsys, "assess", path)
    assert status == 1
    assert problems(err, path) == [
        (line_of(text, "hg_kg_year"), "hg_kg_year: -3 is below the minimum 0"),
        (line_of(text, "workers_count"), "workers_count: 0 is below the minimum 1"),
    ]


def test_assess_under_another_version_needs_reevaluate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny_dir: Path
) -> None:
    path = write_answers(tmp_path, TINY_ANSWERS)
    status, out, err = run(capsys, "assess", path, "--standard", "tiny@0.2")
    assert status == 1
    assert out == ""
    [(line, message)] = problems(err, path)
    assert line == line_of(TINY_ANSWERS, "standard: tiny@0.1")
    assert "given against tiny@0.1, not tiny@0.2" in message
    assert "--reevaluate" in message


def test_assess_reevaluates_under_another_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny_dir: Path
) -> None:
    path = write_answers(tmp_path, TINY_ANSWERS)
    status, out, err = run(capsys, "assess", path, "--standard", "tiny@0.2", "--reevaluate")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "Cooperativa de prueba — tiny@0.2, as of 2026-05-01"
    section = out[out.index("\nRe-evaluated from") + 1 :].splitlines()
    assert section == [
        "Re-evaluated from tiny@0.1: outcome eligible → eligible",
        "  ~ T-CHILD: present (L2, improve) → present (L1, improve)",
        "  ~ T-MERCURY: — → whole_ore (L1, improve)",
        "  ~ T-HG: whole_ore (L1, improve) → —",
    ]


def test_assess_reevaluation_in_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, tiny_dir: Path) -> None:
    path = write_answers(tmp_path, TINY_ANSWERS)
    status, out, _ = run(capsys, "assess", path, "--standard", "tiny@0.2", "--reevaluate", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["standard"] == "tiny@0.2"
    assert data["reevaluation"]["from"] == "tiny@0.1"
    assert {c["requirement"] for c in data["reevaluation"]["changes"]} == {"T-CHILD", "T-HG", "T-MERCURY"}


# --- examples and the installed command -----------------------------------------------------------


def test_examples_match_their_expected_outcomes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, _ = run(capsys, "examples", "examples")
    assert status == 0
    assert out.splitlines()[-1] == "9 of 9 examples match their expected outcome"
    assert "MISMATCH" not in out


def test_examples_report_a_mismatch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copyfile(SUD_KIVU, tmp_path / SUD_KIVU.name)
    text = (tmp_path / SUD_KIVU.name).read_text(encoding="utf-8")
    (tmp_path / "wrong.yaml").write_text(
        edit(text, "  outcome: eligible_with_mitigation\n", "  outcome: eligible\n"), encoding="utf-8"
    )
    status, out, _ = run(capsys, "examples", tmp_path)
    assert status == 1
    assert "MISMATCH (expected eligible" in out
    assert out.splitlines()[-1] == "1 of 2 examples match their expected outcome"


def test_a_command_line_without_a_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys)
    assert status == 2
    assert "usage: passport" in err


def test_the_installed_console_script_runs() -> None:
    script = shutil.which("passport", path=str(Path(sys.executable).parent))
    assert script is not None, f"no passport script next to {sys.executable}"
    done = subprocess.run([script, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: passport")
    for command in ("standard", "assess", "examples"):
        assert command in done.stdout


# --- audit verify (needs the database) -----------------------------------------------------------


def _drop_audit_update_trigger() -> None:
    from django.db import connection  # noqa: PLC0415 - Django is configured by pytest-django

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")
        else:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")


@pytest.mark.django_db
def test_audit_verify_reports_an_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    from passport.audit.services import record  # noqa: PLC0415

    for i in range(3):
        record(actor=None, action="test.entry", detail={"i": i})
    status, out, err = run(capsys, "audit", "verify")
    assert (status, out, err) == (0, "audit log: 3 entries, chain intact\n", "")


@pytest.mark.django_db
def test_audit_verify_names_the_first_changed_entry_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    from passport.audit.models import AuditEntry  # noqa: PLC0415
    from passport.audit.services import record  # noqa: PLC0415

    entries = [record(actor=None, action="test.entry", detail={"i": i}) for i in range(4)]
    _drop_audit_update_trigger()  # inside the test's transaction: rolled back afterwards
    AuditEntry.objects.filter(pk=entries[1].pk).update(actor_label="someone else")
    status, out, _err = run(capsys, "audit", "verify")
    assert status == 1
    assert (
        out == f"audit log: broken at entry #{entries[1].pk}: entry {entries[1].pk} was changed after it was written\n"
    )


@pytest.mark.django_db
def test_audit_verify_shows_progress_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from passport.audit.services import record  # noqa: PLC0415

    for i in range(5):
        record(actor=None, action="test.entry", detail={"i": i})
    status, out, err = run(capsys, "audit", "verify", "--progress-every", "2")
    assert status == 0
    assert out == "audit log: 5 entries, chain intact\n"
    assert err.splitlines() == ["audit log: 2 entries checked…", "audit log: 4 entries checked…"]


def test_audit_verify_rejects_a_progress_interval_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "verify", "--progress-every", "0"])
    assert exit_info.value.code == 2
    assert "'0' is not a whole number above 0" in capsys.readouterr().err


def bare_env(**extra: str) -> dict[str, str]:
    """The environment of a shell where none of the site's settings are set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSPORT_", "DATABASE_URL", "DJANGO_"))}
    return env | extra


def passport(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "passport.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding a fresh, migrated site database (read-only for the tests)."""
    folder = tmp_path_factory.mktemp("migrated")
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=bare_env(PASSPORT_DEBUG="1", PASSPORT_DATA_DIR=str(folder)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_audit_verify_sets_django_up_itself(migrated: Path) -> None:
    done = passport("audit", "verify", env=bare_env(PASSPORT_DEBUG="1", PASSPORT_DATA_DIR=str(migrated)))
    assert (done.returncode, done.stdout, done.stderr) == (0, "audit log: 0 entries, chain intact\n", "")


def test_audit_verify_needs_no_secret_key(migrated: Path) -> None:
    done = passport("audit", "verify", env=bare_env(PASSPORT_DATA_DIR=str(migrated)))
    assert (done.returncode, done.stdout, done.stderr) == (0, "audit log: 0 entries, chain intact\n", "")


def test_audit_verify_reads_the_data_dir_it_is_given(migrated: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    done = passport("audit", "verify", "--data-dir", str(migrated), env=bare_env(PASSPORT_DATA_DIR=str(elsewhere)))
    assert (done.returncode, done.stdout) == (0, "audit log: 0 entries, chain intact\n"), done.stderr
    assert not elsewhere.exists()


def test_audit_verify_reads_a_sqlite_database_url(migrated: Path) -> None:
    url = f"sqlite:///{migrated / 'passport.sqlite3'}"
    done = passport("audit", "verify", env=bare_env(DATABASE_URL=url))
    assert (done.returncode, done.stdout) == (0, "audit log: 0 entries, chain intact\n"), done.stderr


def assert_refused_naming(done: subprocess.CompletedProcess[str], path: Path) -> None:
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("passport: audit verify: ")
    assert str(path) in done.stderr
    for hint in ("--data-dir", "PASSPORT_DATA_DIR=var/demo", "DATABASE_URL="):  # how to point elsewhere
        assert hint in done.stderr
    assert "PASSPORT_SECRET_KEY" not in done.stderr


def test_audit_verify_refuses_a_missing_database_without_creating_it(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    done = passport("audit", "verify", env=bare_env(PASSPORT_DEBUG="1", PASSPORT_DATA_DIR=str(folder)))
    assert_refused_naming(done, folder / "passport.sqlite3")
    assert "there is no database at" in done.stderr
    assert not folder.exists()


def test_audit_verify_refuses_a_missing_database_in_the_data_dir_it_is_given(tmp_path: Path) -> None:
    done = passport("audit", "verify", "--data-dir", str(tmp_path), env=bare_env())
    assert_refused_naming(done, tmp_path / "passport.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_audit_verify_refuses_a_missing_file_named_by_database_url(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite3"
    done = passport("audit", "verify", env=bare_env(DATABASE_URL=f"sqlite:///{missing}"))
    assert_refused_naming(done, missing)
    assert list(tmp_path.iterdir()) == []


def test_audit_verify_refuses_a_database_without_an_audit_log(tmp_path: Path) -> None:
    database = tmp_path / "passport.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE something_else (x INTEGER)")
    before = database.read_bytes()
    done = passport("audit", "verify", "--data-dir", str(tmp_path), env=bare_env())
    assert_refused_naming(done, database)
    assert "has no audit log" in done.stderr
    assert database.read_bytes() == before


def test_audit_verify_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    database = tmp_path / "passport.sqlite3"
    database.write_text("not a database, just text " * 10, encoding="utf-8")
    done = passport("audit", "verify", "--data-dir", str(tmp_path), env=bare_env())
    assert_refused_naming(done, database)
    assert "cannot read" in done.stderr


def test_audit_verify_refuses_both_a_data_dir_and_a_database_url(migrated: Path) -> None:
    url = f"sqlite:///{migrated / 'passport.sqlite3'}"
    done = passport("audit", "verify", "--data-dir", str(migrated), env=bare_env(DATABASE_URL=url))
    assert done.returncode == 1
    assert done.stderr == "passport: audit verify: both --data-dir and DATABASE_URL name a database; give only one\n"


def test_audit_verify_names_an_unreachable_postgresql_database(tmp_path: Path) -> None:
    url = "postgres://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    done = passport("audit", "verify", env=bare_env(DATABASE_URL=url))
    assert done.returncode == 1
    assert done.stderr.startswith(
        "passport: audit verify: cannot read the PostgreSQL database nothing on 127.0.0.1:1: "
    )


# --- plans check-deadlines (needs the database) --------------------------------------------------


@pytest.fixture
def in_march_2028(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's clock reads 10 March 2028, so the dates below have been reached."""
    from django.utils import timezone  # noqa: PLC0415 - Django is set up by then

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2028, 3, 10, 12, 0, tzinfo=dt.UTC))


def _adopted_plans(world: World, count: int = 1) -> None:
    from passport.plans.tests import progress_builders as pb  # noqa: PLC0415 - Django is set up by then

    for _ in range(count):
        pb.adopted_plan(world)  # each from its own result: one plan per result and partner


def test_plans_check_deadlines_prints_what_it_found_and_did(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    from django.core import mail  # noqa: PLC0415

    _adopted_plans(world)
    status, out, err = run(capsys, "plans", "check-deadlines", "--as-of", "2028-02-01")
    assert (status, err) == (0, "")
    assert out == (
        "1 plan checked: 2 warnings, 0 overdue, 0 to review, 0 producers no longer meet entry criteria; "
        "2 new events, 6 notifications\n"
    )
    assert len(mail.outbox) == 6


def test_plans_check_deadlines_run_again_changes_nothing(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    _adopted_plans(world)
    run(capsys, "plans", "check-deadlines", "--as-of", "2028-03-01")
    status, out, _err = run(capsys, "plans", "check-deadlines", "--as-of", "2028-03-02")
    assert status == 0
    assert out == (
        "1 plan checked: 0 warnings, 0 overdue, 1 to review, 1 producer no longer meets entry criteria; "
        "0 new events, 0 notifications\n"
    )


def test_plans_check_deadlines_warns_as_many_days_ahead_as_asked(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    _adopted_plans(world)
    status, out, _err = run(capsys, "plans", "check-deadlines", "--as-of", "2028-02-01", "--warn-days", "7")
    assert status == 0
    assert out.startswith("1 plan checked: 0 warnings,")


def test_plans_check_deadlines_shows_progress_on_stderr(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    _adopted_plans(world, count=3)
    status, _out, err = run(capsys, "plans", "check-deadlines", "--as-of", "2027-12-01", "--progress-every", "2")
    assert status == 0
    assert err.splitlines() == ["deadline check: 2 of 3 plans checked…", "deadline check: 3 of 3 plans checked…"]


def test_plans_check_deadlines_refuses_a_date_not_reached_yet(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    from passport.notifications.models import Notification  # noqa: PLC0415
    from passport.plans.models import DeadlineEvent  # noqa: PLC0415

    _adopted_plans(world)
    status, out, err = run(capsys, "plans", "check-deadlines", "--as-of", "2028-03-12")
    assert (status, out) == (2, "")
    assert err.startswith(
        "passport: plans check-deadlines: --as-of: 2028-03-12 is later than today (at most 2028-03-11, "
    )
    assert "--dry-run" in err
    assert (DeadlineEvent.objects.count(), Notification.objects.count()) == (0, 0)


def test_plans_check_deadlines_dry_run_looks_ahead_and_keeps_nothing(
    world: World, capsys: pytest.CaptureFixture[str], in_march_2028: None
) -> None:
    from django.core import mail  # noqa: PLC0415

    from passport.audit.models import AuditEntry  # noqa: PLC0415
    from passport.notifications.models import Notification  # noqa: PLC0415
    from passport.plans.models import DeadlineEvent  # noqa: PLC0415

    _adopted_plans(world)
    entries = AuditEntry.objects.count()
    status, out, err = run(capsys, "plans", "check-deadlines", "--as-of", "2029-01-01", "--dry-run")
    assert (status, err) == (0, "")
    assert out == (
        "Dry run: nothing recorded or sent. 1 plan checked: 0 warnings, 0 overdue, 1 to review, "
        "1 producer no longer meets entry criteria; 2 new events, 6 notifications\n"
    )
    assert (DeadlineEvent.objects.count(), Notification.objects.count(), mail.outbox) == (0, 0, [])
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--as-of", "2028-02-30", "argument --as-of: '2028-02-30' is not a date (write YYYY-MM-DD)"),
        ("--as-of", "tomorrow", "argument --as-of: 'tomorrow' is not a date (write YYYY-MM-DD)"),
        ("--warn-days", "-1", "argument --warn-days: '-1' is not a whole number of days (0 or more)"),
    ],
)
def test_plans_check_deadlines_refuses_a_bad_option_naming_it(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["plans", "check-deadlines", option, value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_plans_check_deadlines_sets_django_up_itself(migrated: Path) -> None:
    done = passport("plans", "check-deadlines", env=bare_env(PASSPORT_DATA_DIR=str(migrated)))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("0 plans checked: 0 warnings,")


def test_plans_check_deadlines_refuses_a_missing_database_without_creating_it(tmp_path: Path) -> None:
    done = passport("plans", "check-deadlines", "--data-dir", str(tmp_path), env=bare_env())
    assert done.returncode == 1
    assert done.stderr.startswith("passport: plans check-deadlines: there is no database at ")
    assert str(tmp_path / "passport.sqlite3") in done.stderr
    assert list(tmp_path.iterdir()) == []
