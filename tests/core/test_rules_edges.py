"""Every rule V1–V22 at its edges: just below, at and just above each threshold, increases and
decreases, each unit of a dropdown, and which rows' 特殊情况说明 acknowledge a warning.

One line a case, each naming its rule. Thresholds and severities are written here from
domain.md §6 (and the manual's two warnings), not read from the form definition: a bound moved by one
step in the TOML, or `<=` turned into `<` in rules.py, fails a line below. Every case starts from the
plausible sample draft and changes the report year ({Y}) and the year before ({P}); the same table runs
against the 2024 and the 2025 form (same rules, years shifted by one).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from greendesk import forms
from greendesk.document import open_draft
from greendesk.rules import validate
from greendesk.session import EditSession
from tests.conftest import SAMPLES


class Case(NamedTuple):
    rule: str
    what: str
    edits: dict[str, str]
    cell: str
    expect: str | None  # "error" / "warning" / "info", or None: the rule must stay silent there


# Industry context: 3311 (金属结构制造, division 33) has no 容积率 minimum in the 2008 控制指标, so the
# V17 band cases are not mixed with V17.min; 2611 (无机酸制造, division 26) has the minimum 0.6.
NO_MIN = {"f:industry1": "3311"}
C26 = {"f:industry1": "2611"}

CASES: list[Case] = [
    # ---- V1 required: blank ≠ 0
    Case("V1", "工业总产值 blank", {"t:E0:{Y}": ""}, "t:E0:{Y}", "error"),
    Case("V1", "工业总产值 0 is a value", {"t:E0:{P}": "1", "t:E0:{Y}": "0"}, "t:E0:{Y}", None),
    Case("V1", "工厂名称 blank", {"f:factory_name": ""}, "f:factory_name", "error"),
    Case("V1", "亮点工作 blank", {"f:highlights": ""}, "f:highlights", "error"),
    Case("V1", "意见和建议 is optional", {"f:suggestions": ""}, "f:suggestions", None),
    Case("V1", "P8 is optional", {"t:P8:{Y}": ""}, "t:P8:{Y}", None),
    # ---- V2 numbers ≥ 0, percentages ≤ 100
    Case("V2", "取水量 −0.01", {"t:W1:{Y}": "-0.01"}, "t:W1:{Y}", "error"),
    Case("V2", "取水量 0", {"t:W1:{Y}": "0"}, "t:W1:{Y}", None),
    Case("V2", "P8 100 %", {"t:P8:{Y}": "100"}, "t:P8:{Y}", None),
    Case("V2", "P8 100.01 %", {"t:P8:{Y}": "100.01"}, "t:P8:{Y}", "error"),
    Case("V2", "P8 −0.01 %", {"t:P8:{Y}": "-0.01"}, "t:P8:{Y}", "error"),
    Case("V2", "G1 100 %", {"t:G1:{Y}": "100"}, "t:G1:{Y}", None),
    Case("V2", "G1 100.1 %", {"t:G1:{Y}": "100.1"}, "t:G1:{Y}", "error"),
    Case("V2", "E5 = E3/E1 at 100 %", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "1000"}, "t:E5:{Y}", None),
    Case("V2", "E5 = E3/E1 over 100 %", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "1000.1"}, "t:E5:{Y}", "error"),
    Case("V2", "W5 never over 100 %", {"t:W4:{Y}": "0"}, "t:W5:{Y}", None),
    # ---- V3 排放量 ≤ 产生量 for each pollutant (warning, the manual's 数值规则警告)
    Case("V3", "COD 排放 = 产生", {"t:P1G:{Y}": "10", "t:P1E:{Y}": "10"}, "t:P1E:{Y}", None),
    Case("V3", "COD 排放 > 产生 by 0.01", {"t:P1G:{Y}": "10", "t:P1E:{Y}": "10.01"}, "t:P1E:{Y}", "warning"),
    Case("V3", "COD 排放 < 产生", {"t:P1G:{Y}": "10", "t:P1E:{Y}": "9.99"}, "t:P1E:{Y}", None),
    Case("V3", "氨氮 排放 = 产生", {"t:P2G:{Y}": "3", "t:P2E:{Y}": "3"}, "t:P2E:{Y}", None),
    Case("V3", "氨氮 排放 > 产生 by 0.01", {"t:P2G:{Y}": "3", "t:P2E:{Y}": "3.01"}, "t:P2E:{Y}", "warning"),
    Case("V3", "氨氮 in the year before", {"t:P2G:{P}": "3", "t:P2E:{P}": "3.01"}, "t:P2E:{P}", "warning"),
    Case("V3", "SO2 排放 = 产生", {"t:P3G:{Y}": "1", "t:P3E:{Y}": "1"}, "t:P3E:{Y}", None),
    Case("V3", "SO2 排放 > 产生", {"t:P3G:{Y}": "1", "t:P3E:{Y}": "1.01"}, "t:P3E:{Y}", "warning"),
    Case("V3", "NOx 排放 = 产生", {"t:P4G:{Y}": "3", "t:P4E:{Y}": "3"}, "t:P4E:{Y}", None),
    Case("V3", "NOx 排放 > 产生", {"t:P4G:{Y}": "3", "t:P4E:{Y}": "3.01"}, "t:P4E:{Y}", "warning"),
    Case("V3", "颗粒物 排放 = 产生", {"t:P5G:{Y}": "5", "t:P5E:{Y}": "5"}, "t:P5E:{Y}", None),
    Case("V3", "颗粒物 排放 > 产生", {"t:P5G:{Y}": "5", "t:P5E:{Y}": "5.01"}, "t:P5E:{Y}", "warning"),
    Case("V3", "VOCs 排放 = 产生", {"t:P6G:{Y}": "5", "t:P6E:{Y}": "5"}, "t:P6E:{Y}", None),
    Case("V3", "VOCs 排放 > 产生", {"t:P6G:{Y}": "5", "t:P6E:{Y}": "5.01"}, "t:P6E:{Y}", "warning"),
    # ---- V4 单位产值氨氮排放量 ≤ 0.1 千克/万元 (E0 = 10000 万元: 1 吨 → 0.1 千克/万元)
    Case("V4", "NH3-N intensity 0.0999", {"t:E0:{Y}": "10000", "t:P2E:{Y}": "0.999"}, "t:P2I:{Y}", None),
    Case("V4", "NH3-N intensity at 0.1", {"t:E0:{Y}": "10000", "t:P2E:{Y}": "1"}, "t:P2I:{Y}", None),
    Case("V4", "NH3-N intensity 0.1001", {"t:E0:{Y}": "10000", "t:P2E:{Y}": "1.001"}, "t:P2I:{Y}", "warning"),
    Case("V4", "NH3-N in 吨/万元, at", {"t:P2I:unit": "吨/万元", "t:E0:{Y}": "10000", "t:P2E:{Y}": "1"}, "t:P2I:{Y}", None),
    Case("V4", "NH3-N in 吨/万元, above", {"t:P2I:unit": "吨/万元", "t:E0:{Y}": "10000", "t:P2E:{Y}": "1.001"}, "t:P2I:{Y}", "warning"),
    # ---- V5 可再生能源消耗量 ≤ 综合能源消费量合计 (error), across the E1 dropdown
    Case("V5", "E3 = E1", {"t:E1:{Y}": "1000", "t:E2:{Y}": "900", "t:E3:{Y}": "1000"}, "t:E3:{Y}", None),
    Case("V5", "E3 > E1 by 0.01", {"t:E1:{Y}": "1000", "t:E2:{Y}": "900", "t:E3:{Y}": "1000.01"}, "t:E3:{Y}", "error"),
    Case("V5", "E1 in 万吨, E3 = E1", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.09", "t:E3:{Y}": "1000"}, "t:E3:{Y}", None),
    Case("V5", "E1 in 万吨, E3 > E1", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.09", "t:E3:{Y}": "1000.01"}, "t:E3:{Y}", "error"),
    # ---- V6 实际消耗的各种能源实物量合计 ≤ 综合能源消费量合计 (error; equal when no 原料用能)
    Case("V6", "E2 = E1", {"t:E1:{Y}": "4000", "t:E2:{Y}": "4000"}, "t:E2:{Y}", None),
    Case("V6", "E2 > E1 by 0.01", {"t:E1:{Y}": "4000", "t:E2:{Y}": "4000.01"}, "t:E2:{Y}", "error"),
    Case("V6", "both in 万吨, E2 > E1", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.4", "t:E2:{Y}": "0.4001"}, "t:E2:{Y}", "error"),
    Case("V6", "both in 万吨, E2 = E1", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.4", "t:E2:{Y}": "0.4"}, "t:E2:{Y}", None),
    # ---- V7 E1 and E2 use the same dropdown unit (error)
    Case("V7", "吨 / 万吨", {"t:E1:unit": "吨标准煤", "t:E2:unit": "万吨标准煤"}, "t:E2:unit", "error"),
    Case("V7", "万吨 / 吨", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "吨标准煤"}, "t:E2:unit", "error"),
    Case("V7", "万吨 / 万吨", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤"}, "t:E2:unit", None),
    # ---- V8 工业总产值 ≈10× last year (千元 trap): ratio 8–12 inclusive warns
    Case("V8", "×7.999", {"t:E0:{P}": "1000", "t:E0:{Y}": "7999"}, "t:E0:{Y}", None),
    Case("V8", "×8", {"t:E0:{P}": "1000", "t:E0:{Y}": "8000"}, "t:E0:{Y}", "warning"),
    Case("V8", "×10", {"t:E0:{P}": "1000", "t:E0:{Y}": "10000"}, "t:E0:{Y}", "warning"),
    Case("V8", "×12", {"t:E0:{P}": "1000", "t:E0:{Y}": "12000"}, "t:E0:{Y}", "warning"),
    Case("V8", "×12.001", {"t:E0:{P}": "1000", "t:E0:{Y}": "12001"}, "t:E0:{Y}", None),
    Case("V8", "from 0 (no ratio)", {"t:E0:{P}": "0", "t:E0:{Y}": "1000"}, "t:E0:{Y}", None),
    Case("V8", "÷10 is not the trap", {"t:E0:{P}": "10000", "t:E0:{Y}": "1000"}, "t:E0:{Y}", None),
    # ---- V9 year-on-year change beyond ±50 % (warning), increases and decreases
    Case("V9", "+49.99 %", {"t:W1:{P}": "10000", "t:W1:{Y}": "14999"}, "t:W1:{Y}", None),
    Case("V9", "+50 % exactly", {"t:W1:{P}": "10000", "t:W1:{Y}": "15000"}, "t:W1:{Y}", None),
    Case("V9", "+50.01 %", {"t:W1:{P}": "10000", "t:W1:{Y}": "15001"}, "t:W1:{Y}", "warning"),
    Case("V9", "−50 % exactly", {"t:W1:{P}": "10000", "t:W1:{Y}": "5000"}, "t:W1:{Y}", None),
    Case("V9", "−50.01 %", {"t:W1:{P}": "10000", "t:W1:{Y}": "4999"}, "t:W1:{Y}", "warning"),
    Case("V9", "drop to 0", {"t:W4:{P}": "100", "t:W4:{Y}": "0"}, "t:W4:{Y}", "warning"),
    Case("V9", "from 0 (no base)", {"t:W4:{P}": "0", "t:W4:{Y}": "100"}, "t:W4:{Y}", None),
    Case("V9", "year before too", {"t:W1:{P}": "100000000"}, "t:W1:{P}", "warning"),
    Case("V9", "unit change is not a change", {"t:W1:unit": "万立方米", "t:W1:{P}": "10", "t:W1:{Y}": "14"}, "t:W1:{Y}", None),
    Case("V9", "indicator (E4) doubles", {"t:E0:{P}": "10000", "t:E0:{Y}": "10000", "t:E1:{P}": "2000", "t:E2:{P}": "2000", "t:E3:{P}": "100", "t:E1:{Y}": "4000.4", "t:E2:{Y}": "4000", "t:E3:{Y}": "100"}, "t:E4:{Y}", "warning"),
    Case("V9", "P8 is not compared (yoy=false)", {"t:P8:{P}": "10", "t:P8:{Y}": "90"}, "t:P8:{Y}", None),
    Case("V9", "G1 is not compared (yoy=false)", {"t:G1:{P}": "10", "t:G1:{Y}": "90"}, "t:G1:{Y}", None),
    # ---- V10 综合利用量 ≤ 产生量 + 往年贮存量 (error)
    Case("V10", "S2 = S1 + S3", {"t:S1:{Y}": "100", "t:S3:{Y}": "10", "t:S2:{Y}": "110"}, "t:S2:{Y}", None),
    Case("V10", "S2 > S1 + S3 by 0.01", {"t:S1:{Y}": "100", "t:S3:{Y}": "10", "t:S2:{Y}": "110.01"}, "t:S2:{Y}", "error"),
    Case("V10", "S2 > S1 when S3 = 0", {"t:S1:{Y}": "100", "t:S3:{Y}": "0", "t:S2:{Y}": "100.01"}, "t:S2:{Y}", "error"),
    # ---- V11 取水量 > 0 (warning at 0)
    Case("V11", "取水量 0", {"t:W1:{Y}": "0"}, "t:W1:{Y}", "warning"),
    Case("V11", "取水量 0.001", {"t:W1:{Y}": "0.001"}, "t:W1:{Y}", None),
    # ---- V12 氨氮 ≤ COD, 产生 and 排放 (warning)
    Case("V12", "氨氮产生 = COD产生", {"t:P1G:{Y}": "20", "t:P2G:{Y}": "20"}, "t:P2G:{Y}", None),
    Case("V12", "氨氮产生 > COD产生", {"t:P1G:{Y}": "20", "t:P2G:{Y}": "20.01"}, "t:P2G:{Y}", "warning"),
    Case("V12", "氨氮排放 = COD排放", {"t:P1E:{Y}": "0.4", "t:P2E:{Y}": "0.4"}, "t:P2E:{Y}", None),
    Case("V12", "氨氮排放 > COD排放", {"t:P1E:{Y}": "0.4", "t:P2E:{Y}": "0.41"}, "t:P2E:{Y}", "warning"),
    # ---- V13 CO2 / 综合能源消费量 within 0–5 tCO2/tce (warning), across both dropdowns
    Case("V13", "ratio 5", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "5000"}, "t:E7:{Y}", None),
    Case("V13", "ratio 5.00001", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "5000.01"}, "t:E7:{Y}", "warning"),
    Case("V13", "ratio 0", {"t:E7:{Y}": "0"}, "t:E7:{Y}", None),
    Case("V13", "E7 in 万吨 CO2, ratio 5", {"t:E7:unit": "万吨二氧化碳", "t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "0.5"}, "t:E7:{Y}", None),
    Case("V13", "E7 in 万吨 CO2, over 5", {"t:E7:unit": "万吨二氧化碳", "t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "0.5001"}, "t:E7:{Y}", "warning"),
    Case("V13", "E7 in 万吨 CO2, 0.05 is 500 t", {"t:E7:unit": "万吨二氧化碳", "t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "0.05"}, "t:E7:{Y}", None),
    Case("V13", "E1 in 万吨, ratio 5", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.1", "t:E3:{Y}": "100", "t:E7:{Y}": "5000"}, "t:E7:{Y}", None),
    Case("V13", "E1 in 万吨, over 5", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.1", "t:E3:{Y}": "100", "t:E7:{Y}": "5000.1"}, "t:E7:{Y}", "warning"),
    # ---- V15 单位产值综合能耗 within 0.001–5 吨标准煤/万元 (E0 = 10000 万元)
    Case("V15", "0.000999", {"t:E0:{Y}": "10000", "t:E1:{Y}": "9.99", "t:E2:{Y}": "9.99", "t:E3:{Y}": "1"}, "t:E4:{Y}", "warning"),
    Case("V15", "at 0.001", {"t:E0:{Y}": "10000", "t:E1:{Y}": "10", "t:E2:{Y}": "10", "t:E3:{Y}": "1"}, "t:E4:{Y}", None),
    Case("V15", "at 5", {"t:E0:{Y}": "10000", "t:E1:{Y}": "50000", "t:E2:{Y}": "50000"}, "t:E4:{Y}", None),
    Case("V15", "5.00001", {"t:E0:{Y}": "10000", "t:E1:{Y}": "50000.1", "t:E2:{Y}": "50000"}, "t:E4:{Y}", "warning"),
    Case("V15", "in 千克标准煤/万元, at 5", {"t:E4:unit": "千克标准煤/万元", "t:E0:{Y}": "10000", "t:E1:{Y}": "50000", "t:E2:{Y}": "50000"}, "t:E4:{Y}", None),
    Case("V15", "in 千克标准煤/万元, over", {"t:E4:unit": "千克标准煤/万元", "t:E0:{Y}": "10000", "t:E1:{Y}": "50000.1", "t:E2:{Y}": "50000"}, "t:E4:{Y}", "warning"),
    Case("V15", "E1 in 万吨, at 5", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E0:{Y}": "10000", "t:E1:{Y}": "5", "t:E2:{Y}": "5"}, "t:E4:{Y}", None),
    Case("V15", "E1 in 万吨, over 5", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E0:{Y}": "10000", "t:E1:{Y}": "5.00001", "t:E2:{Y}": "5"}, "t:E4:{Y}", "warning"),
    # ---- V16 pollutant intensities ≤ 1 千克/万元 (COD, SO2, NOx, 颗粒物, VOCs; E0 = 10000 万元)
    Case("V16", "COD at 1", {"t:E0:{Y}": "10000", "t:P1G:{Y}": "50", "t:P1E:{Y}": "10"}, "t:P1I:{Y}", None),
    Case("V16", "COD over 1", {"t:E0:{Y}": "10000", "t:P1G:{Y}": "50", "t:P1E:{Y}": "10.01"}, "t:P1I:{Y}", "warning"),
    Case("V16", "SO2 at 1", {"t:E0:{Y}": "10000", "t:P3G:{Y}": "50", "t:P3E:{Y}": "10"}, "t:P3I:{Y}", None),
    Case("V16", "SO2 over 1", {"t:E0:{Y}": "10000", "t:P3G:{Y}": "50", "t:P3E:{Y}": "10.01"}, "t:P3I:{Y}", "warning"),
    Case("V16", "NOx at 1", {"t:E0:{Y}": "10000", "t:P4G:{Y}": "50", "t:P4E:{Y}": "10"}, "t:P4I:{Y}", None),
    Case("V16", "NOx over 1", {"t:E0:{Y}": "10000", "t:P4G:{Y}": "50", "t:P4E:{Y}": "10.01"}, "t:P4I:{Y}", "warning"),
    Case("V16", "颗粒物 at 1", {"t:E0:{Y}": "10000", "t:P5G:{Y}": "50", "t:P5E:{Y}": "10"}, "t:P5I:{Y}", None),
    Case("V16", "颗粒物 over 1", {"t:E0:{Y}": "10000", "t:P5G:{Y}": "50", "t:P5E:{Y}": "10.01"}, "t:P5I:{Y}", "warning"),
    Case("V16", "VOCs at 1", {"t:E0:{Y}": "10000", "t:P6G:{Y}": "50", "t:P6E:{Y}": "10"}, "t:P6I:{Y}", None),
    Case("V16", "VOCs over 1", {"t:E0:{Y}": "10000", "t:P6G:{Y}": "50", "t:P6E:{Y}": "10.01"}, "t:P6I:{Y}", "warning"),
    Case("V16", "COD in 吨/万元, over", {"t:P1I:unit": "吨/万元", "t:E0:{Y}": "10000", "t:P1G:{Y}": "50", "t:P1E:{Y}": "10.01"}, "t:P1I:{Y}", "warning"),
    Case("V16", "COD in 吨/万元, at", {"t:P1I:unit": "吨/万元", "t:E0:{Y}": "10000", "t:P1G:{Y}": "50", "t:P1E:{Y}": "10"}, "t:P1I:{Y}", None),
    # V16 zero COD and 氨氮 产生量 in divisions 13/14/15/17/22/26
    Case("V16", "C13 both 0", {"f:industry1": "1311", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C14 both 0", {"f:industry1": "1411", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C15 both 0", {"f:industry1": "1511", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C17 both 0", {"f:industry1": "1711", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C22 both 0", {"f:industry1": "2211", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C26 both 0", {"f:industry1": "2611", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", "warning"),
    Case("V16", "C16 both 0 (not listed)", {"f:industry1": "1610", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", None),
    Case("V16", "C38 both 0 (not listed)", {"t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", None),
    Case("V16", "C26 only COD 0", {"f:industry1": "2611", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0.01", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", None),
    Case("V16", "C26 only 氨氮 0", {"f:industry1": "2611", "t:P1G:{Y}": "0.01", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}, "t:P1G:{Y}", None),
    # ---- V17 容积率 0.1–5 (warning); division minimum (info); 建筑系数 < 30 % (info)
    Case("V17", "容积率 0.0999", NO_MIN | {"t:L1:{Y}": "10000", "t:L2:{Y}": "999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "warning"),
    Case("V17", "容积率 at 0.1", NO_MIN | {"t:L1:{Y}": "10000", "t:L2:{Y}": "1000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "容积率 at 5", NO_MIN | {"t:L1:{Y}": "10000", "t:L2:{Y}": "50000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "容积率 5.0001", NO_MIN | {"t:L1:{Y}": "10000", "t:L2:{Y}": "50001", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "warning"),
    Case("V17", "L1 1 公顷, 容积率 at 0.1", NO_MIN | {"t:L1:unit": "公顷", "t:L1:{Y}": "1", "t:L2:{Y}": "1000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "L1 1 公顷, 容积率 0.0999", NO_MIN | {"t:L1:unit": "公顷", "t:L1:{Y}": "1", "t:L2:{Y}": "999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "warning"),
    Case("V17", "L1 15 亩, 容积率 at 5", NO_MIN | {"t:L1:unit": "亩", "t:L1:{Y}": "15", "t:L2:{Y}": "50000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "L1 15 亩, 容积率 5.0001", NO_MIN | {"t:L1:unit": "亩", "t:L1:{Y}": "15", "t:L2:{Y}": "50001", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "warning"),
    Case("V17", "C26 容积率 at 0.6", C26 | {"t:L1:{Y}": "10000", "t:L2:{Y}": "6000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "C26 容积率 0.5999", C26 | {"t:L1:{Y}": "10000", "t:L2:{Y}": "5999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "info"),
    Case("V17", "C13 容积率 0.9999", {"f:industry1": "1311", "t:L1:{Y}": "10000", "t:L2:{Y}": "9999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "info"),
    Case("V17", "C13 容积率 1.0", {"f:industry1": "1311", "t:L1:{Y}": "10000", "t:L2:{Y}": "10000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "C17 容积率 0.7999", {"f:industry1": "1711", "t:L1:{Y}": "10000", "t:L2:{Y}": "7999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "info"),
    Case("V17", "C17 容积率 0.8", {"f:industry1": "1711", "t:L1:{Y}": "10000", "t:L2:{Y}": "8000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "C25 容积率 0.4999", {"f:industry1": "2511", "t:L1:{Y}": "10000", "t:L2:{Y}": "4999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "info"),
    Case("V17", "C25 容积率 0.5", {"f:industry1": "2511", "t:L1:{Y}": "10000", "t:L2:{Y}": "5000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "C38 容积率 0.6999", {"t:L1:{Y}": "10000", "t:L2:{Y}": "6999", "t:L3:{Y}": "5000"}, "t:L5:{Y}", "info"),
    Case("V17", "C38 容积率 0.7", {"t:L1:{Y}": "10000", "t:L2:{Y}": "7000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "C33 has no minimum", NO_MIN | {"t:L1:{Y}": "10000", "t:L2:{Y}": "1000", "t:L3:{Y}": "5000"}, "t:L5:{Y}", None),
    Case("V17", "建筑系数 29.99 %", {"t:L1:{Y}": "10000", "t:L2:{Y}": "8000", "t:L3:{Y}": "2999"}, "t:L6:{Y}", "info"),
    Case("V17", "建筑系数 at 30 %", {"t:L1:{Y}": "10000", "t:L2:{Y}": "8000", "t:L3:{Y}": "3000"}, "t:L6:{Y}", None),
    # ---- V18 单位用地面积产值 0.05–2 万元/平方米 (warning); E0 = 10000 万元
    Case("V18", "at 2", {"t:E0:{Y}": "10000", "t:L1:{Y}": "5000", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", None),
    Case("V18", "just over 2", {"t:E0:{Y}": "10000", "t:L1:{Y}": "4999", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", "warning"),
    Case("V18", "at 0.05", {"t:E0:{Y}": "10000", "t:L1:{Y}": "200000", "t:L2:{Y}": "160000", "t:L3:{Y}": "100000"}, "t:L4:{Y}", None),
    Case("V18", "just under 0.05", {"t:E0:{Y}": "10000", "t:L1:{Y}": "200001", "t:L2:{Y}": "160000", "t:L3:{Y}": "100000"}, "t:L4:{Y}", "warning"),
    Case("V18", "L1 in 公顷, at 2", {"t:L1:unit": "公顷", "t:E0:{Y}": "10000", "t:L1:{Y}": "0.5", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", None),
    Case("V18", "L1 in 公顷, over 2", {"t:L1:unit": "公顷", "t:E0:{Y}": "10000", "t:L1:{Y}": "0.4999", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", "warning"),
    Case("V18", "L1 in 亩, at 0.05 (300 亩)", {"t:L1:unit": "亩", "t:E0:{Y}": "10000", "t:L1:{Y}": "300", "t:L2:{Y}": "160000", "t:L3:{Y}": "100000"}, "t:L4:{Y}", None),
    Case("V18", "L1 in 亩, under 0.05", {"t:L1:unit": "亩", "t:E0:{Y}": "10000", "t:L1:{Y}": "300.01", "t:L2:{Y}": "160000", "t:L3:{Y}": "100000"}, "t:L4:{Y}", "warning"),
    Case("V18", "L4 in 万元/亩, at 2", {"t:L4:unit": "万元/亩", "t:E0:{Y}": "10000", "t:L1:{Y}": "5000", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", None),
    Case("V18", "L4 in 万元/公顷, over 2", {"t:L4:unit": "万元/公顷", "t:E0:{Y}": "10000", "t:L1:{Y}": "4999", "t:L2:{Y}": "4000", "t:L3:{Y}": "2500"}, "t:L4:{Y}", "warning"),
    # ---- V19 Q1–Q6 = 是 → 情况说明; Q7 = 否 → 原名称 (error)
    Case("V19", "Q1 是", {"f:q1": "是"}, "f:explanation", "error"),
    Case("V19", "Q2 是", {"f:q2": "是"}, "f:explanation", "error"),
    Case("V19", "Q3 是", {"f:q3": "是"}, "f:explanation", "error"),
    Case("V19", "Q4 是", {"f:q4": "是"}, "f:explanation", "error"),
    Case("V19", "Q5 是", {"f:q5": "是"}, "f:explanation", "error"),
    Case("V19", "Q6 是", {"f:q6": "是"}, "f:explanation", "error"),
    Case("V19", "Q1–Q6 否", {}, "f:explanation", None),
    Case("V19", "Q6 是 with 说明", {"f:q6": "是", "f:explanation": "2024年3月并购相邻工厂。"}, "f:explanation", None),
    Case("V19", "Q7 否", {"f:q7": "否"}, "f:former_name", "error"),
    Case("V19", "Q7 否 with 原名称", {"f:q7": "否", "f:former_name": "广东绿源电缆厂"}, "f:former_name", None),
    Case("V19", "Q7 是", {"f:q7": "是"}, "f:former_name", None),
    Case("V19", "工厂所属行业 其它 → 具体行业", {"f:industry_type": "其它"}, "f:industry_other", "error"),
    Case("V19", "工厂所属行业 机械", {"f:industry_type": "机械"}, "f:industry_other", None),
    # ---- V20 USCC checksum (error), "91" prefix (warning), mobile (error), phone and e-mail (warning)
    Case("V20", "USCC valid 91…", {"f:uscc": "91350100M000100Y43"}, "f:uscc", None),
    Case("V20", "USCC valid 91… (小米)", {"f:uscc": "91110108551385082Q"}, "f:uscc", None),
    Case("V20", "USCC valid 51… (社会团体)", {"f:uscc": "51610700305332460K"}, "f:uscc", "warning"),
    Case("V20", "USCC valid 11… (机关)", {"f:uscc": "112302070019030687"}, "f:uscc", "warning"),
    Case("V20", "USCC valid 92… (个体工商户; check char by GB 32100)", {"f:uscc": "92440300708461136P"}, "f:uscc", "warning"),
    Case("V20", "USCC valid 93… (农民专业合作社)", {"f:uscc": "93440300708461136L"}, "f:uscc", "warning"),
    Case("V20", "USCC wrong check char", {"f:uscc": "91350200M000000510"}, "f:uscc", "error"),
    Case("V20", "USCC wrong check char 2", {"f:uscc": "913100007896543210"}, "f:uscc", "error"),
    Case("V20", "USCC 17 chars", {"f:uscc": "91350100M000100Y4"}, "f:uscc", "error"),
    Case("V20", "手机 13800138000", {"f:contact_mobile": "13800138000"}, "f:contact_mobile", None),
    Case("V20", "手机 19912345678", {"f:contact_mobile": "19912345678"}, "f:contact_mobile", None),
    Case("V20", "手机 12800138000", {"f:contact_mobile": "12800138000"}, "f:contact_mobile", "error"),
    Case("V20", "手机 10 digits", {"f:contact_mobile": "1380013800"}, "f:contact_mobile", "error"),
    Case("V20", "手机 12 digits", {"f:contact_mobile": "138001380001"}, "f:contact_mobile", "error"),
    Case("V20", "电话 020-82213456", {"f:contact_phone": "020-82213456"}, "f:contact_phone", None),
    Case("V20", "电话 0755-1234567", {"f:contact_phone": "0755-1234567"}, "f:contact_phone", None),
    Case("V20", "电话 6 digits", {"f:contact_phone": "020-822134"}, "f:contact_phone", "warning"),
    Case("V20", "电话 letters", {"f:contact_phone": "020-8221345a"}, "f:contact_phone", "warning"),
    Case("V20", "e-mail ok", {"f:contact_email": "li.ming@example.cn"}, "f:contact_email", None),
    Case("V20", "e-mail without @", {"f:contact_email": "li.ming.example.cn"}, "f:contact_email", "warning"),
    Case("V20", "e-mail without domain", {"f:contact_email": "li@example"}, "f:contact_email", "warning"),
    Case("V20", "工厂名称 100 chars", {"f:factory_name": "厂" * 100}, "f:factory_name", None),
    Case("V20", "工厂名称 101 chars", {"f:factory_name": "厂" * 101}, "f:factory_name", "error"),
    Case("V20", "联系人 30 chars", {"f:contact_name": "李" * 30}, "f:contact_name", None),
    Case("V20", "联系人 31 chars", {"f:contact_name": "李" * 31}, "f:contact_name", "error"),
    # ---- V21 主营行业: a GB/T 4754-2017 小类 (error), 主营行业1 in 制造业 13–43 (warning)
    Case("V21", "1311 稻谷加工 (C13, first division)", {"f:industry1": "1311"}, "f:industry1", None),
    Case("V21", "4390 其他机械和设备修理业 (C43, last)", {"f:industry1": "4390"}, "f:industry1", None),
    Case("V21", "4310 金属制品修理 (C43)", {"f:industry1": "4310"}, "f:industry1", None),
    Case("V21", "1200 其他采矿业 (B12)", {"f:industry1": "1200"}, "f:industry1", "warning"),
    Case("V21", "4411 火力发电 (D44)", {"f:industry1": "4411"}, "f:industry1", "warning"),
    Case("V21", "0610 煤炭开采 (B06)", {"f:industry1": "0610"}, "f:industry1", "warning"),
    Case("V21", "主营行业2 may be outside 制造业", {"f:industry2": "4411"}, "f:industry2", None),
    Case("V21", "主营行业2 = 主营行业1", {"f:industry2": "3831"}, "f:industry2", "warning"),
    Case("V21", "a 中类 is not a 小类", {"f:industry2": "383"}, "f:industry2", "error"),
    Case("V21", "9999 is no code", {"f:industry3": "9999"}, "f:industry3", "error"),
    # ---- V22 可再生能源使用比例 > 50 % (warning)
    Case("V22", "at 50 %", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "500"}, "t:E5:{Y}", None),
    Case("V22", "50.01 %", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "500.1"}, "t:E5:{Y}", "warning"),
    Case("V22", "49.99 %", {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "499.9"}, "t:E5:{Y}", None),
    Case("V22", "E1 in 万吨, 50.01 %", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.1", "t:E3:{Y}": "500.1"}, "t:E5:{Y}", "warning"),
    Case("V22", "E1 in 万吨, at 50 %", {"t:E1:unit": "万吨标准煤", "t:E2:unit": "万吨标准煤", "t:E1:{Y}": "0.1", "t:E2:{Y}": "0.1", "t:E3:{Y}": "500"}, "t:E5:{Y}", None),
]

FORMS = {"green-factory-2025": "green-factory-2025.json", "green-factory-2024": "green-factory-2024.json"}


def _years(definition) -> dict[str, str]:
    return {"Y": str(definition.years[-1]), "P": str(definition.years[-2])}


def _run(form_id: str, edits: dict[str, str]):
    definition = forms.get(form_id)
    draft = open_draft(SAMPLES / FORMS[form_id]).draft
    years = _years(definition)
    # normalized=True: the values here are already canonical, and the validator must catch what the
    # input layer would refuse (a file from elsewhere, an Excel import) all the same.
    EditSession(definition, draft).apply([(c.format(**years), v) for c, v in edits.items()],
                                         normalized=True)
    return definition, draft, validate(definition, draft), years


def _severities(report, code: str, cell: str) -> set[str]:
    return {f.severity for f in report.findings if f.code == code and f.cell == cell}


@pytest.mark.parametrize("form_id", list(FORMS))
@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.what}" for c in CASES])
def test_rule_edge(form_id, case: Case):
    _, _, report, years = _run(form_id, case.edits)
    got = _severities(report, case.rule, case.cell.format(**years))
    assert got == ({case.expect} if case.expect else set()), report.findings


# ---- which 特殊情况说明 acknowledges a warning: each row of a pair does, an unrelated row does not

class Ack(NamedTuple):
    rule: str
    edits: dict[str, str]
    cell: str
    note_row: str | None
    acknowledged: bool


_V3 = {"t:P2G:{Y}": "3", "t:P2E:{Y}": "3.5"}
_V12 = {"t:P1E:{Y}": "0.4", "t:P2E:{Y}": "0.41"}
_V13 = {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "100", "t:E7:{Y}": "6000"}
_V16Z = {"f:industry1": "2611", "t:P1G:{Y}": "0", "t:P1E:{Y}": "0", "t:P2G:{Y}": "0", "t:P2E:{Y}": "0"}
_V9 = {"t:W1:{P}": "10000", "t:W1:{Y}": "20000"}
_V22 = {"t:E1:{Y}": "1000", "t:E2:{Y}": "1000", "t:E3:{Y}": "600"}

ACKS: list[Ack] = [
    Ack("V3", _V3, "t:P2E:{Y}", None, False),
    Ack("V3", _V3, "t:P2E:{Y}", "P2E", True),
    Ack("V3", _V3, "t:P2E:{Y}", "P2G", True),
    Ack("V3", _V3, "t:P2E:{Y}", "P1E", False),
    Ack("V12", _V12, "t:P2E:{Y}", "P1E", True),
    Ack("V12", _V12, "t:P2E:{Y}", "P2E", True),
    Ack("V12", _V12, "t:P2E:{Y}", "P1G", False),
    Ack("V13", _V13, "t:E7:{Y}", "E7", True),
    Ack("V13", _V13, "t:E7:{Y}", "E1", True),
    Ack("V13", _V13, "t:E7:{Y}", "E0", False),
    Ack("V16", _V16Z, "t:P1G:{Y}", "P1G", True),
    Ack("V16", _V16Z, "t:P1G:{Y}", "P2G", True),
    Ack("V16", _V16Z, "t:P1G:{Y}", "P1E", False),
    Ack("V9", _V9, "t:W1:{Y}", None, False),
    Ack("V9", _V9, "t:W1:{Y}", "W1", True),
    Ack("V9", _V9, "t:W1:{Y}", "W4", False),
    Ack("V22", _V22, "t:E5:{Y}", "E5", True),
    Ack("V22", _V22, "t:E5:{Y}", None, False),
]


@pytest.mark.parametrize("case", ACKS, ids=[f"{a.rule}-note-{a.note_row}" for a in ACKS])
def test_warning_acknowledged_by_note(case: Ack):
    edits = dict(case.edits)
    if case.note_row:
        edits[f"t:{case.note_row}:note"] = "数据经核实无误。"
    _, _, report, years = _run("green-factory-2025", edits)
    found = [f for f in report.findings if f.code == case.rule and f.cell == case.cell.format(**years)]
    assert len(found) == 1, report.findings
    assert found[0].severity == "warning" and not found[0].blocking
    assert found[0].acknowledged is case.acknowledged


def test_whitespace_note_does_not_acknowledge():
    _, _, report, _ = _run("green-factory-2025", _V3 | {"t:P2E:note": "   "})
    [f] = [f for f in report.findings if f.code == "V3" and f.row == "P2E"]
    assert not f.acknowledged


def test_errors_are_never_acknowledged():
    _, _, report, _ = _run("green-factory-2025", {"t:E1:{Y}": "1000", "t:E2:{Y}": "900",
                                                  "t:E3:{Y}": "1200", "t:E3:note": "自发自用光伏"})
    [f] = [f for f in report.findings if f.code == "V5"]
    assert f.blocking and not f.acknowledged and not report.ok


# ---- the messages show the actual values, in the unit the user chose

def test_V9_message_shows_both_years_and_the_change():
    _, _, report, _ = _run("green-factory-2025", {"t:W1:2023": "10000", "t:W1:2024": "16000"})
    [f] = [f for f in report.findings if f.code == "V9" and f.cell == "t:W1:2024"]
    assert f.detail == "取水量 2024年 16,000立方米，较上年增长 60%（2023年 10,000立方米）"


def test_V9_decrease_is_worded_as_a_decrease():
    _, _, report, _ = _run("green-factory-2025", {"t:W1:2023": "10000", "t:W1:2024": "4000"})
    [f] = [f for f in report.findings if f.code == "V9" and f.cell == "t:W1:2024"]
    assert "较上年下降 60%" in f.detail


def test_V4_shows_value_and_bound_in_the_chosen_unit():
    _, _, report, _ = _run("green-factory-2025", {"t:P2I:unit": "吨/万元", "t:E0:2024": "10000",
                                                  "t:P2E:2024": "2"})
    [f] = [f for f in report.findings if f.code == "V4" and f.cell == "t:P2I:2024"]
    # 2 吨 × 1000 ÷ 10000 万元 = 0.2 千克/万元 = 0.0002 吨/万元; bound 0.1 千克/万元 = 0.0001 吨/万元
    assert f.detail == "单位产值氨氮排放量 2024年 0.0002吨/万元，常规范围不超过 0.0001吨/万元"


def test_V13_shows_the_ratio_and_its_band():
    _, _, report, _ = _run("green-factory-2025", {"t:E1:2024": "1000", "t:E2:2024": "1000",
                                                  "t:E3:2024": "100", "t:E7:2024": "6000"})
    [f] = [f for f in report.findings if f.code == "V13"]
    assert f.detail == "二氧化碳排放量 2024年 6.00吨二氧化碳/吨标准煤，常规范围 0～5吨二氧化碳/吨标准煤"


def test_V8_shows_the_ratio():
    _, _, report, _ = _run("green-factory-2025", {"t:E0:2023": "1000", "t:E0:2024": "10000"})
    [f] = [f for f in report.findings if f.code == "V8"]
    assert "约为上年（1,000万元）的 10.0 倍" in f.message and "千元 ÷ 10 = 万元" in f.message


def test_V5_detail_names_both_rows_with_values():
    _, _, report, _ = _run("green-factory-2025", {"t:E1:2024": "1000", "t:E2:2024": "900",
                                                  "t:E3:2024": "1000.5"})
    [f] = [f for f in report.findings if f.code == "V5"]
    assert f.detail == "2024年 工厂可再生能源消耗量 1,000.5吨标准煤，综合能源消费量合计 1,000吨标准煤"


def test_V17_low_building_coefficient_is_a_hint_with_values():
    _, _, report, _ = _run("green-factory-2025", {"t:L1:2024": "10000", "t:L3:2024": "2500"})
    [f] = [f for f in report.findings if f.code == "V17" and f.cell == "t:L6:2024"]
    assert (f.severity, f.title) == ("info", "用地指标提示")
    assert f.message == "「建筑密度（建筑系数）」2024年 25.00%，低于一般要求的 30%。"


def test_V17_division_minimum_names_the_division_and_bound():
    _, _, report, _ = _run("green-factory-2025", {"f:industry1": "2611", "t:L1:2024": "10000",
                                                  "t:L2:2024": "5000"})
    [f] = [f for f in report.findings if f.code == "V17" and f.cell == "t:L5:2024"]
    assert f.severity == "info"
    assert f.message == "「容积率」2024年 0.50，低于《工业项目建设用地控制指标》对 C26 大类的下限 0.6。"
