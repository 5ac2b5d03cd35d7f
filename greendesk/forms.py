"""The registry of form definitions.

Shipped ones (resources/forms) are found by id and version for a new or opened draft. Every
definition a draft is made with (shipped, embedded in a draft file, or built in code) is also known
by its content hash, so that saving the draft embeds it again (see `document.dumps`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from greendesk.definition import DefinitionError, FormDefinition, load_definition_file
from greendesk.resources import resource_path

_FORM_ID = re.compile(r"[a-z0-9-]+")  # FormDefinition.id; anything else cannot name a shipped file

# content hash → definition: every definition parsed from a shipped file or registered
_known: dict[str, FormDefinition] = {}


class UnknownFormError(DefinitionError):
    """No shipped definition has this id (a draft may still carry its own: see `document`)."""


def forms_dir() -> Path:
    return resource_path("forms")


@cache
def _load(path: Path) -> FormDefinition:
    return register(load_definition_file(path))


def register(definition: FormDefinition) -> FormDefinition:
    """Remember `definition` by its content hash; the instance already known is returned."""
    return _known.setdefault(definition.content_hash, definition)


def find(form_id: str, version: str, content_hash: str) -> FormDefinition | None:
    """The definition with exactly this id, version and content hash, if this process knows it
    (registered, or shipped in a file named after the id); None otherwise. Never raises."""
    if not content_hash:
        return None
    definition = _known.get(content_hash)
    if definition is None:
        try:
            named = _named(form_id)
        except DefinitionError:
            return None
        definition = next((d for d in named if d.content_hash == content_hash), None)
    if definition is None or definition.id != form_id or definition.version != version:
        return None
    return definition


def available() -> list[FormDefinition]:
    """Every definition shipped in resources/forms, newest report year first; the lists of
    records (培育名单, filled by city staff) after the tables units fill."""
    defs = [_load(p) for p in sorted(forms_dir().glob("*.toml"))]
    return sorted(defs, key=lambda d: (bool(d.record_parts), d.kind, -d.report_year, d.version))


def _named(form_id: str) -> list[FormDefinition]:
    """Definitions in files named after `form_id` (`<id>.toml`, older versions `<id>@<version>.toml`).

    Opening a draft then parses only its own table's file, not every shipped year (~15 ms each).
    """
    if not _FORM_ID.fullmatch(form_id):  # e.g. a damaged draft's id: never a glob pattern
        return []
    paths = [p for p in sorted(forms_dir().glob(f"{form_id}*.toml"))
             if p.stem == form_id or p.stem.startswith(f"{form_id}@")]
    return [d for d in (_load(p) for p in paths) if d.id == form_id]


def get(form_id: str, version: str | None = None) -> FormDefinition:
    """The shipped definition `form_id` (the exact `version` when given and shipped).

    UnknownFormError when no shipped file holds `form_id`; DefinitionError when a file is broken.
    """
    matches = _named(form_id)
    if not matches or (version is not None and all(d.version != version for d in matches)):
        matches = [d for d in available() if d.id == form_id]  # a file not named after its id
    if not matches:
        known = "、".join(sorted({d.id for d in available()}))
        raise UnknownFormError(f"找不到表单定义「{form_id}」。本程序提供的表单：{known}")
    if version is not None:
        for d in matches:
            if d.version == version:
                return d
    return max(matches, key=lambda d: _version_key(d.version))


def _version_key(v: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in v.replace("-", ".").split("."))


def latest_for_kind(kind: str) -> FormDefinition:
    return max((d for d in available() if d.kind == kind), key=lambda d: d.report_year)
