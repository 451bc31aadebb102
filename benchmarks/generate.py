"""A deterministic corpus of realistic self-evaluation forms (30 indicators, ~8 KB of Chinese YAML each,
a few defects), for the benchmarks. `python benchmarks/generate.py OUT_DIR N`."""

from __future__ import annotations

import random
import sys
from pathlib import Path

NAMES = [("违建拆除面积", "平方米", 2400), ("清扫保洁面积", "万平方米", 50), ("开展主题党日活动次数", "次", 12),
         ("走访慰问困难群众人次", "人次", 300), ("网格化管理覆盖率", "%", 100), ("群众满意度", "%", 90),
         ("垃圾分类示范小区数量", "个", 3), ("安全生产事故发生率", "%", 1), ("消防安全隐患整改率", "%", 95),
         ("绿化维护面积", "平方米", 5000)]


def form(seed: int) -> str:
    rng = random.Random(seed)
    rows = []
    total = 0.0
    for i in range(30):
        name, unit, target = NAMES[i % len(NAMES)]
        negative = "发生率" in name
        operator = "≤" if negative else "≥"
        actual = target if rng.random() < 0.9 else round(target * rng.uniform(0.8, 0.99), 2)
        met = (actual <= target) if negative else (actual >= target)
        coefficient = 100 if met else round(actual / target * 100, 2)
        deviation = 0 if actual == target else round(abs(actual - target) / target * 100, 2)
        weight = 3
        score = round(weight * coefficient / 100, 2)
        total += score
        if rng.random() < 0.03:
            operator = "$\\geqslant$"  # a defect the linter must find
        note = "" if met else "\n    note: 受疫情影响，部分工作延后"
        rows.append(f"""  - name: {name}{i + 1}
    level1: 产出指标
    level2: 数量指标
    unit: "{unit}"
    target: {operator} {target}
    actual: {actual}
    deviation: {deviation}
    coefficient: {coefficient}
    weight: {weight}
    score: {score}
    core: {"是" if i % 5 == 0 else "否"}{note}""")
    return f"""# 第 {seed} 号表：由 benchmarks/generate.py 生成
kind: self-evaluation
year: 2023
organization: 重庆市江北区某街道办事处{seed}
title: 2023年度部门整体绩效自评表
money_unit: 元
project: 某街道办事处整体自评
project_code: "50010500023P{seed:06d}"
self_score: {round(total + 10, 2)}
funds:
  - {{source: 年度总金额, adjusted_budget: 87599029.86, executed: 87599029.86, execution_rate: 100, weight: 10, score: 10}}
goals:
  initial: 一、党建工作：组织党代表履职、举办活动等共计4次；二、城市管理工作：完成辖区50万平方米的清扫保洁任务，保证辖区地面清洁卫生。
  adjusted: 一、党建工作：组织党代表履职、举办活动等共计4次；二、城市管理工作：完成辖区50万平方米的清扫保洁任务，保证辖区地面清洁卫生。
  achieved: 一、党建工作：组织党代表履职、举办活动等共计4次；二、城市管理工作：完成辖区54.36万平方米的清扫保洁任务。
indicators:
""" + "\n".join(rows) + "\n"


def big_form(rows: int) -> str:
    """One form of `rows` indicators: form 0's rows over and over, each named for its row (a real form
    of that size has distinct indicators; repeats would make every row an X004 duplicate)."""
    head, _, body = form(0).partition("indicators:\n")
    templates = body.split("  - name: ")[1:]
    out = []
    for i in range(rows):
        name, rest = templates[i % len(templates)].split("\n", 1)
        out.append(f"  - name: {name.rstrip('0123456789')}{i + 1}\n{rest}")
    return head + "indicators:\n" + "".join(out)


def main() -> None:
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (out / f"form_{i:05d}.yaml").write_text(form(i), encoding="utf-8")


if __name__ == "__main__":
    main()
