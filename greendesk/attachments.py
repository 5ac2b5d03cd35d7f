"""附件清单: the 情况说明 attachments the manual asks for, from the answers of Part 2.

The manual: “存在合规性信息中1-6所述情况的，请在附件中提供情况说明” and “当存在1-6条所列内容时，需填写
情况说明，可在附件中上传相关材料”. Which questions those are is read from the definition, not
written here: every 是/否 question whose “是” makes the 情况说明 field required (its `required_when`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greendesk.definition import FormDefinition
from greendesk.draft import Draft

ATTACHMENT_NOTE = "存在合规性信息中1-6所述情况的，请在附件中提供情况说明"


@dataclass(frozen=True)
class Attachment:
    field: str  # the question's field id
    number: str  # "1" … "6" as the question is numbered
    question: str  # the question, shortened for a checklist line
    title: str  # what to attach

    @property
    def line(self) -> str:
        return f"第{self.number}题（{self.question}）：{self.title}"


def attachment_questions(definition: FormDefinition) -> list[str]:
    """Field ids of the 是/否 questions whose “是” asks for a 情况说明, in form order."""
    asked: set[str] = set()
    for f in definition.fields.values():
        for cond in f.required_when:
            src = definition.fields.get(cond.field)
            if src is not None and src.type == "yesno" and cond.equals == "是":
                asked.add(cond.field)
    return [fid for fid in definition.fields if fid in asked]


def required_attachments(definition: FormDefinition, draft: Draft) -> list[Attachment]:
    """One 情况说明 per question answered 是 (empty when every answer is 否 or blank)."""
    out: list[Attachment] = []
    for fid in attachment_questions(definition):
        if draft.fields.get(fid) != "是":
            continue
        label = definition.fields[fid].label
        m = re.match(r"^\s*(\d+)[.．、]\s*(.*)$", label)
        number, text = (m.group(1), m.group(2)) if m else ("", label)
        short = re.sub(r"（[^）]*）|\([^)]*\)", "", text).strip() or text  # without the examples in brackets
        out.append(Attachment(fid, number or str(len(out) + 1), _short(short),
                              "情况说明，可附相关材料"))
    return out


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
