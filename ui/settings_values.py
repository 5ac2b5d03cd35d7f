"""Typed reads from QSettings. A list stored with one element comes back from the INI/registry
backends as a plain string (and an empty one as None), so every list read goes through here."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def read_list(settings: QSettings, key: str) -> list[str]:
    """The stored list of strings, whatever shape the backend hands back."""
    value = settings.value(key, [])
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    try:
        return [str(v) for v in value if v is not None and str(v) != ""]
    except TypeError:
        return [str(value)]


def read_str(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else default
    return str(value) if value not in (None, "") else default
