"""Findings as plain data for machines (`greendesk-cli validate --json`, batch review, other tools).

One record per finding with the words a person sees: `row` is the name of the Part 3 row (or the
label of the field), `title` the popup title (数值超出范围警告 / 数值规则警告 or the catalogue's own),
`message` the platform text exactly and `detail` the figures shown in brackets after it.
"""

from __future__ import annotations

from typing import Any

from greendesk.definition import FormDefinition
from greendesk.draft import Draft
from greendesk.rules import Finding, Report

SCHEMA = "greendesk.findings/1"


def _where(definition: FormDefinition, finding: Finding) -> tuple[str | None, str | None]:
    """(row_id, row name) for a table finding, (field id, field label) for a field finding."""
    if finding.row and finding.row in definition.rows:
        return finding.row, definition.rows[finding.row].name
    if finding.cell.startswith("f:"):
        fid = finding.cell[2:].split(".")[0]
        field = definition.fields.get(fid)
        return fid, field.label if field else None
    return finding.row, None


def finding_record(definition: FormDefinition, finding: Finding) -> dict[str, Any]:
    row_id, row_name = _where(definition, finding)
    part = next((p for p in definition.parts if p.id == finding.part), None)
    return {
        "cell": finding.cell,
        "part": finding.part,
        "part_title": part.short_title if part else finding.part,
        "row": row_name,
        "row_id": row_id,
        "year": finding.year,
        "severity": finding.severity,
        "code": finding.code,
        "title": finding.title,
        "message": finding.message,
        "detail": finding.detail,
        "acknowledged": finding.acknowledged,
    }


def findings_document(definition: FormDefinition, draft: Draft, report: Report, *,
                      include_info: bool = False, file: str | None = None) -> dict[str, Any]:
    """{"findings": [...], "summary": {...}} for one draft; infos only when asked for."""
    chosen = [f for f in report.findings if include_info or f.severity != "info"]
    return {
        "schema": SCHEMA,
        "file": file,
        "form": definition.id,
        "form_version": definition.version,
        "report_year": definition.report_year,
        "state": draft.state,
        "findings": [finding_record(definition, f) for f in chosen],
        "summary": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "infos": len(report.infos),
        },
    }
