"""One catalogue of finding codes (domain.md §6, V1–V22; V23 added for unprintable characters, V24 for 工业总产值's range, V31 for the park reference values) with templated Chinese text.

The two platform warnings are the manual's words, reproduced exactly; a rule in a form definition
may override `message` (e.g. the per-pollutant form of 数值规则警告). Details always show the
actual values, so that a user sees "2024年 12.3，较上年增长 240%", not just "超出范围".
"""

from __future__ import annotations

RANGE_TITLE = "数值超出范围警告"
RULE_TITLE = "数值规则警告"
RANGE_TEXT = "该值超出常规范围，请核实数据准确性，如数据无误，请继续填报"
RULE_TEXT_NH3N = (
    "氨氮产生量小于氨氮排放量或单位产值氨氮排放量数据超出常规范围，请核实相关数据"
    "（氨氮产生量、氨氮排放量、工业总产值）准确性，如数据无误，请继续填报。"
)
ACK_HINT = "如数据无误，请在该行“特殊情况说明”中填写说明。"

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# code → (title, template). Templates use str.format fields named in each entry.
CATALOGUE: dict[str, tuple[str, str]] = {
    "V1": ("必填项未填写", "「{label}」未填写。"),
    "V1.value": ("必填项未填写", "「{label}」{year}年未填写。不涉及的请填0，并在特殊情况说明中注明。"),
    "V1.answer": ("必填项未填写", "「{label}」{year}年未选择“是”或“否”。"),
    "V1.product": ("必填项未填写", "{question}：选“是”时须至少填报一种产品的{what}。"),
    "V1.product_item": ("必填项未填写", "产品{index}「{product}」的{what}未填写。"),
    "V2.min": ("数值不合理", "「{label}」{year}年为 {value}{unit}，不能小于 {bound}{unit}。"),
    "V2.field_min": ("数值不合理", "「{label}」为 {value}{unit}，不能小于 {bound}{unit}。"),
    "V2.max": ("数值不合理", "「{label}」{year}年为 {value}{unit}，不能大于 {bound}{unit}。"),
    "V3": (RULE_TITLE, "{left}大于{right}。"),
    "V4": (RULE_TITLE, RULE_TEXT_NH3N),
    "V5": ("数值规则错误", "{left}不能大于{right}。"),
    "V6": ("数值规则错误", "{left}不能大于{right}（该指标等于综合能源消费量减去原料用能量）。"),
    "V7": ("单位不一致", "「{labels}」应选择相同的单位，现为：{units}。"),
    "V7.unknown": ("单位无效", "「{label}」的单位「{unit}」不是本表可选的单位，请重新选择。"),
    "V8": (
        RANGE_TITLE,
        "「{label}」{year}年 {value}{unit}，约为上年（{prev}{unit}）的 {ratio} 倍，是否误按千元填写？"
        "B204-1表单位为千元，本表单位为万元（千元 ÷ 10 = 万元）。",
    ),
    "V9": (RANGE_TITLE, RANGE_TEXT),
    "V10": ("数值规则错误", "{left}不能大于{right}（综合利用率不能超过100%）。"),
    "V11": (RANGE_TITLE, "「{label}」{year}年为 0。生产企业通常有取水，请核实；确无取水的请在特殊情况说明中注明。"),
    "V12": (RULE_TITLE, "{left}大于{right}，氨氮通常只占化学需氧量的2%～20%，请核实。"),
    "V13": (RULE_TITLE, "二氧化碳排放量与综合能源消费量之比超出常规范围，请核实二氧化碳排放量及其单位。"),
    "V15": (RANGE_TITLE, RANGE_TEXT),
    "V16": (RULE_TITLE, "{label}数据超出常规范围，请核实。"),
    "V16.zero": (
        RULE_TITLE,
        "主营行业属于 {division} 大类，{year}年「{labels}」均为0，与该行业通常情况不符，请核实；确不涉及的请在特殊情况说明中注明。",
    ),
    "V17": (RANGE_TITLE, RANGE_TEXT),
    "V17.min": ("用地指标提示", "「{label}」{year}年 {value}，低于《工业项目建设用地控制指标》对 {division} 大类的下限 {bound}。"),
    "V17.low": ("用地指标提示", "「{label}」{year}年 {value}{unit}，低于一般要求的 {bound}{unit}。"),
    "V18": (RANGE_TITLE, RANGE_TEXT),
    "V19": ("条件必填项未填写", "「{label}」未填写：{reason}。"),
    "V19.qualitative": ("条件必填项未填写", "「{label}」{years}选择了“是”，请在该行“特殊情况说明”栏中写明具体做法（制度、文件名称等）。"),
    "V20.uscc": ("格式错误", "统一社会信用代码「{value}」无效：{reason}。"),
    "V20.uscc_prefix": ("格式提示", "统一社会信用代码「{value}」不是以{prefixes}开头的代码，请核实。"),
    "V20.mobile": ("格式错误", "联系人手机号「{value}」应为11位手机号码（以1开头）。"),
    "V20.phone": ("格式提示", "联系人电话「{value}」格式不正确，应为“区号-号码”，如 020-12345678。"),
    "V20.email": ("格式提示", "电子邮件地址「{value}」格式不正确。"),
    "V20.region": ("格式错误", "{label}的省/市/区县选择不完整或不匹配，请重新选择。"),
    "V20.number": ("格式错误", "「{label}」应填写数字，现为「{value}」。"),
    "V20.length": ("内容过长", "「{label}」最多 {bound} 个字符，现有 {value} 个。"),
    "V20.choice": ("选项无效", "「{label}」的值「{value}」不是可选项。"),
    "V21.unknown": ("行业代码无效", "「{label}」的代码「{value}」不是GB/T 4754-2017的四位小类代码。"),
    "V21.manufacturing": ("行业提示", "「{label}」{value}不属于制造业（C门类13–43大类），请核实；特殊情况请在主营行业的特殊情况说明中注明。"),
    "V21.duplicate": ("行业提示", "「{label}」与「{other}」相同。"),
    "V22": (RANGE_TITLE, "可再生能源使用比例{year}年为 {value}%，超过50%，请准备绿电交易合同、绿证等证明材料。"),
    "V23": ("无法打印的字符", "{where}含有签字版PDF无法如实打印的字符：{chars}。请删除或改用其他写法后再导出签字版。"),
    # 工业总产值 outside its plausible range (the manual's own example: 1 万元 in 2022).
    "V24": (RANGE_TITLE, RANGE_TEXT),
    # a green park's indicator short of a provincial 绿色低碳园区 reference value (information only)
    "V31": ("参考值提示", "「{label}」{year}年 {value}{unit}，未达到参考值 {bound}{unit}（省级绿色低碳园区评价指标）。"),
    # a list of records (培育名单): one bad cell, named by its row number and column head
    "V40": ("名单填写错误", "第{row_no}行「{column}」：{reason}"),
    "V40.city": ("名单填写错误", "「{label}」：{reason}"),
}


def render(key: str, **values: object) -> tuple[str, str]:
    """(title, message) for a catalogue entry, with `values` filled in."""
    title, template = CATALOGUE[key]
    return title, template.format(**values)
