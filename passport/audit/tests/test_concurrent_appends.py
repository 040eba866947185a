"""Several processes appending at once keep one unbroken chain (SQLite's optimistic path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

APPEND = """
import django
django.setup()
from passport.audit.services import record
for i in range({count}):
    record(actor=None, action="test.concurrent", detail={{"worker": {worker}, "i": i}})
"""

VERIFY = """
import django
django.setup()
from passport.audit.models import AuditEntry
from passport.audit.services import verify_chain
result = verify_chain()
print(result.checked, result.broken_at, AuditEntry.objects.filter(action="test.concurrent").count())
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PASSPORT_DATA_DIR=str(data_dir), PASSPORT_DEBUG="1", DJANGO_SETTINGS_MODULE="passport.site.settings")
    return env


def test_three_processes_appending_together_leave_one_whole_chain(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    workers = [
        subprocess.Popen([sys.executable, "-c", APPEND.format(count=150, worker=w)], cwd=ROOT, env=env)
        for w in range(3)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0]
    done = subprocess.run([sys.executable, "-c", VERIFY], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    checked, broken_at, appended = done.stdout.split()
    assert (broken_at, appended) == ("None", "450")
    assert int(checked) >= 450
