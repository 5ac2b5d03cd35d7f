"""The window's settings (recent files, last folder, geometry) and typed reads from them.

They live in an INI file in the per-user data folder — the folder the About dialog names, which
GREENDESK_DATA_DIR moves (a portable install; every test). A list stored with one element comes
back from QSettings as a plain string (and an empty one as None), so every list read goes
through read_list.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from greendesk import storage


def app_settings() -> QSettings:
    return QSettings(str(storage.user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


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
