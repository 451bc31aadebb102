"""The exceptions the generated fast gate (fast_gate.py) raises, with the constructor fastjsonschema's
generated code calls. Defined here so that a run never imports fastjsonschema, which is only needed
to generate the gate (tools/build_schema.py) and loads its whole code generator on import."""

from __future__ import annotations


class Decimal:
    """Stands for decimal.Decimal in the gate's number checks: no value a form is read into is one."""


class GateError(ValueError):
    """The document is not valid: validate.py then asks jsonschema what exactly is wrong."""


class JsonSchemaValueException(GateError):
    def __init__(self, message: str, value=None, name=None, definition=None, rule=None):
        super().__init__(message)


class JsonSchemaValuesException(GateError):
    def __init__(self, errors):
        super().__init__(errors)
