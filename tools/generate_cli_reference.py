"""Regenerate docs/cli.md from the passport command itself: help texts and real runs.

Run `make docs` after changing the CLI; tests/test_docs.py fails while docs/cli.md is stale.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PASSPORT_STANDARDS_DIR"} | {"COLUMNS": "80"}


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "passport.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        cwd=ROOT,
        check=False,
    )
    return done.stdout.rstrip("\n")


def block(cmd_args: list[str], lang: str = "console") -> str:
    return f"```{lang}\n$ passport {' '.join(cmd_args)}\n{run(*cmd_args)}\n```\n"


def help_block(*words: str) -> str:
    return f"```text\n$ passport {' '.join((*words, '--help'))}\n{run(*words, '--help')}\n```\n"


def first_lines(text: str, count: int) -> str:
    return "\n".join(text.splitlines()[:count])


doc = f"""# The `passport` command

`passport` works on files and needs no database: it checks standard files and classifies
producers' answers against them. The exceptions are `passport audit`, which reads the site's
database to check its audit log, and `passport plans`, which runs the site's daily deadline
check on it. It is installed into `.venv/bin/` by `make demo` or
`make test`; run it as `.venv/bin/passport`, or activate the virtual environment first
(`. .venv/bin/activate`).

The help texts below are pasted from the command itself. Every command also takes `-h` /
`--help`.

- [`passport`](#passport)
- [`passport standard`](#passport-standard)
- [`passport standard check`](#passport-standard-check)
- [`passport standard diff`](#passport-standard-diff)
- [`passport standard schema`](#passport-standard-schema)
- [`passport assess`](#passport-assess)
- [`passport examples`](#passport-examples)
- [`passport audit`](#passport-audit)
- [`passport audit verify`](#passport-audit-verify)
- [`passport plans`](#passport-plans)
- [`passport plans check-deadlines`](#passport-plans-check-deadlines)
- [Exit status](#exit-status)
- [Environment](#environment)

## `passport`

{help_block()}
Run without a command, `passport` prints this help on standard error and exits with 2.

## `passport standard`

{help_block("standard")}
The commands for standard files.

## `passport standard check`

{help_block("standard", "check")}
Loads each file with the engine's loader and prints every problem as `PATH:LINE: message` on
standard error, then one `ok` line per valid file on standard output. Warnings (a missing
translation in a draft, a file name that does not match `<id>-<version>.yaml`) are printed but
do not fail the check. Exits with 1 if any file has an error. The messages are described in
[the standard file format](standard-format.md#16-error-messages).

{block(["standard", "check", "standards/mes-1.0.yaml"])}
{block(["standard", "check", "tests/engine/data/tiny.yaml"])}
## `passport standard diff`

{help_block("standard", "diff")}
Compares two versions of a standard, each given as a file or as `id@version`: requirements
added (`+`), removed (`-`) and changed (`~`, with one line per change to the module, wording,
applicability, indicators or cells), then triggers added, removed and changed. Changes to the
header, outcome classes, levels, vocabularies and modules come first, as `~` lines.

{block(["standard", "diff", "standards/mes-1.0.yaml", "mes@1.0"])}
For a real change, see the example in
[the answers format](answers-format.md#re-evaluating-under-another-version).

## `passport standard schema`

{help_block("standard", "schema")}
Without options, prints the JSON Schema of the standard file format (generated from
`passport/engine/schema.py`) on standard output. `--output FILE` writes it; `--check FILE`
exits with 1 if `FILE` differs from what would be generated. `make schema` and `make lint` use
these two options.

{block(["standard", "schema", "--check", "standards/schema/standard.schema.json"])}
## `passport assess`

{help_block("assess")}
Classifies one answers file and prints the result as text or JSON. The standard is the one the
file names (`standard: mes@1.0`) unless `--standard` says otherwise; a different version is
refused unless `--reevaluate` is given. Deadlines are evaluated on `--as-of`, else the file's
`assessed_on`, else today. The file format, the output and every option are described in
[the answers format](answers-format.md#running-passport-assess).

```console
$ passport assess examples/co-antioquia-barequero.yaml | head -n 6
{first_lines(run("assess", "examples/co-antioquia-barequero.yaml"), 6)}
```

## `passport examples`

{help_block("examples")}
Classifies every `*.yaml` answers file in the folder (default: `examples`) against the
standard it names, on its `assessed_on` date (else today), and compares the outcome and the
enhanced-due-diligence flags with the file's `expected`. For each file it prints the outcome,
the triggers that fired and `ok` or `MISMATCH`, and under it the outcome's label in the
language chosen by `--lang`. Exits with 1 if any file does not match.

{block(["examples", "examples"])}
## `passport audit`

{help_block("audit")}
The commands for the site's audit log. They set Django up themselves, with
`DJANGO_SETTINGS_MODULE` defaulting to `passport.site.settings`, and read the database the site
reads: `DATABASE_URL` when it is set, otherwise `passport.sqlite3` in `PASSPORT_DATA_DIR` (or in
the folder given with `--data-dir`; `var/` by default). They only read, so they need no secret
key. A SQLite file that does not exist, or holds no audit log, is refused by name and nothing is
created; for the demo's database, `passport audit verify --data-dir var/demo`.

## `passport audit verify`

{help_block("audit", "verify")}
Recomputes the hash of every entry of the audit log, in order, and checks that each one names
the hash of the entry before it (see [decision 8](decisions/0008-audit-log-hash-chain.md)).
When the chain is whole it prints one line and exits with 0:

```console
$ passport audit verify
audit log: 1532 entries, chain intact
```

At the first entry that was changed, removed or put out of order behind the database's back,
it stops, names the entry by its id and exits with 1:

```console
$ passport audit verify
audit log: broken at entry #812: entry 812 was changed after it was written
```

On a long log it prints `audit log: N entries checked…` on standard error every
`--progress-every` entries. A database that cannot be reached, or settings that cannot be
used, are reported as `passport: audit verify: …` and exit with 1.

## `passport plans`

{help_block("plans")}
The commands for improvement plans. They find the site's database as `passport audit` does
(`DATABASE_URL`, else `passport.sqlite3` in `PASSPORT_DATA_DIR` or `--data-dir`), and refuse a
missing database by name without creating one.

## `passport plans check-deadlines`

{help_block("plans", "check-deadlines")}
Checks every adopted plan on its producer's local date (or on `--as-of` for every producer),
against the producer's latest submitted assessment, and prints one line: what it found that day
and what it did.

```console
$ passport plans check-deadlines
3 plans checked: 1 warning, 1 overdue, 0 to review, 1 producer no longer meets entry criteria; 3 new events, 9 notifications
```

Each finding that needs attention (due within `--warn-days`, overdue, window expired) is
recorded once and notified once, in each person's language, in the app and by e-mail (through
the site's `PASSPORT_EMAIL_*` settings): running the command again the same day, or the next,
reports the same state with `0 new events, 0 notifications`. A producer whose mitigation window
expired with the risk still present no longer meets the entry criteria until a later assessment
shows the risk gone. Schedule it once a day; [deadlines](deadlines.md) has the rule, cron and
systemd timer examples, and the notifications. `manage.py check_deadlines` runs the same check
(with the same options) for schedulers that use `manage.py`.

Each run first e-mails again the notifications of the last 7 days whose e-mail failed (the mail
server was down, say), and counts them at the end of the line: `…, 1 e-mail re-sent`.

`--as-of` may not be later than today (the UTC date plus one day, so that today is allowed in
every time zone): a check records what it finds and tells people, and a date not reached yet
would tell them a deadline has passed before it has. Such a date is refused, naming the option,
with exit status 2. `--dry-run` allows any date: it runs the whole check in a transaction that is
rolled back, sends no e-mail, and prints the same line after `Dry run: nothing recorded or sent.`

```console
$ passport plans check-deadlines --as-of 2028-03-01 --dry-run
Dry run: nothing recorded or sent. 1 plan checked: 0 warnings, 0 overdue, 1 to review, 1 producer no longer meets entry criteria; 2 new events, 6 notifications
```

On a long run it prints `deadline check: N of M plans checked…` on standard error every
`--progress-every` plans. A plan that cannot be checked (its standard file changed since it was
published, say) is named on standard error as `passport: plans check-deadlines: plan <uuid>:
why`; the others are still checked, and the command exits with 1.

## Exit status

| Status | Meaning |
|---|---|
| 0 | The command did its job. For `assess`, whatever the outcome. |
| 1 | An input file is invalid (every problem is printed as `PATH:LINE: message` on standard error), a standard cannot be found, a schema is out of date, an example does not match its expected outcome, the audit log's chain is broken (or its database cannot be read), or a plan could not be checked for deadlines. |
| 2 | The command line is wrong: no command, an unknown option, a bad value such as `--as-of 2026-13-01`, or, for `plans check-deadlines` without `--dry-run`, an `--as-of` date not reached yet. |

## Environment

| Variable | Meaning |
|---|---|
| `DJANGO_SETTINGS_MODULE` | For `passport audit` and `passport plans`: the Django settings to use (default `passport.site.settings`, which reads the site's own environment variables). |
| `DATABASE_URL` | For `passport audit` and `passport plans`: the PostgreSQL (or SQLite) database to use, as the site does. |
| `PASSPORT_DATA_DIR` | For `passport audit` and `passport plans`, without `DATABASE_URL`: the folder holding `passport.sqlite3` (default `var/`). |
| `PASSPORT_EMAIL_HOST` and the other `PASSPORT_EMAIL_*` | For `passport plans check-deadlines`: where notification e-mails go, as for the site ([deployment](deployment.md)); without a host they are printed on standard output. |
| `PASSPORT_STANDARDS_DIR` | A folder searched first when a standard is named as `id@version` (for `mes@1.0`, the file `mes-1.0.yaml`). The project's `standards/` folder, and the copy in an installed package, are searched after it. |
"""
(ROOT / "docs" / "cli.md").write_text(doc, encoding="utf-8")
print("wrote docs/cli.md")
