"""Find the shipped `resources/` folder from a checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


class ResourcesMissing(RuntimeError):
    """The resources folder is not where any supported layout puts it."""


def _candidates() -> list[Path]:
    here = Path(__file__).resolve().parent
    out: list[Path] = []
    env = os.environ.get("GREENDESK_RESOURCES")
    if env:
        out.append(Path(env))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        out.append(Path(frozen) / "resources")
    out.append(here / "_resources")  # installed wheel (see pyproject force-include)
    out.append(here.parent / "resources")  # source checkout / editable install
    return out


@cache
def resources_dir() -> Path:
    for cand in _candidates():
        if (cand / "forms").is_dir():
            return cand
    raise ResourcesMissing("找不到程序资源目录 resources/，安装可能不完整。")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path() -> Path:
    """The CJK TrueType font used by the window and embedded in every PDF."""
    return resource_path("fonts", "wqy-microhei.ttc")
