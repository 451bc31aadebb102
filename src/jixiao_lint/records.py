"""Classes that are their fields: `@record` writes `__init__`, `__repr__`, `__eq__` (and `__hash__` for
a frozen one) from the class's annotations, as `@dataclasses.dataclass` does, for the part of dataclasses
this package uses (defaults, `field(default_factory=…, compare=…, repr=…)`, `frozen`, `slots`, `replace`).

Why not dataclasses: it writes each method as source text and compiles it while the class is being
made, and `import dataclasses` imports inspect and ast. A one-form run (a pre-commit hook) makes
about sixty such classes; that was ≈ 130 M of its ≈ 700 M instructions (benchmarks/README.md). Here the
methods are written once, below, and read each class's field table, so making a class costs what a
plain class statement costs. An instance is filled in by a loop over that table instead of a compiled
`__init__`; over 100 forms, with many instances and the same classes, the run is still cheaper."""

from __future__ import annotations

from typing import Any, Callable, dataclass_transform

_set = object.__setattr__
_REQUIRED = object()  # a field with no default


class FrozenRecordError(AttributeError):
    """Assigning to a field of a frozen record."""


class Field:
    """What `field(…)` declares: a default (or a factory making one per instance), and whether the field
    takes part in equality and hashing and in repr."""

    __slots__ = ("default", "default_factory", "compare", "repr")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, compare: bool, repr: bool):
        self.default, self.default_factory, self.compare, self.repr = default, default_factory, compare, repr


def field(*, default: Any = _REQUIRED, default_factory: Callable[[], Any] | None = None,
          compare: bool = True, repr: bool = True) -> Any:
    if default is not _REQUIRED and default_factory is not None:
        raise ValueError("a field has a default or a default_factory, not both")
    return Field(default, default_factory, compare, repr)


@dataclass_transform(field_specifiers=(field,))
def record(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """`@record` or `@record(frozen=True, slots=True)` over a class whose annotated attributes are its
    fields, in order (a base record's first); an attribute's value is its default."""

    def make(cls: type) -> type:
        return _make(cls, frozen, slots)

    return make if cls is None else make(cls)


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of a record with some fields changed (dataclasses.replace)."""
    values = {name: getattr(obj, name) for name in obj.__record_fields__}
    values.update(changes)
    return type(obj)(**values)


def _make(cls: type, frozen: bool, slots: bool) -> type:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited.update(base.__dict__.get("__record_table__", {}))
    own: dict[str, Field] = {}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _REQUIRED)
        own[name] = value if isinstance(value, Field) else Field(value, None, True, True)
    table = {**inherited, **own}
    names = tuple(table)
    seen_default = None
    for name, spec in table.items():
        if spec.default is _REQUIRED and spec.default_factory is None:
            if seen_default:
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows {seen_default!r}, which has one")
        else:
            seen_default = seen_default or name

    if slots:
        namespace = {key: value for key, value in cls.__dict__.items()
                     if key not in own and key not in ("__dict__", "__weakref__")}
        namespace["__slots__"] = tuple(own)
        rebuilt = type(cls)(cls.__name__, cls.__bases__, namespace)
        rebuilt.__qualname__ = cls.__qualname__
        cls = rebuilt
    else:  # as dataclasses leaves them: a default stays a class attribute, a factory does not
        for name, spec in own.items():
            if isinstance(cls.__dict__.get(name), Field):
                if spec.default is _REQUIRED:
                    delattr(cls, name)
                else:
                    setattr(cls, name, spec.default)

    cls.__record_table__ = table
    cls.__record_fields__ = names
    cls.__match_args__ = names
    methods = {"__init__": _init_for(cls.__name__, table), "__repr__": _repr, "__eq__": _eq,
               "__reduce__": _reduce}
    if frozen:
        methods.update(__setattr__=_frozen, __delattr__=_frozen, __hash__=_hash)
    elif "__eq__" not in cls.__dict__:
        methods["__hash__"] = None  # equal by value yet changeable: not a dict key (as dataclasses)
    for key, method in methods.items():
        if key not in cls.__dict__:  # a method the class writes itself is kept
            setattr(cls, key, method)
    cls.__record_compared__ = tuple(name for name, spec in table.items() if spec.compare)
    cls.__record_shown__ = tuple(name for name, spec in table.items() if spec.repr)
    return cls


def _init_for(class_name: str, table: dict[str, Field]) -> Callable[..., None]:
    names = tuple(table)
    count = len(names)
    # (name, default, factory) of every field, for the ones the call does not give by position
    rest = tuple((name, spec.default, spec.default_factory) for name, spec in table.items())

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        given = len(args)
        if given > count:
            raise TypeError(f"{class_name}() takes {count} positional arguments but {given} were given")
        for name, value in zip(names, args):
            _set(self, name, value)
        if given == count and not kwargs:
            return
        for name, default, factory in rest[given:]:
            if name in kwargs:
                _set(self, name, kwargs.pop(name))
            elif factory is not None:
                _set(self, name, factory())
            elif default is not _REQUIRED:
                _set(self, name, default)
            else:
                raise TypeError(f"{class_name}() missing required argument: {name!r}")
        if kwargs:
            raise TypeError(f"{class_name}() got an unexpected or repeated argument: {next(iter(kwargs))!r}")

    return __init__


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = self.__record_compared__  # compared as tuples, as dataclasses does (a field is equal to itself)
    return tuple(getattr(self, name) for name in names) == tuple(getattr(other, name) for name in names)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in self.__record_compared__))


def _frozen(self: Any, name: str, *value: Any) -> None:
    raise FrozenRecordError(f"{type(self).__name__} is frozen: {name!r} cannot be changed")


def _reduce(self: Any) -> tuple:
    # Pickled as a call of the class with its fields (a frozen or slotted record cannot be filled in
    # attribute by attribute); the parsed rules are unpickled so at every start (parse/cache.py).
    return (type(self), tuple(getattr(self, name) for name in self.__record_fields__))
