"""Exports for signature and for the platform: the PDF, the Excel workbook (filled or blank), and
Excel import. Qt-free: the app and the command line call the same functions."""

from __future__ import annotations

from pathlib import Path

from greendesk.definition import FormDefinition
from greendesk.draft import Draft


class ExportError(Exception):
    """An export or import that cannot be done; `message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _write(path: Path, data: bytes) -> None:
    from greendesk.storage import StorageError, atomic_write_bytes

    try:
        atomic_write_bytes(Path(path), data)
    except StorageError as exc:
        raise ExportError(exc.message) from None


def export_pdf(definition: FormDefinition, draft: Draft, path: Path):
    """Write the signature-ready PDF; a draft with errors gets the 草稿 watermark, no signature block."""
    if definition.record_parts:  # a list of records (培育名单): its own small layout
        from greendesk.export.records_pdf import render_records_pdf as render_pdf
    else:
        from greendesk.export.pdf import render_pdf

    data, result = render_pdf(definition, draft)
    _write(path, data)
    return result


def export_xlsx(definition: FormDefinition, draft: Draft, path: Path) -> None:
    if definition.record_parts:  # a list of records: the notice's template layout
        from greendesk.export.records_xlsx import render_records_xlsx

        _write(path, render_records_xlsx(definition, draft))
        return
    from greendesk.export.xlsx_export import render_xlsx

    _write(path, render_xlsx(definition, draft))


def export_blank_xlsx(definition: FormDefinition, path: Path) -> None:
    """导出空白表单: the platform's layout, for collecting figures offline from departments."""
    from greendesk.draft import new_draft

    if definition.record_parts:
        from greendesk.export.records_xlsx import render_records_xlsx

        _write(path, render_records_xlsx(definition, new_draft(definition), blank=True))
        return
    from greendesk.export.xlsx_export import render_xlsx

    _write(path, render_xlsx(definition, new_draft(definition), blank=True))


def import_xlsx(path: Path, definition: FormDefinition | None = None, base: Draft | None = None):
    """Read a workbook in our layout into a new draft (or onto a copy of `base`): (draft, report)."""
    from greendesk.export.xlsx_import import read_workbook
    from greendesk.storage import is_special_file, special_file_message

    if is_special_file(Path(path)):  # a pipe or device: opening it would wait for ever
        raise ExportError(special_file_message(Path(path)))
    lists = _records_form(Path(path), definition)
    if lists is not None:
        from greendesk.export.records_xlsx import RecordsImportError, read_records_workbook

        try:
            return read_records_workbook(Path(path), lists)
        except RecordsImportError as exc:
            raise ExportError(exc.message) from None
    return read_workbook(Path(path), definition, base)


def _records_form(path: Path, definition: FormDefinition | None) -> FormDefinition | None:
    """The list form (培育名单) a workbook is read with: the one given, else the one it holds."""
    if definition is not None:
        return definition if definition.record_parts else None
    from greendesk import forms
    from greendesk.export.records_xlsx import sniff

    return sniff(path, [d for d in forms.available() if d.record_parts])
