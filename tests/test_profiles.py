"""Scoring profiles (rules/profiles/): each shipped one loads; the same form gives national's findings
under `national` and its region's under a regional one; a data repo's own profile, its named choices and
a broken profile file (exit 2, file:line:col, did-you-mean), through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, findings_of
from jixiao_lint import profiles
from jixiao_lint.check.domain.scoring import coefficient, completion, qualitative_band, rate_score, score_cap, short_of
from jixiao_lint.parse.expression import parse_target

SHIPPED = ("national", "sichuan", "chizhou", "shijiazhuang")
FORMS = FIXTURES / "profiles"


def lint_under(profile: str, form: str) -> list[tuple[str, int, str]]:
    text = (FORMS / form).read_text(encoding="utf-8")
    return [(rule, line, path) for rule, _, path, line in findings_of(text, settings={"profile": profiles.load(profile)})]


# ------------------------------------------------------------------------------------ the shipped profiles
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_profile_loads_complete(name: str) -> None:
    profile = profiles.load(name)
    assert profile["name"] == name
    assert Path(profile["file"]) == profiles.builtin_dir() / f"{name}.yaml"
    assert set(profile) >= {"weights", "unmet", "over_completion", "deviation_note", "qualitative", "grade_bands",
                            "execution_rate"}


@pytest.mark.parametrize("name", SHIPPED[1:])
def test_regional_profiles_cite_their_sources(name: str) -> None:
    text = (profiles.builtin_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    assert "extends: national" in text and "Sources:" in text
    assert "http://" in text or "https://" in text or "seed 003" in text  # the one source without an address says where its text is


def test_regional_profiles_differ_from_national_only_where_they_say() -> None:
    national = profiles.load("national")
    assert profiles.load("sichuan")["deviation_note"] == {**national["deviation_note"], "when_unmet": True}
    assert profiles.load("shijiazhuang")["grade_bands"][0] == {"grade": "优秀", "min": 85}
    assert profiles.load("shijiazhuang")["unmet"] == national["unmet"]
    assert [g["weight"] for g in profiles.load("chizhou")["weights"]["split"]] == [50, 30, 10]
    assert national["weights"] == {"total": 100, "execution_rate": None, "split": None}
    assert profiles.load("chizhou")["weights"]["execution_rate"] == 10


# ------------------------------------------------------------------------- same form, different findings
@pytest.mark.parametrize("profile,form,expected", [
    ("national", "sichuan-unscored.yaml", []),
    ("sichuan", "sichuan-unscored.yaml", [("SC010", 19, "/indicators/1/actual")]),
    ("national", "chizhou-split.yaml", [("SC011", 25, "/indicators/5/score")]),
    ("chizhou", "chizhou-split.yaml", [("W006", 14, "/indicators"), ("SC011", 25, "/indicators/5/score")]),
    ("national", "shijiazhuang-86.yaml", [("R003", 14, "/grade")]),
    ("shijiazhuang", "shijiazhuang-86.yaml", []),
    ("national", "shijiazhuang-78.yaml", []),
    ("shijiazhuang", "shijiazhuang-78.yaml", [("R003", 13, "/grade")]),
])
def test_regional_fixture_findings(profile: str, form: str, expected: list) -> None:
    assert lint_under(profile, form) == expected


def test_default_profile_is_national() -> None:
    text = (FORMS / "shijiazhuang-86.yaml").read_text(encoding="utf-8")
    assert [(rule, line) for rule, _, _, line in findings_of(text)] == [("R003", 14)]


# ------------------------------------------------------------------------------- the named choices
def test_unmet_at_most_choices() -> None:
    target = parse_target("≤ 5")
    assert coefficient(target, 6) == pytest.approx(5 / 6 * 100)
    linear = {"at_most": "linear_to_zero_at_double", "equal": "short_as_at_least"}
    assert coefficient(target, 6, linear) == pytest.approx(80)  # 1 − (6 − 5) ÷ 5
    assert coefficient(target, 10, linear) == 0 and coefficient(target, 12, linear) == 0
    assert coefficient(target, 4, linear) == 100


def test_unmet_equal_choices() -> None:
    target = parse_target("= 100")
    assert coefficient(target, 90) == pytest.approx(90)
    assert coefficient(target, 110) is None  # short_as_at_least: beyond it, not computed
    two_sided = {"at_most": "target_over_actual", "equal": "two_sided"}
    assert coefficient(target, 125, two_sided) == pytest.approx(80)
    assert short_of(target, 110) is False and short_of(target, 96) is True


def test_execution_rate_thresholds() -> None:
    steps = {"scoring": "thresholds", "thresholds": [{"from": 90, "score": 100}, {"from": 80, "score": 80}]}
    assert rate_score(10, 95, steps) == 10 and rate_score(10, 85, steps) == 8 and rate_score(10, 70, steps) == 0
    assert rate_score(10, 85) == 8.5 and rate_score(10, 120) == 10


def test_qualitative_band_by_longest_word() -> None:
    bands = profiles.load("national")["qualitative"]
    target = parse_target("定性 优")
    assert qualitative_band("部分达成预期指标", target, bands)["band"] == "部分达成"
    assert qualitative_band("未完成", target, bands)["band"] == "未达成"
    assert qualitative_band("达成预期指标", target, bands) == {"band": "达成", "min": 80, "max": 100}
    assert qualitative_band("优", target, bands)["band"] == "达成"  # repeats the target
    assert qualitative_band("良", target, bands) is None
    assert qualitative_band("达成", parse_target("≥ 5"), bands) is None


def test_over_completion() -> None:
    assert completion(parse_target("≥ 50"), 65) == pytest.approx(130)
    assert completion(parse_target("≤ 5"), 1) is None
    row = {"name": "x", "target": "≥ 50", "actual": 65, "weight": 10, "score": 12}
    assert score_cap(row, {"score_above_weight": False}) == 10
    assert score_cap(row, {"score_above_weight": True}) == pytest.approx(13)


# ------------------------------------------------------------------ through the CLI, as a data repo does
SELF_EVALUATION = """\
kind: self-evaluation
year: 2023
organization: 华新街街道办事处
funds:
  - {source: 年度总金额, adjusted_budget: 100, executed: 85, execution_rate: 85, weight: 10, score: 8.0}
indicators:
  - {name: 违建拆除面积, unit: 平方米, target: ≥ 2000, actual: 2800, coefficient: 100, weight: 40, score: 44}
  - {name: 生态环保问题发生率, unit: "%", target: ≤ 5, actual: 6, coefficient: 80, weight: 50, score: 40, note: 两起投诉}
"""
# A repo's own profile: 130 % over-completion explained, over-completion scoring above the weight, the
# reverse formula that reaches 0 at twice the target, execution rate in steps.
OWN_PROFILE = """\
name: district
title: 某区自评计分规则
extends: national
unmet:
  at_most: linear_to_zero_at_double
over_completion:
  note_from: 130
  score_above_weight: true
execution_rate:
  scoring: thresholds
  thresholds:
    - {from: 90, score: 100}
    - {from: 80, score: 80}
"""


def lint(cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao_lint", *argv], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})


def found(cwd: Path, *argv: str) -> list[tuple[str, int, str]]:
    done = lint(cwd, "--format", "json", "--select", "SC,W004", *argv)
    assert done.returncode in (0, 1), done.stderr
    return [(f["rule"], f["line"], f["path"]) for f in json.loads(done.stdout)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "form.yaml").write_text(SELF_EVALUATION, encoding="utf-8")
    return tmp_path


def test_own_profile_file_from_the_configuration(repo: Path) -> None:
    # national: the rate scores 8.5, not 8.0; 44 of 40 is above the weight; 80 is not 5 ÷ 6 (the score
    # follows the coefficient written, so SC003 leaves it to SC002).
    assert found(repo, "forms") == [("SC007", 5, "/funds/0/score"), ("W004", 7, "/indicators/0/score"),
                                    ("SC002", 8, "/indicators/1/coefficient")]
    (repo / "scoring").mkdir()
    (repo / "scoring" / "district.yaml").write_text(OWN_PROFILE, encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("profile: scoring/district.yaml\n", encoding="utf-8")
    # district: 8 is the 80 % step; 44 ≤ 40 × 140 %; 1 − (6 − 5) ÷ 5 = 80 %; but 140 % wants a reason.
    assert found(repo, "forms") == [("SC010", 7, "/indicators/0/actual")]


def test_own_profile_by_name_from_a_rule_pack(repo: Path) -> None:
    (repo / "checks" / "profiles").mkdir(parents=True)
    (repo / "checks" / "profiles" / "district.yaml").write_text(OWN_PROFILE, encoding="utf-8")
    (repo / ".jixiao-lint.yaml").write_text("rules: [checks]\nprofile: district\n", encoding="utf-8")
    assert found(repo, "forms") == [("SC010", 7, "/indicators/0/actual")]
    assert found(repo, "--profile", "national", "forms")[0] == ("SC007", 5, "/funds/0/score")  # the option wins


def test_show_settings_prints_the_effective_profile(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("profile: shijiazhuang\nweight_total: 90\n", encoding="utf-8")
    done = lint(repo, "--show-settings")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)["profile"]
    assert shown["name"] == "shijiazhuang" and shown["file"].endswith("rules/profiles/shijiazhuang.yaml")
    assert shown["grade_bands"][0] == {"grade": "优秀", "min": 85}
    assert shown["weights"]["total"] == 90  # the configuration's weight_total changes the profile's


def test_explain_shows_the_items_a_rule_reads(repo: Path) -> None:
    done = lint(repo, "--profile", "shijiazhuang", "--lang", "en", "--explain", "R003")
    assert done.returncode == 0, done.stderr
    assert "Scoring profile shijiazhuang" in done.stdout and '"min": 85' in done.stdout


@pytest.mark.parametrize("text,zh,en", [
    ("name: district\ntitle: x\nextends: national\nunmet:\n  at_most: target_over_actul\n",
     ":5:12: “unmet.at_most”应为 target_over_actual、linear_to_zero_at_double 之一，现为 'target_over_actul'；"
     "是不是“target_over_actual”？",
     ":5:12: 'unmet.at_most' must be one of target_over_actual, linear_to_zero_at_double, got 'target_over_actul'; "
     "did you mean 'target_over_actual'?"),
    ("name: district\ntitle: x\nextends: national\nweigths:\n  total: 90\n", ":4:1: 未知的项“weigths”；是不是“weights”？",
     ":4:1: unknown item 'weigths'; did you mean 'weights'?"),
    ("name: district\ntitle: x\nextends: nationl\n", ":3:10: 未知的评分方案“nationl”；是不是“national”？（也可以给出一个 .yaml 文件）",
     ":3:10: unknown profile 'nationl'; did you mean 'national'?"),
    ("name: district\ntitle: x\nextends: national\nweights:\n  total: 九十\n",
     ":5:10: “weights.total”不符合评分方案的格式：'九十' is not of type 'number'", ":5:10: 'weights.total': '九十' is not of type 'number'"),
    ("name: district\ntitle: x\nweights: {total: 100}\n", ":1:1: 评分方案缺少 unmet、over_completion",
     ":1:1: the profile does not say unmet, over_completion"),
    ("name: district\ntitle: x\nextends: national\ngrade_bands:\n  - {grade: 优, min: 80}\n  - {grade: 良, min: 90}\n",
     ":5:3: “grade_bands”应为从高到低排列、min 逐级递减的列表\n", ":5:3: 'grade_bands' must be ordered best first with falling minimums\n"),
    ("name: district\ntitle: x\nextends: national\nqualitative:\n  actual_matching_target: 达标\n",
     ":5:27: “qualitative.actual_matching_target”不是任何档次：'达标'", ":5:27: 'qualitative.actual_matching_target' names no band: '达标'"),
    ("name: district\ntitle: [x\n", ":2:", ":2:"),
])
def test_broken_profile_is_exit_2_at_its_line(repo: Path, text: str, zh: str, en: str) -> None:
    (repo / "district.yaml").write_text(text, encoding="utf-8")
    done = lint(repo, "--profile", "district.yaml", "forms")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"jixiao-lint: 评分方案有误：{repo / 'district.yaml'}{zh}"), done.stderr
    done = lint(repo, "--lang", "en", "--profile", "district.yaml", "forms")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"jixiao-lint: profile error: {repo / 'district.yaml'}{en}"), done.stderr


def test_unknown_profile_name_in_the_configuration(repo: Path) -> None:
    (repo / ".jixiao-lint.yaml").write_text("profile: sichaun\n", encoding="utf-8")
    done = lint(repo, "forms")
    assert done.returncode == 2
    assert done.stderr == (f"jixiao-lint: 评分方案有误（在 {repo / '.jixiao-lint.yaml'} 中选定）：未知的评分方案"
                           "“sichaun”；是不是“sichuan”？（也可以给出一个 .yaml 文件）\n")
    (repo / ".jixiao-lint.yaml").write_text("profile: sichaun\nlang: en\n", encoding="utf-8")  # the configuration's language
    done = lint(repo, "forms")
    assert done.stderr == (f"jixiao-lint: profile error (chosen in {repo / '.jixiao-lint.yaml'}): unknown profile "
                           "'sichaun'; did you mean 'sichuan'? (or give a .yaml file)\n")


def test_profiles_extending_each_other_in_a_circle(repo: Path) -> None:
    (repo / "a.yaml").write_text("name: a\ntitle: a\nextends: b.yaml\n", encoding="utf-8")
    (repo / "b.yaml").write_text("name: b\ntitle: b\nextends: a.yaml\n", encoding="utf-8")
    done = lint(repo, "--profile", "a.yaml", "forms")
    assert done.returncode == 2
    a, b = repo / "a.yaml", repo / "b.yaml"
    assert done.stderr == (f"jixiao-lint: 评分方案有误：{a}：评分方案的 extends 形成了循环：{a} → {b} → {a}；"
                           "请去掉其中一个 extends\n"), done.stderr


def test_weight_total_and_execution_rate_weight_come_from_the_profile() -> None:
    form = ("kind: self-evaluation\nyear: 2023\norganization: 华新街街道办事处\nfunds:\n"
            "  - {source: 年度总金额, adjusted_budget: 100, executed: 100, execution_rate: 100, weight: 20, score: 20}\n"
            "indicators:\n  - {name: 清扫保洁面积, unit: 万平方米, target: ≥ 50, actual: 50, weight: 80, score: 80}\n")
    assert findings_of(form, select=["W"]) == []  # national weighs no execution rate: 湖北 gives it 20
    chizhou = profiles.load("chizhou")
    assert findings_of(form, select=["W"], settings={"profile": chizhou}) == [("W005", 0, "/funds/0/weight", 5)]
    own = profiles.load("national")
    own["weights"].update(total=120, execution_rate=20)
    assert findings_of(form, select=["W"], settings={"profile": own}) == [("W001", 0, "/indicators", 7)]


PACK_RULE = '''\
rule X201 excellent-below-the-top-band: error
  summary "优秀低于最高档" / "excellent below the top band"
  for document where kind == "evaluation-report"
  when num(total_score) < profile.grade_bands[0].min and grade == "优秀"
  at grade
  message "不是优秀" / "not excellent"
  pass """
  # profile: district
  kind: evaluation-report
  year: 2023
  organization: 东里街道办事处
  total_score: 86
  grade: 优秀
  """
  fail """
  kind: evaluation-report
  year: 2023
  organization: 东里街道办事处
  total_score: 86
  grade: 优秀  # expect: X201
  """
end
'''


def test_test_rules_checks_an_example_under_the_packs_profile(tmp_path: Path) -> None:
    (tmp_path / "pack" / "profiles").mkdir(parents=True)
    (tmp_path / "pack" / "profiles" / "district.yaml").write_text("name: district\ntitle: 区\nextends: shijiazhuang\n",
                                                                  encoding="utf-8")
    (tmp_path / "pack" / "x.rules").write_text(PACK_RULE, encoding="utf-8")
    done = lint(tmp_path, "test-rules", "pack")
    assert (done.returncode, done.stdout) == (0, "通过 2 项，失败 0 项\n"), done.stderr
    (tmp_path / "pack" / "x.rules").write_text(PACK_RULE.replace("# profile: district", "# profile: distrct"), encoding="utf-8")
    done = lint(tmp_path, "test-rules", "pack")
    assert done.returncode == 1
    assert done.stdout == ("FAIL pack/x.rules:7:8: # profile: 未知的评分方案“distrct”；是不是“district”？（也可以给出一个 .yaml 文件）\n"
                           "通过 1 项，失败 1 项\n")
    done = lint(tmp_path, "test-rules", "--lang", "en", "pack")
    assert done.stdout == ("FAIL pack/x.rules:7:8: # profile: unknown profile 'distrct'; did you mean 'district'? "
                           "(or give a .yaml file)\n1 passed, 1 failed\n")


def test_one_empty_note_is_one_finding() -> None:
    # Unmet and points lost: under sichuan both SC004 and SC010 want the note; SC004 alone says so.
    form = ("kind: self-evaluation\nyear: 2023\norganization: 青神县发展和改革局\nindicators:\n"
            "  - {name: 足额保障率, unit: \"%\", target: ≥ 100, actual: 96, coefficient: 96, weight: 30, score: 28.8}\n")
    sichuan = {"profile": profiles.load("sichuan")}
    assert findings_of(form, select=["SC"], settings=sichuan) == [("SC004", 0, "/indicators/0/score", 5)]
    assert findings_of(form.replace(", score: 28.8", ""), select=["SC"], settings=sichuan) == [("SC010", 0, "/indicators/0/actual", 5)]
