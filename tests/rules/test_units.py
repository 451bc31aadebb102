"""U001–U005 and the units lexicon: known units and their spellings, the did-you-mean, what a name's head
can be measured in — exactly where each finding lands, and silence on the units real forms use."""

from __future__ import annotations

import pytest

from helpers import findings_of, lint_text
from jixiao_lint.check import functions  # noqa: F401  (registers the domain functions)
from jixiao_lint.check.domain import units

U = ["U"]
DECLARATION = "kind: target-declaration\nyear: 2024\norganization: 磁器口街道\n"


@pytest.mark.parametrize("written,canonical", [
    ("个", "个"), ("平方米", "平方米"), ("平米", "平方米"), ("㎡", "平方米"), ("m²", "平方米"), ("m2", "平方米"),
    ("％", "%"), ("百分比", "%"), ("度", "千瓦时"), ("KWh", "千瓦时"), ("万平方米", "万平方米"),
    ("万人次", "万人次"), ("亿元", "亿元"), ("次/年", "次/年"), ("万元/公里", "万元/公里"), ("（个）", "个"),
])
def test_known_units_and_their_canonical_spelling(written: str, canonical: str) -> None:
    assert units.lookup(written)[0] == canonical


@pytest.mark.parametrize("written", ["千万时", "公理", "100", "个站点", "万时"])
def test_unknown_units(written: str) -> None:
    assert units.lookup(written) is None


@pytest.mark.parametrize("written,meant", [
    ("千万时", "千瓦时"),  # one character off, pinyin one letter off (wan/wa); not 千万元 (shi/yuan)
    ("公理", "公里"),  # a homophone
    ("抬", "台"),
    ("平方米米", "平方米"),
])
def test_did_you_mean(written: str, meant: str) -> None:
    assert units.suggestion(written) == meant


@pytest.mark.parametrize("text,found", [
    ("（2）产出-数量-商业用电219867.5千万时；", [("千万时", "千瓦时")]),
    ("（2）产出-数量-购置电脑数量3台；（3）完成3.5公里岸坡管护", []),
    ("全年走访1000余次，覆盖2万多人，2024年8月完成", []),  # approximations, dates
    ("第3届运动会；1.选举代表", []),
])
def test_misspelt_units_in_running_text(text: str, found: list) -> None:
    assert [(u.written, u.suggestion) for u in units.misspelt_units(text)] == found


# Units seen on real forms, each under a name it can measure: nothing to report.
CLEAN = DECLARATION + """\
goal: 绩效目标：（1）成本-经济成本-58万元；（2）产出-数量-商业用电219867.5千瓦时、走访1000余次；（3）效益-社会效益-保证办公正常运转。
indicators:
  - {name: 打造智慧小区, unit: 个, target: = 1, weight: 2}
  - {name: 防邪、反诈宣传次数, unit: 次, target: ≥ 60, weight: 2}
  - {name: 户外店招店牌设置合格率, unit: "%", target: ≥ 90, weight: 2}
  - {name: 平台案件处置数, unit: 件, target: ≥ 50000, weight: 2}
  - {name: 市场化环卫清扫保洁作业面积, unit: 万平方米, target: ≥ 50, weight: 2}
  - {name: 特殊家庭走访慰问人次, unit: 人次, target: ≥ 300, weight: 2}
  - {name: 常态化摸排企业数, unit: 家, target: ≥ 2500, weight: 2}
  - {name: 改造农田林网和特色经济林面积, unit: 亩, target: ≥ 991, weight: 2}
  - {name: 生产总产值, unit: 亿元, target: ≥ 123.45, weight: 2}
  - {name: 产出-数量-D级危房搬离过渡户数, unit: 户, target: = 2, weight: 2}
  - {name: 产出-数量-日常管护公厕数量, unit: 座, target: = 11, weight: 2}
  - {name: 产出-数量-完成一江两溪岸坡管护数量, unit: 公里, target: = 3.5, weight: 2}
  - {name: 产出-数量-用水数量, unit: 吨, target: ≥ 3066, weight: 2}
  - {name: 产出-数量-用电数量, unit: 千瓦时, target: ≥ 219867.5, weight: 2}
  - {name: 产出-数量-重点人员数量, unit: 人, target: = 9, weight: 2}
  - {name: 产出-质量-应急物资储备完成度, unit: "%", target: ≥ 95, weight: 2}
  - {name: 巡河频率, unit: 次/周, target: ≥ 2, weight: 2}
  - {name: 办件平均办结时限, unit: 工作日, target: ≤ 5, weight: 2}
  - {name: 补助资金, unit: 万元, target: ≤ 20, weight: 2}
  - {name: 群众满意度, unit: 分, target: ≥ 90, weight: 2}
  - {name: 植树, unit: 棵, target: ≥ 500, weight: 2}
  - {name: 宣传资料, unit: 份, target: ≥ 2000, weight: 2}
  - {name: 效益-社会效益-保证办公正常运转, target: 定性 良好, weight: 2}
  - {name: 效益-社会效益-美化辖区生活环境, unit: "", target: 定性 良好, weight: 2}
  - {name: 环境改善, unit: "/", target: 定性 有所提升, weight: 2}
"""


def test_a_form_in_real_units_is_silent() -> None:
    assert findings_of(CLEAN, select=U) == []


def test_unknown_unit_in_the_unit_cell_and_in_the_goal() -> None:
    text = DECLARATION + """\
goal: 绩效目标：（1）产出-数量-商业用电219867.5千万时；（2）产出-数量-完成5公理巡河。
indicators:
  - {name: 产出-数量-用电数量, unit: 千万时, target: ≥ 219867.5, weight: 50}
  - {name: 产出-数量-巡河里程, unit: 公理, target: ≥ 5, weight: 30}
  - {name: 产出-数量-便民设施, unit: 坨, target: ≥ 5, weight: 20}
"""
    assert findings_of(text, select=U) == [
        ("U001", 0, "/goal", 4),
        ("U001", 0, "/goal", 4),
        ("U001", 0, "/indicators/0/unit", 6),
        ("U001", 0, "/indicators/1/unit", 7),
        ("U001", 0, "/indicators/2/unit", 8),
    ]
    findings = lint_text(text, select=U).findings
    assert [f.fix.replacement if f.fix else None for f in findings] == [None, None, "千瓦时", "公里", None]
    goal = findings[0]
    assert goal.end_column - goal.column == 3  # the piece 千万时 inside the goal text


def test_noncanonical_units_are_rewritten_safely() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 产出-数量-日常清扫保洁面积, unit: 平米, target: = 510000, weight: 40}
  - {name: 产出-数量-用电数量, unit: 度, target: ≥ 1000, weight: 30}
  - {name: 满意度-满意度, unit: ％, target: ≥ 90, weight: 30}
"""
    assert findings_of(text, select=U) == [
        ("U002", 0, "/indicators/0/unit", 5),
        ("U002", 0, "/indicators/1/unit", 6),
        ("U002", 0, "/indicators/2/unit", 7),
    ]
    fixes = [(f.fix.replacement, f.fix.applicability) for f in lint_text(text, select=U).findings]
    assert fixes == [("平方米", "safe"), ("千瓦时", "safe"), ('"%"', "safe")]


def test_numeric_unit() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 全年预算执行率, unit: 100, target: = 100, weight: 50}
  - {name: 宣传活动, unit: "12", target: ≥ 12, weight: 50}
"""
    assert findings_of(text, select=U) == [("U003", 0, "/indicators/0/unit", 5), ("U003", 0, "/indicators/1/unit", 6)]
    findings = lint_text(text, select=U).findings
    assert findings[0].severity == "error"
    assert findings[0].fix.replacement == '"%"'  # a 率 is measured in %
    assert findings[1].fix is None  # nothing in 宣传活动 says which unit


@pytest.mark.parametrize("name,unit", [
    ("产出-数量-多功能一体机维保次数", "个"),  # seed 004
    ("尾款支付及时率", "人"),
    ("绿化管护面积", "个"),
    ("补助资金", "%"),
    ("培训人数", "次"),
])
def test_unit_that_cannot_measure_the_head(name: str, unit: str) -> None:
    text = DECLARATION + f"indicators:\n  - {{name: {name}, unit: \"{unit}\", target: ≥ 1, weight: 100}}\n"
    assert findings_of(text, select=U) == [("U004", 0, "/indicators/0/unit", 5)]


@pytest.mark.parametrize("name,unit", [
    ("矛盾纠纷调处成功率", "%"),  # 成功 + 率, a ratio: the characters 功率 are no word of it
    ("服务有效率", "%"),  # 有效 + 率, not 有 + 效率
    ("发电机组额定功率", "千瓦"),  # a real 功率 is still power
    ("火灾发生次数", "次"),  # 发生次数 (negative) still counts times
    ("宽带用户数", "户"),  # 用户数: a count of users, not of 户数 households; no head, no judgement
])
def test_the_head_is_read_on_the_words_of_the_name(name: str, unit: str) -> None:
    text = DECLARATION + f"indicators:\n  - {{name: {name}, unit: \"{unit}\", target: ≥ 1, weight: 100}}\n"
    assert findings_of(text, select=U) == []


@pytest.mark.parametrize("name,head", [
    ("矛盾纠纷调处成功率", ("率", ("ratio",))),
    ("发电机组额定功率", ("功率", ("power",))),
    ("安全事故发生起数", None),  # 起数 is no head of the unit lexicon
    ("产品不合格率", ("率", ("ratio",))),
    ("违建拆除面积（平方米）", ("面积", ("area",))),
])
def test_unit_head_of_a_name(name: str, head) -> None:
    assert units.head(name) == head


def test_a_power_in_a_count_of_things_is_still_found() -> None:
    text = DECLARATION + "indicators:\n  - {name: 发电机组额定功率, unit: 个, target: ≥ 1, weight: 100}\n"
    assert findings_of(text, select=U) == [("U004", 0, "/indicators/0/unit", 5)]


def test_unit_misfit_proposes_the_usual_unit() -> None:
    text = DECLARATION + "indicators:\n  - {name: 产出-数量-多功能一体机维保次数, unit: 个, target: ≥ 1, weight: 100}\n"
    (finding,) = lint_text(text, select=U).findings
    assert (finding.fix.replacement, finding.fix.applicability) == ("次", "unsafe")
    assert "次数" in finding.message_zh and "个" in finding.message_zh


def test_qualitative_target_with_a_unit() -> None:
    text = DECLARATION + """\
indicators:
  - {name: 效益-社会效益-保证办公正常运转, unit: "%", target: 定性 良好, weight: 50}
  - {name: 效益-社会效益-美化辖区生活环境, unit: "-", target: 定性 良好, weight: 50}
"""
    assert findings_of(text, select=U) == [("U005", 0, "/indicators/0/unit", 5)]
