"""pydantic's validation errors in the catalogue's Chinese, by error type.

Draft files and form definitions can come from anywhere; what is wrong with them is told to the
user, never in pydantic's English ("Input should be a finite number"). Only the reason is
made here; the caller names the place in its own words.
"""

from __future__ import annotations

import re

from greendesk.text import echo

TOO_DEEP = "数据嵌套层数过多，不是 GreenDesk 的文件"

_TEXTS = {
    "missing": "缺少此项",
    "extra_forbidden": "是未知的项",
    "string_type": "应为文字",
    "string_pattern_mismatch": "格式不对",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "整数位数过多",
    "int_from_float": "应为整数",
    "finite_number": "应为有限的数字",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "dict_type": "应为对象（{…}）",
    "list_type": "应为列表（[…]）",
    "model_type": "应为对象（{…}）",
    "model_attributes_type": "应为对象（{…}）",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "不是有效的日期时间",
    "datetime_from_date_parsing": "不是有效的日期时间",
    "string_too_long": "文字过长",
    "string_too_short": "不能为空",
    "recursion_loop": TOO_DEEP,
}


def reason(err: dict) -> str:
    """Why one pydantic error happened, in Chinese, echoing at most 80 characters of the value."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = "" if isinstance(value, dict | list) or value is None else f"「{echo(_as_written(value))}」"
    if kind in ("value_error", "assertion_error"):  # our own validators: their messages are Chinese
        return str(ctx.get("error", "")) or "内容无效"
    if kind == "literal_error" or kind == "enum":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"的值{shown}无效，可选：{'、'.join(f'「{echo(o, 20)}」' for o in options[:10])}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"的值{shown}太小（应不小于 {ctx.get('ge', ctx.get('gt'))}）"
    if kind in ("less_than_equal", "less_than"):
        return f"的值{shown}太大（应不大于 {ctx.get('le', ctx.get('lt'))}）"
    if kind == "too_long":
        return f"的项数过多（最多 {ctx.get('max_length')} 项）"
    if kind == "too_short":
        return f"的项数过少（至少 {ctx.get('min_length')} 项）"
    text = _TEXTS.get(kind, "格式不对")
    return text + (f"，现为{shown}" if shown and kind != "missing" else "")


def _as_written(value: object) -> str:
    """A value as the file spells it: JSON and TOML write true/false, not Python's True/False."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
