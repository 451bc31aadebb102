"""Values as rules see them. A value read out of a form stays a `Ref`, so that wherever a rule
points (`at indicator.target`) the finding knows the document and JSON Pointer it came from."""

from __future__ import annotations

from jixiao_lint.model.form import child_pointer

PENDING = object()  # a let not computed yet (see check/vector.py)


class Ref:
    """A value and where it sits. The JSON Pointer is only spelled out when a finding asks for it: rules
    walk far more values than they report on."""

    __slots__ = ("document", "parent", "key", "value", "_pointer")

    def __init__(self, document: int, pointer: str, value: object, parent: "Ref | None" = None,
                 key: str | int | None = None):
        self.document = document
        self.value = value
        self.parent = parent
        self.key = key
        self._pointer = pointer if parent is None else None

    @property
    def pointer(self) -> str:
        if self._pointer is None:
            self._pointer = child_pointer(self.parent.pointer, self.key)
        return self._pointer

    def child(self, key: str | int) -> "Ref":
        value = self.value
        if type(value) is dict:
            child = value.get(key) if type(key) is str else None
        elif type(value) is list and type(key) is int and -len(value) <= key < len(value):
            key = key % len(value)
            child = value[key]
        else:
            child = None
        return Ref(self.document, "", child, self, key)

    def items(self) -> list["Ref"]:
        value = self.value
        document = self.document
        if type(value) is list:
            return [Ref(document, "", v, self, i) for i, v in enumerate(value)]
        if type(value) is dict:  # iterating a mapping gives its values, e.g. budget_breakdown
            return [Ref(document, "", v, self, k) for k, v in value.items()]
        return []

    def __repr__(self) -> str:
        return f"Ref({self.document}, {self.pointer!r}, {self.value!r})"


def plain(value: object) -> object:
    """The value itself, with every Ref inside it unwrapped."""
    kind = type(value)
    if kind is Ref:
        return value.value
    if kind is list:
        return [plain(v) for v in value]
    return value


def format_value(value: object) -> str:
    """How a value reads in a message: 99.93 not 99.92999999, 100 not 100.0, lists joined with 、."""
    value = plain(value)
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        rounded = round(value, 2)
        if rounded == int(rounded):
            return str(int(rounded))
        return f"{rounded:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if hasattr(value, "canonical") and not isinstance(value, str):
        return str(value.canonical)
    return str(value)
