"""The registry of shipped form definitions: find one by id (and version) for a draft."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from greendesk.definition import DefinitionError, FormDefinition, load_definition_file
from greendesk.resources import resource_path


def forms_dir() -> Path:
    return resource_path("forms")


@cache
def _load(path: Path) -> FormDefinition:
    return load_definition_file(path)


def available() -> list[FormDefinition]:
    """Every definition shipped in resources/forms, newest report year first."""
    defs = [_load(p) for p in sorted(forms_dir().glob("*.toml"))]
    return sorted(defs, key=lambda d: (d.kind, -d.report_year, d.version))


def _named(form_id: str) -> list[FormDefinition]:
    """Definitions in files named after `form_id` (`<id>.toml`, older versions `<id>@<version>.toml`).

    Opening a draft then parses only its own table's file, not every shipped year (~15 ms each).
    """
    paths = [p for p in sorted(forms_dir().glob(f"{form_id}*.toml"))
             if p.stem == form_id or p.stem.startswith(f"{form_id}@")]
    return [d for d in (_load(p) for p in paths) if d.id == form_id]


def get(form_id: str, version: str | None = None) -> FormDefinition:
    """The definition `form_id` (the exact `version` when given and shipped)."""
    matches = _named(form_id)
    if not matches or (version is not None and all(d.version != version for d in matches)):
        matches = [d for d in available() if d.id == form_id]  # a file not named after its id
    if not matches:
        known = "、".join(sorted({d.id for d in available()}))
        raise DefinitionError(f"找不到表单定义「{form_id}」。本程序提供的表单：{known}")
    if version is not None:
        for d in matches:
            if d.version == version:
                return d
    return max(matches, key=lambda d: _version_key(d.version))


def _version_key(v: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in v.replace("-", ".").split("."))


def latest_for_kind(kind: str) -> FormDefinition:
    return max((d for d in available() if d.kind == kind), key=lambda d: d.report_year)
