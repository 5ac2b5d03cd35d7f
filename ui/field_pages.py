"""Parts 0, 1, 2, 4 and 5, generated from the form definition: one editor per field kind.

Widgets never hold the truth: typing is sent to the session (debounced, and at once when the field
loses focus), and `refresh` re-reads every widget from the draft after each command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from greendesk import refdata
from greendesk.definition import FormField, Part
from greendesk.session import EditSession

COMMIT_DELAY_MS = 600


class _Editor(QWidget):
    """Base for one field's editor; `commit(address, text)` sends a value to the window."""

    changed = Signal(str, str)  # address, text

    def __init__(self, field: FormField, parent=None):
        super().__init__(parent)
        self.field = field
        self._timer = QTimer(self, singleShot=True, interval=COMMIT_DELAY_MS)
        self._pending: tuple[str, str] | None = None
        self._timer.timeout.connect(self.flush)

    def later(self, address: str, text: str) -> None:
        self._pending = (address, text)
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if self._pending:
            address, text = self._pending
            self._pending = None
            self.changed.emit(address, text)

    def addresses(self) -> list[str]:
        return [f"f:{self.field.id}"]

    def load(self, values: dict[str, str]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self


class LineEditor(_Editor):
    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(field.placeholder)
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        self.edit.textEdited.connect(lambda t: self.later(f"f:{field.id}", t))
        self.edit.editingFinished.connect(self.flush)

    def load(self, values):
        text = values.get(self.field.id, "")
        if self.edit.text() != text and not self._pending:
            self.edit.setText(text)

    def focus_target(self):
        return self.edit


class TextEditor(_Editor):
    """Multi-line text with a character count “123 / 5000”."""

    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText(field.placeholder)
        self.edit.setTabChangesFocus(True)
        self.count = QLabel(self)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.count.setStyleSheet("color: #666;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addWidget(self.count)
        big = field.id in ("highlights", "suggestions")
        self.edit.setMinimumHeight(self.fontMetrics().height() * (16 if big else 5))
        self.edit.textChanged.connect(self._typed)
        self._loading = False
        self._update_count()

    def _typed(self):
        self._update_count()
        if not self._loading:
            self.later(f"f:{self.field.id}", self.edit.toPlainText())

    def _update_count(self):
        n = len(self.edit.toPlainText())
        limit = self.field.max_length
        self.count.setText(f"{n} / {limit}" if limit else f"{n} 字")
        over = limit and n > limit
        self.count.setStyleSheet("color: #c0392b;" if over else "color: #666;")

    def focusOutEvent(self, e):  # noqa: N802
        self.flush()
        super().focusOutEvent(e)

    def load(self, values):
        text = values.get(self.field.id, "")
        if self.edit.toPlainText() != text and not self._pending:
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
            self._update_count()

    def focus_target(self):
        return self.edit


def _industry_model() -> QStringListModel:
    """One list of the 1,381 小类 labels (and a blank first entry) shared by every picker.

    Each combo filling its own item model cost ~10 ms per picker at start-up; the list never changes.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    model = app.findChild(QStringListModel, "gd_industry_labels")
    if model is None:
        model = QStringListModel(["", *refdata.small_class_labels()], app)
        model.setObjectName("gd_industry_labels")
    return model


class IndustryEditor(_Editor):
    """Searchable GB/T 4754 picker: type a code or part of a name, shows “C3831 电线、电缆制造”."""

    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        # measuring 1,381 items for a size hint costs ~30 ms per picker: size by a fixed length
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.lineEdit().setPlaceholderText(field.placeholder or "输入代码或名称搜索")
        model = _industry_model()
        self.combo.setModel(model)
        completer = QCompleter(model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(15)
        self.combo.setCompleter(completer)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.combo)
        self.combo.activated.connect(lambda _i: self._pick())
        completer.activated.connect(lambda _t: self._pick())
        self.combo.lineEdit().editingFinished.connect(self._pick)

    def _pick(self):
        text = self.combo.currentText().strip()
        matches = refdata.search_industries(text, limit=2) if text else []
        if text and refdata.industry(text) is None and len(matches) == 1:
            text = refdata.industry_label(matches[0].code)
            self.combo.setEditText(text)
        self.changed.emit(f"f:{self.field.id}", text.split(" ")[0] if text else "")

    def load(self, values):
        code = values.get(self.field.id, "")
        label = refdata.industry_label(code) if code else ""
        if self.combo.currentText() != label:
            self.combo.setEditText(label)

    def focus_target(self):
        return self.combo


class RegionEditor(_Editor):
    """Cascading 省 / 市 / 区县 and the street address (北京市 / 北京市 / 东城区 as on the platform)."""

    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        self.prov, self.city, self.county = QComboBox(self), QComboBox(self), QComboBox(self)
        self.detail = QLineEdit(self)
        self.detail.setPlaceholderText(field.placeholder)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w, stretch in ((self.prov, 2), (self.city, 2), (self.county, 2), (self.detail, 5)):
            lay.addWidget(w, stretch)
        self.prov.addItem("请选择省", "")
        for p in refdata.provinces():
            self.prov.addItem(p.name, p.code)
        self._loading = False
        self.prov.activated.connect(lambda _i: self._changed("province"))
        self.city.activated.connect(lambda _i: self._changed("city"))
        self.county.activated.connect(lambda _i: self._changed("county"))
        self.detail.textEdited.connect(lambda t: self.later(f"f:{field.id}.detail", t))
        self.detail.editingFinished.connect(self.flush)

    def addresses(self):
        return [f"f:{self.field.id}.{k}" for k in ("province", "city", "county", "detail")]

    def _fill(self, combo: QComboBox, items, placeholder: str, current: str) -> None:
        combo.clear()
        combo.addItem(placeholder, "")
        for d in items:
            combo.addItem(d.name, d.code)
        i = combo.findData(current)
        combo.setCurrentIndex(max(i, 0))

    def _changed(self, level: str) -> None:
        fid = self.field.id
        if level == "province":
            self.changed.emit(f"f:{fid}.province", self.prov.currentData() or "")
            self.changed.emit(f"f:{fid}.city", "")
            self.changed.emit(f"f:{fid}.county", "")
        elif level == "city":
            self.changed.emit(f"f:{fid}.city", self.city.currentData() or "")
            self.changed.emit(f"f:{fid}.county", "")
        else:
            self.changed.emit(f"f:{fid}.county", self.county.currentData() or "")

    def load(self, values):
        fid = self.field.id
        p, c, a = (values.get(f"{fid}.{k}", "") for k in ("province", "city", "county"))
        self.prov.setCurrentIndex(max(self.prov.findData(p), 0))
        self._fill(self.city, refdata.cities(p) if p else [], "请选择市", c)
        self._fill(self.county, refdata.counties(c) if c else [], "请选择区县", a)
        text = values.get(f"{fid}.detail", "")
        if self.detail.text() != text and not self._pending:
            self.detail.setText(text)

    def focus_target(self):
        return self.prov


class ChoiceEditor(_Editor):
    """Radio buttons: 是/否 pairs and the 所属行业 / 园区级别 lists (long lists wrap, 7 a line)."""

    PER_LINE = 7

    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        options = field.options if field.type == "choice" else ["是", "否"]
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for i, opt in enumerate(options):
            b = QRadioButton(opt, self)
            self.group.addButton(b)
            self.buttons[opt] = b
            lay.addWidget(b, i // self.PER_LINE, i % self.PER_LINE)
            b.clicked.connect(lambda _c=False, o=opt: self.changed.emit(f"f:{field.id}", o))
        lay.setColumnStretch(min(len(options), self.PER_LINE), 1)

    def load(self, values):
        value = values.get(self.field.id, "")
        self.group.setExclusive(False)
        for opt, b in self.buttons.items():
            b.setChecked(opt == value)
        self.group.setExclusive(True)

    def focus_target(self):
        return next(iter(self.buttons.values()))


class QuantityEditor(_Editor):
    """A number with its unit dropdown (核准面积: 公顷 / 平方公里); the unit lives under `<id>.unit`."""

    def __init__(self, field: FormField, parent=None):
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(field.placeholder or "数字")
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit = QComboBox(self)
        self.unit.addItems(field.unit_options)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 24)
        lay.addWidget(self.edit)
        lay.addWidget(self.unit)
        lay.addStretch(1)
        self.edit.textEdited.connect(lambda t: self.later(f"f:{field.id}", t))
        self.edit.editingFinished.connect(self.flush)
        self.unit.activated.connect(lambda _i: self.changed.emit(f"f:{field.unit_key}", self.unit.currentText()))

    def addresses(self):
        return [f"f:{self.field.id}", f"f:{self.field.unit_key}"]

    def load(self, values):
        text = values.get(self.field.id, "")
        if self.edit.text() != text and not self._pending:
            self.edit.setText(text)
        unit = values.get(self.field.unit_key) or self.field.unit_options[0]
        if self.unit.currentText() != unit:
            self.unit.setCurrentText(unit)

    def focus_target(self):
        return self.edit


def editor_for(field: FormField, parent=None) -> _Editor:
    if field.type == "multiline":
        return TextEditor(field, parent)
    if field.type == "industry":
        return IndustryEditor(field, parent)
    if field.type == "region":
        return RegionEditor(field, parent)
    if field.type in ("choice", "yesno"):
        return ChoiceEditor(field, parent)
    if field.type == "quantity":
        return QuantityEditor(field, parent)
    return LineEditor(field, parent)


def add_part_header(part: Part, layout: QVBoxLayout) -> None:
    """The part's title (一、基本信息 …) and its note, as on the platform's page."""
    title = QLabel(part.title)
    title.setObjectName("partTitle")
    # a font, not an application style sheet: one app-wide sheet makes Qt re-style every widget
    # (the three industry pickers alone took ~40 ms longer to insert)
    font = title.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    title.setFont(font)
    title.setContentsMargins(0, 4, 0, 4)
    layout.addWidget(title)
    if part.note:
        note = QLabel(part.note)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)


class FieldsPage(QScrollArea):
    """A part of the table as a label/value grid like the platform's (half fields two per row)."""

    def __init__(self, part: Part, session: EditSession, commit: Callable[[str, str], None], parent=None):
        super().__init__(parent)
        self.part = part
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        add_part_header(part, outer)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.setWidget(body)
        self.editors: dict[str, _Editor] = {}
        self.labels: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        row, col = 0, 0
        wide_label = part.id == "part2"
        for f in part.fields:
            ed = editor_for(f, body)
            ed.changed.connect(commit)
            label = QLabel(f.label)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(ed.focus_target())
            if f.help:
                label.setToolTip(f.help)
                ed.setToolTip(f.help)
            self.editors[f.id] = ed
            self.labels[f.id] = label
            if f.layout == "half":
                grid.addWidget(label, row, col * 2)
                grid.addWidget(ed, row, col * 2 + 1)
                col += 1
                if col == 2:
                    row, col = row + 1, 0
                continue
            if col:
                row, col = row + 1, 0
            if wide_label and f.type in ("yesno",):
                grid.addWidget(label, row, 0, 1, 3)
                grid.addWidget(ed, row, 3)
            elif f.type == "multiline" or wide_label:
                grid.addWidget(label, row, 0, 1, 4)
                row += 1
                grid.addWidget(ed, row, 0, 1, 4)
            else:
                grid.addWidget(label, row, 0)
                grid.addWidget(ed, row, 1, 1, 3)
            # room for the red star and an eight-character label (统一社会信用代码) on one line
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("* 中中中中中中中中") + 4)
            if f.help and part.id == "part2":
                row += 1
                help_label = QLabel(f.help)
                help_label.setWordWrap(True)
                help_label.setStyleSheet("color: #777; font-size: 90%;")
                grid.addWidget(help_label, row, 0, 1, 4)
                self.helps[f.id] = help_label
            row += 1
        self.refresh()

    def required_now(self, f: FormField) -> bool:
        values = self.session.draft.fields
        return f.required or any(values.get(c.field) == c.equals for c in f.required_when)

    def refresh(self, findings: dict[str, list] | None = None, show_errors: bool = False) -> None:
        values = self.session.draft.fields
        for fid, ed in self.editors.items():
            f = ed.field
            ed.load(values)
            req = self.required_now(f)
            star = '<span style="color:#c0392b">*</span> ' if req else ""
            self.labels[fid].setText(star + _html(f.label))
            conditional = bool(f.required_when) and not f.required
            ed.setEnabled(req or not conditional or bool(values.get(fid)))
            found = [x for a in ed.addresses() for x in (findings or {}).get(a, [])]
            errors = [x for x in found if x.severity == "error" and (show_errors or x.code != "V1")]
            warnings = [x for x in found if x.severity == "warning"]
            state = "error" if errors else ("warning" if warnings else "")
            ed.setProperty("finding", state)
            ed.setStyleSheet(
                "QLineEdit, QComboBox, QPlainTextEdit { border: 2px solid #d9534f; }" if state == "error" else
                "QLineEdit, QComboBox, QPlainTextEdit { border: 2px solid #f0ad4e; }" if state == "warning" else "")
            tips = [f"【{x.title}】{x.text}" for x in errors + warnings]
            ed.setToolTip("\n".join(tips + ([f.help] if f.help else [])))

    def flush(self) -> None:
        for ed in self.editors.values():
            ed.flush()

    def focus_field(self, fid: str) -> bool:
        ed = self.editors.get(fid)
        if ed is None:
            return False
        self.ensureWidgetVisible(ed)
        ed.focus_target().setFocus()
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
