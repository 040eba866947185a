"""Finding standard files by ``id@version``.

Standard files are named ``<id>-<version>.yaml`` and live in the project's ``standards/``
folder (or the folder named by ``PASSPORT_STANDARDS_DIR``; an installed wheel carries a copy).
Each resolved file is loaded once per process.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .errors import PassportError
from .loader import load_standard
from .model import Standard

_lock = threading.Lock()
_loaded: dict[Path, Standard] = {}


def standards_dirs() -> list[Path]:
    dirs = []
    env = os.environ.get("PASSPORT_STANDARDS_DIR")
    if env:
        dirs.append(Path(env))
    package = Path(__file__).resolve().parent.parent
    dirs += [package.parent / "standards", package / "_standards"]
    return [d for d in dirs if d.is_dir()]


def expected_filename(ref: str) -> str:
    ident, _, version = ref.partition("@")
    return f"{ident}-{version}.yaml"


def resolve(ref_or_path: str) -> Path:
    """The file for ``mes@1.0`` (or the given path itself when it names a file)."""
    if "@" not in ref_or_path:
        path = Path(ref_or_path)
        if not path.is_file():
            raise PassportError(f"{ref_or_path}: no such standard file (or give an id@version such as mes@1.0)")
        return path
    name = expected_filename(ref_or_path)
    for folder in standards_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in standards_dirs()) or "no standards folder found"
    raise PassportError(f"standard {ref_or_path} not found (looked for {name} in {searched})")


def get_standard(ref_or_path: str) -> Standard:
    """Load (once) and return the standard named by ``ref_or_path``."""
    path = resolve(ref_or_path).resolve()
    with _lock:
        standard = _loaded.get(path)
        if standard is None:
            standard = load_standard(path)
            _loaded[path] = standard
    if "@" in ref_or_path and standard.ref != ref_or_path:
        raise PassportError(f"{path} declares {standard.ref}, not {ref_or_path}")
    return standard
