"""What each document of a form adds up to, for a reviewer's overview (the HTML report's totals table).

The weights are W001's sum, by the same function (check/domain/scoring.py weight_sum). Numbers are read
as the rules read them (`"98. 80"` is 98.8); what cannot be read is None, shown as a blank cell, never as 0.
"""

from __future__ import annotations


from jixiao_lint.check.domain.scoring import weight_sum
from jixiao_lint.check.functions import number
from jixiao_lint.model.form import FormFile
from jixiao_lint.records import record


@record(frozen=True, slots=True)
class DocumentTotals:
    file: str
    document: int  # 0-based, as in Finding
    kind: str | None
    year: int | str | None
    organization: str | None
    title: str | None  # the project's name, else the form's title
    rows: int  # indicators, or a report's score_table rows
    weights: float | None  # what W001 adds up
    score: float | None  # self_score (自评表) or total_score (自评报告)
    score_path: str | None  # the JSON Pointer of that score, to tie findings to the cell
    grade: str | None


def form_totals(form: FormFile) -> list[DocumentTotals]:
    return [_document_totals(form.name, document.index, document.data) for document in form.documents]


def _document_totals(file: str, index: int, data: object) -> DocumentTotals:
    if not isinstance(data, dict):  # a list or a scalar where a table should be: S005 says so
        return DocumentTotals(file, index, None, None, None, None, 0, None, None, None, None)
    rows = data.get("score_table") if data.get("score_table") is not None else data.get("indicators")
    rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
    weights = weight_sum(data)
    score_key = "total_score" if "total_score" in data else "self_score" if "self_score" in data else None
    grade = data.get("grade")
    return DocumentTotals(
        file, index, _text(data.get("kind")), _year(data.get("year")), _text(data.get("organization")),
        _text(data.get("project")) or _text(data.get("title")), len(rows), weights["total"] if weights else None,
        number(data.get(score_key)) if score_key else None, f"/{score_key}" if score_key else None,
        _text(grade) if grade is not None else None)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _year(value: object) -> int | str | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else _text(value)
