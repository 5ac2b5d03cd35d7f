"""`document.from_dict` (the 批量审核's reader) gives the loader's verdicts in the loader's order:
too deep first, then a lone surrogate, then what the draft model refuses — although it walks the
nesting only when the model refuses the value."""

from __future__ import annotations

import json

import pytest

from greendesk import document
from tests.conftest import SAMPLES

NAME = "文件「x.json」"


def _raw() -> dict:
    raw = json.loads((SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8"))
    raw.pop("definition")
    return raw


def _deep(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def _both(raw: dict, source: bytes | None = None) -> list[str]:
    """The message of from_dict and of the loader (document.loads) for the same value."""
    said = []
    with pytest.raises(document.DocumentError) as exc:
        document.from_dict(raw, NAME, source)
    said.append(exc.value.message)
    text = json.dumps(raw, ensure_ascii=True).encode("utf-8")
    with pytest.raises(document.DocumentError) as exc:
        document.loads(text, NAME)
    said.append(exc.value.message)
    return said


def test_too_deep_is_named_before_what_the_model_refuses():
    raw = _raw()
    raw["fields"]["factory_name"] = _deep(70)  # 71 levels with the draft itself; also not a string
    assert _both(raw) == [f"{NAME}无法读取：数据嵌套层数过多（超过 64 层），不是 GreenDesk 草稿。文件未被修改。"] * 2


def test_deep_but_within_the_limit_gets_the_models_message():
    raw = _raw()
    raw["fields"]["factory_name"] = _deep(40)
    said = _both(raw)
    assert said[0] == said[1]
    assert said[0].startswith(f"{NAME}内容不符合草稿格式：「fields.factory_name（字段）」")


@pytest.mark.parametrize("valid", [True, False], ids=["model-accepts", "model-refuses"])
def test_a_lone_surrogate_is_named_whether_or_not_the_model_accepts_the_rest(valid):
    raw = _raw()
    raw["fields"]["contact"] = "张\ud800三"
    if not valid:
        raw["report_year"] = 1900
    source = json.dumps(raw, ensure_ascii=True).encode("utf-8")
    said = _both(raw, source)
    assert said[0] == said[1]
    assert said[0].startswith(f"{NAME}无法读取：「fields.contact（字段）」")
    assert "文件未被修改" in said[0]


def test_a_valid_draft_reads():
    raw = _raw()
    draft = document.from_dict(raw, NAME, json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    assert draft.fields["factory_name"] == raw["fields"]["factory_name"]


# ---- a draft of the older format (1), migrated on reading: the same verdicts as the loader's

def _v1() -> dict:
    return {"format_version": 1, "app": "GreenDesk", "form_id": "green-factory-2025", "form_version": "2025.1",
            "year": 2025, "values": {"factory_name": "旧格式工厂", "q1": "否"},
            "rows": {"E0": {"unit": "万元", "2022": "100", "2023": "110.50", "note": "说明"}}}


def test_an_older_format_draft_reads_and_is_migrated():
    draft = document.from_dict(_v1(), NAME)
    assert draft.format_version == 2 and draft.fields == {"factory_name": "旧格式工厂", "q1": "否"}
    assert draft.table["E0"].values == {"2022": "100", "2023": "110.50"} and draft.table["E0"].note == "说明"


def test_an_older_format_draft_too_deep_is_refused_though_migration_would_drop_the_deep_part():
    """Format 1 keeps only the keys it knows: a 70-deep junk member would vanish in the migration,
    yet the file is refused as the loader refuses it (it is not a GreenDesk draft)."""
    raw = _v1()
    raw["junk"] = _deep(70)
    assert _both(raw) == [f"{NAME}无法读取：数据嵌套层数过多（超过 64 层），不是 GreenDesk 草稿。文件未被修改。"] * 2


def test_an_older_format_draft_with_a_lone_surrogate_is_named():
    raw = _v1()
    raw["values"]["contact"] = "张\ud800三"
    said = _both(raw, json.dumps(raw, ensure_ascii=True).encode("utf-8"))
    assert said[0] == said[1]
    assert said[0].startswith(f"{NAME}无法读取：「values.contact」")
    assert said[0].endswith("文件未被修改。")
