"""帮助: 关于 GreenDesk — version, where the data lives (for support), what ships with whose licence."""

from __future__ import annotations

from greendesk import forms, storage
from greendesk.provenance import RECONSTRUCTED_PARTS_TEXT, SEEN_PARTS_TEXT
from ui import prompts
from ui.window_api import DocumentWindow


class HelpActions:
    def __init__(self, window: DocumentWindow):
        self.window = window
        self.a_about = window.add_action("help", "关于 GreenDesk", self.about)

    def about(self) -> None:
        from greendesk import __version__

        shipped = "、".join(f"{d.title}（{d.report_year}年度，版本 {d.version}）" for d in forms.available())
        prompts.info(self.window, "关于 GreenDesk", "\n".join([
            f"GreenDesk {__version__}：绿色制造名单动态管理表离线填报客户端。",
            f"本程序提供的表单：{shipped}。",
            f"自动保存与设置所在文件夹：{storage.user_data_dir()}",
            "字体：文泉驿微米黑（Apache-2.0）；行业代码：GB/T 4754-2017《国民经济行业分类》；"
            "行政区划：国家统计局统计用区划代码（来源见 resources/data/SOURCES.md）。",
            "本程序不联网，不上传任何数据。",
            "",
            "哪些与平台核对过：" + SEEN_PARTS_TEXT,
            RECONSTRUCTED_PARTS_TEXT,
            "本程序导出的PDF供内部审核和签字；上传平台的盖章扫描件须用平台页面右上角导出的PDF。",
        ]))
