"""Domain functions for rules, one module per area (units, categories, text …). Each module registers
its functions with @functions.function; check/functions.py imports every module here."""
