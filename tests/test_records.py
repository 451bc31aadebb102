"""records.py: the package's classes-that-are-their-fields, in place of dataclasses (which a one-form run
paid ≈ a fifth of its instructions for)."""

from __future__ import annotations

import importlib.util
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from helpers import modules_imported
from jixiao_lint.records import FrozenRecordError, field, record, replace

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@record(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    label: str = field(default="", compare=False)


@record
class Basket:
    owner: str
    items: list[str] = field(default_factory=list)
    note: str = field(default="", repr=False)
    KIND: ClassVar[str] = "basket"


@record(slots=True)
class Base:
    loc: str


@record(slots=True)
class Child(Base):
    name: str
    size: int = 1


def test_fields_are_filled_by_position_by_name_and_by_default() -> None:
    assert (Point(1, 2).x, Point(1, 2).y) == (1, 2)
    assert (Point(y=3, x=4).x, Point(y=3, x=4).y) == (4, 3)
    assert Point(5).y == 0
    first, second = Basket("甲"), Basket("乙")
    first.items.append("苹果")
    assert second.items == []  # a factory makes each instance its own
    assert Basket.__record_fields__ == ("owner", "items", "note")  # a ClassVar is not a field
    assert Basket.KIND == "basket"
    assert Child.__record_fields__ == ("loc", "name", "size")
    child = Child("a.yaml:1:1", "指标")
    assert (child.loc, child.name, child.size) == ("a.yaml:1:1", "指标", 1)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Point(), "Point() missing required argument: 'x'"),
    (lambda: Point(1, 2, "a", 4), "Point() takes 3 positional arguments but 4 were given"),
    (lambda: Point(1, z=2), "Point() got an unexpected or repeated argument: 'z'"),
    (lambda: Point(1, x=2), "Point() got an unexpected or repeated argument: 'x'"),
])
def test_a_wrong_call_says_what_is_wrong(make, message) -> None:
    with pytest.raises(TypeError) as raised:
        make()
    assert str(raised.value) == message


def test_a_field_without_a_default_cannot_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="field 'b' without a default follows 'a', which has one"):
        @record
        class Wrong:
            a: int = 0
            b: int


def test_equality_and_hashing_follow_the_compared_fields() -> None:
    assert Point(1, 2, "甲") == Point(1, 2, "乙")  # label is not compared
    assert hash(Point(1, 2, "甲")) == hash(Point(1, 2, "乙"))
    assert Point(1, 2) != Point(2, 1)
    nan = float("nan")
    assert Point(nan) == Point(nan)  # fields compared as tuples are, as dataclasses does: the same value is equal
    assert Child("l", "n") != Base("l")  # another class is never equal
    assert len({Point(1), Point(1), Point(2)}) == 2
    with pytest.raises(TypeError, match="unhashable"):
        hash(Basket("甲"))  # equal by value and changeable: not a dict key


def test_a_frozen_record_cannot_be_changed() -> None:
    point = Point(1)
    with pytest.raises(FrozenRecordError, match="Point is frozen: 'x' cannot be changed"):
        point.x = 2
    with pytest.raises(AttributeError):
        del point.y
    assert point.x == 1


def test_slots_leave_no_instance_dictionary() -> None:
    assert not hasattr(Point(1), "__dict__")
    assert Child.__slots__ == ("name", "size") and Base.__slots__ == ("loc",)
    with pytest.raises(AttributeError):
        Child("l", "n").colour = "红"


def test_repr_shows_the_shown_fields() -> None:
    assert repr(Point(1, 2, "甲")) == "Point(x=1, y=2, label='甲')"
    assert repr(Basket("甲", ["苹果"], note="秘密")) == "Basket(owner='甲', items=['苹果'])"


def test_replace_copies_with_changes() -> None:
    point = Point(1, 2, "甲")
    assert replace(point, y=5) == Point(1, 5) and replace(point, y=5).label == "甲"
    assert point.y == 2


def test_pickle_round_trips_frozen_slotted_and_inherited_records() -> None:
    for value in (Point(1, 2, "甲"), Basket("甲", ["苹果"], "秘密"), Child("l", "n", 3)):
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(value)
        assert [getattr(back, name) for name in value.__record_fields__] == \
            [getattr(value, name) for name in value.__record_fields__]


def test_a_method_the_class_writes_is_kept() -> None:
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("甲")) == "<甲>" and Named("甲") == Named("甲")


def test_a_one_form_run_imports_neither_dataclasses_nor_inspect(tmp_path: Path) -> None:
    # The reason this module exists: both cost a pre-commit hook's run on one just-edited form (a miss of
    # the results cache) about a fifth of its time. lark imports them, so the form has no qualitative cell.
    spec = importlib.util.spec_from_file_location("generate", GENERATE)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    (tmp_path / "small.yaml").write_text(generate.form(1), encoding="utf-8")
    # The hook's every run but its first: the parsed rule files come from the parse cache (parse/cache.py;
    # parsing them takes lark), the form's findings do not (--no-cache is the results cache).
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "jixiao_lint", "--no-cache", "small.yaml"]
    first = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert "lark" in modules_imported(first)  # (a cold parse cache does parse the rule files)
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0 and run.stdout.endswith("发现 4 个警告（4 个可自动修复）\n"), run.stdout[-500:]
    imported = modules_imported(run)
    assert "jixiao_lint.check.engine" in imported  # (the listing is what it seems)
    for module in ("dataclasses", "inspect", "pkgutil", "lark"):
        assert module not in imported, module
