"""GreenDesk core: the 动态管理表 as data, drafts, rules, storage. Never imports Qt."""

__version__ = "0.1.0"
