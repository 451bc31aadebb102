"""The v1 form schema (form.schema.json, built by tools/build_schema.py) and its validation."""
