"""The interface's Spanish and French catalogs: complete, well-formed, compiled, and in use.

The catalogs live in ``passport/locale``; how to update them is in ``docs/translating.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import Client

if TYPE_CHECKING:
    from tests.world import World

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "passport" / "locale"
LANGUAGES = ("es", "fr")
# The one command that extracts the interface's messages; docs/translating.md shows the same.
MAKEMESSAGES = "makemessages -l es -l fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete"
# What extraction must not see in the copy: tools' state, the database and the catalogs themselves.
NOT_COPIED = {".git", ".venv", "var", "node_modules", "__pycache__"}


# --- A small PO reader (the standard library has none; no dependency for one file format).


@dataclass
class Message:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def where(self) -> str:
        return ", ".join(self.references) or f"line {self.line}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(literal: str, where: str) -> str:
    if len(literal) < 2 or not (literal.startswith('"') and literal.endswith('"')):
        raise ValueError(f"{where}: expected a quoted string, got {literal!r}")
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise ValueError(f"{where}: unknown escape in {literal!r}")
            out.append(_ESCAPES[body[i + 1]])
            i += 2
        elif char == '"':
            raise ValueError(f"{where}: unescaped quote in {literal!r}")
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Message]:
    """Every entry of a PO file, the header (msgid "") first; raises ValueError naming the line."""
    messages: list[Message] = []
    current: Message | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            if not current.msgstr:
                raise ValueError(f"{path}:{current.line}: entry without msgstr")
            messages.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if current is not None and target is not None:
                finish()
            current = current or Message(msgid="", line=number)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#:"):
                current.references += line[2:].split()
            continue
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            _append(current, target, _unquote(line, where))
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise ValueError(f"{where}: cannot read {raw!r}")
        keyword, index, literal = match.groups()
        if keyword in ("msgid", "msgctxt") and current is not None and current.msgstr:
            finish()
        current = current or Message(msgid="", line=number)
        current.obsolete = current.obsolete or obsolete
        target = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, 0)
        if target[0] == "msgstr":
            current.msgstr[target[1]] = ""
        else:
            setattr(current, keyword, "")
        _append(current, target, _unquote(literal, where))
    finish()
    return messages


def _append(message: Message, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        message.msgstr[index] += text
    else:
        setattr(message, name, (getattr(message, name) or "") + text)


def read_mo(path: Path) -> dict[bytes, bytes]:
    """A compiled catalog as {original: translation} (the GNU .mo layout, little or big endian)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    catalog = {}
    for i in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * i : originals + 8 * i + 8])
        t_length, t_offset = struct.unpack(order + "2I", data[translations + 8 * i : translations + 8 * i + 8])
        catalog[data[offset : offset + length]] = data[t_offset : t_offset + t_length]
    return catalog


def header(messages: list[Message]) -> dict[str, str]:
    first = messages[0]
    assert first.msgid == "", "the header must be the first entry"
    assert first.msgctxt is None, "the header has no context"
    pairs = (line.split(":", 1) for line in first.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def nplurals(messages: list[Message]) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", header(messages).get("Plural-Forms", ""))
    assert found, "the header has no Plural-Forms with nplurals"
    return int(found.group(1))


_PERCENT = re.compile(r"%\([^)]+\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-+ #0]*\d*(?:\.\d+)?[sdif]")
_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


def placeholders(text: str) -> list[str]:
    text = text.replace("%%", "")
    return sorted(_PERCENT.findall(text) + _BRACE.findall(text))


def catalog(language: str) -> list[Message]:
    return parse_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")


def entries(language: str) -> list[Message]:
    return [m for m in catalog(language)[1:] if not m.obsolete]


# --- The catalogs themselves.


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_declares_its_language_encoding_and_plural_forms(language: str) -> None:
    fields = header(catalog(language))

    assert fields["Language"] == language
    assert fields["Content-Type"].lower() == "text/plain; charset=utf-8"
    assert fields["Plural-Forms"].startswith("nplurals=")
    assert "fuzzy" not in catalog(language)[0].flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_no_untranslated_message(language: str) -> None:
    forms = nplurals(catalog(language))
    empty = []
    for message in entries(language):
        expected = range(forms) if message.msgid_plural is not None else range(1)
        if sorted(message.msgstr) != list(expected) or not all(message.msgstr[i] for i in expected):
            empty.append(f"{message.msgid!r} ({message.where()})")

    assert not empty, f"untranslated in {language}:\n" + "\n".join(empty)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_no_fuzzy_message(language: str) -> None:
    fuzzy = [f"{m.msgid!r} ({m.where()})" for m in entries(language) if "fuzzy" in m.flags]

    assert not fuzzy, f"fuzzy in {language} (check the translation, then drop the flag):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_message(language: str) -> None:
    wrong = []
    for message in entries(language):
        for index, text in message.msgstr.items():
            # The first form answers the singular; every other form answers the plural.
            source = message.msgid if index == 0 or message.msgid_plural is None else message.msgid_plural
            if placeholders(text) != placeholders(source):
                wrong.append(f"{source!r} -> msgstr[{index}] {text!r} ({message.where()})")

    assert not wrong, f"placeholders differ in {language}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_compiled_catalog_matches_its_source(language: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt not found: install gettext (Debian: apt-get install gettext)"
    source = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"

    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(source)], check=True)

    # Compared as catalogs, not bytes: msgfmt's table layout may differ between gettext versions.
    assert read_mo(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo") == read_mo(compiled), (
        f"django.mo for {language} is stale: run `manage.py compilemessages --ignore=.venv`"
    )


def test_every_message_in_the_code_is_in_the_catalogs(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=_not_copied)
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "PYTHONSAFEPATH")}
    environment |= {"PASSPORT_DEBUG": "1", "PASSPORT_DATA_DIR": str(tmp_path / "var")}

    # Run in the copy, whose settings point LOCALE_PATHS into the copy: the real catalogs stay untouched.
    subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES.replace("-l fr ", "").split()],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
    )
    extracted = parse_po(copy / "passport" / "locale" / "es" / "LC_MESSAGES" / "django.po")[1:]

    for language in LANGUAGES:
        known = {m.key for m in entries(language)}
        missing = [f"{m.msgid!r} at {m.where()}" for m in extracted if m.key not in known]
        assert not missing, (
            f"not in the {language} catalog (run `manage.py {MAKEMESSAGES}` and translate):\n" + "\n".join(missing)
        )


def _not_copied(directory: str, names: list[str]) -> set[str]:
    skipped = {name for name in names if name in NOT_COPIED or name.startswith(".")}
    if Path(directory) == ROOT / "passport":
        skipped.add("locale")
    return skipped


def test_the_translation_guide_shows_the_extraction_command() -> None:
    guide = (ROOT / "docs" / "translating.md").read_text(encoding="utf-8")

    assert MAKEMESSAGES in guide
    assert "compilemessages --ignore=.venv" in guide


# --- The catalogs in use.


@pytest.mark.parametrize(("browser_language", "sign_in"), [("es", "Iniciar sesión"), ("fr", "Se connecter")])
def test_the_sign_in_page_follows_the_browser_language(db: None, browser_language: str, sign_in: str) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE=browser_language).get("/accounts/login/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{sign_in}</h1>" in page
    assert f'lang="{browser_language}"' in page
    assert "Sign in" not in page


def test_a_signed_in_user_who_chose_french_sees_french_with_an_english_browser(world: World) -> None:
    alice = world.users["alice"]
    alice.language = "fr"
    alice.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)

    page = client.get("/").content.decode()

    assert "Se déconnecter" in page
    assert "Sign out" not in page


def test_a_signed_in_user_who_chose_no_language_follows_the_browser(world: World) -> None:
    alice = world.users["alice"]
    alice.language = ""
    alice.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(alice)

    page = client.get("/").content.decode()

    assert "Cerrar sesión" in page
