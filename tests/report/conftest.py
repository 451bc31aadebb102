"""Findings for the output tests, built directly: the outputs must not depend on how rules find them."""

from __future__ import annotations

import pytest

from jixiao_lint.model.finding import Finding, Fix

# A small form with Chinese text: wide characters are where caret alignment goes wrong.
FORM = (
    "indicators:\n"
    "  - name: 违建拆除面积\n"
    "    target: ≤ 2400\n"
    "  - name: 群众满意度\n"
    "    target: ≥ 95%\n"
)


def make(
    *,
    file: str = "forms/a.yaml",
    line: int = 3,
    column: int = 13,
    end_line: int | None = None,
    end_column: int = 19,
    rule: str = "OP001",
    name: str = "operator-direction",
    severity: str = "error",
    zh: str = "违建拆除面积是正向指标，运算符应为 ≥",
    en: str = "违建拆除面积 is a positive indicator: the operator should be ≥",
    path: str = "/indicators/0/target",
    document: int = 0,
    fix: Fix | None = None,
) -> Finding:
    return Finding(
        file=file, document=document, path=path, line=line, column=column,
        end_line=line if end_line is None else end_line, end_column=end_column,
        rule=rule, name=name, severity=severity, message_zh=zh, message_en=en, fix=fix,
    )


@pytest.fixture
def finding():
    """`finding(**fields)`: a Finding on FORM's `target: ≤ 2400`, any field overridden."""
    return make


@pytest.fixture
def form() -> str:
    return FORM
