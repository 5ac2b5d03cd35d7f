"""附件清单: questions 1–6 answered 是 each ask for a 情况说明 (manual: “存在合规性信息中1-6所述情况的，
请在附件中提供情况说明”); question 7 and all-否 ask for none."""

from __future__ import annotations

from greendesk.attachments import attachment_questions, required_attachments
from greendesk.session import EditSession


def test_questions_one_to_six_ask_for_attachments(def2025):
    assert attachment_questions(def2025) == ["q1", "q2", "q3", "q4", "q5", "q6"]


def test_all_no_needs_no_attachment(def2025, sample2025):
    assert required_attachments(def2025, sample2025) == []


def test_each_yes_lists_its_explanation(def2025, sample2025):
    EditSession(def2025, sample2025).apply([("f:q2", "是"), ("f:q6", "是"), ("f:q7", "否")])
    found = required_attachments(def2025, sample2025)
    assert [a.number for a in found] == ["2", "6"]
    assert found[0].question.startswith("2024年至今是否发生安全")
    assert "情况说明" in found[0].title
    assert found[1].line.startswith("第6题（2024年至今是否因投资、并购或其他原因")
