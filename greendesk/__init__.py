"""GreenDesk core: the 动态管理表 as data, drafts, rules, storage. Never imports Qt."""

import os as _os

__version__ = "0.1.0"

# GreenDesk uses no pydantic plugins. Without this the first model validation scans the entry points
# of every installed distribution for them (importlib.metadata: ~30 ms of each start-up).
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
