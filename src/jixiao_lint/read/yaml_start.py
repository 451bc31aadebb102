"""PyYAML's import, made cheaper for a short run.

yaml/reader.py compiles NON_PRINTABLE, a negated class spanning all of Unicode, when it is imported:
re's charset optimizer walks it in Python, ~9 ms, a tenth of linting one small form. The reader it
belongs to is never used here (read/yaml_tree.py reads libyaml's events), but the import cannot be
avoided. So before PyYAML is first imported, re's cache is given the same class written positively
(the code points it does not allow), which compiles in ~1 ms and matches exactly the same characters
(tests/test_yaml_start.py checks every code point). Where re keeps its cache otherwise (another
Python), nothing is seeded and PyYAML compiles its pattern as before.
"""

from __future__ import annotations

import re
import sys

PYYAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
SAME_CHARACTERS = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"


def seed_pyyaml_pattern() -> bool:
    """Whether re's cache now answers PyYAML's pattern (False if yaml is already imported or the
    cache is not the dict keyed by (type, pattern, flags) that Python 3.11–3.13 keep)."""
    cache = getattr(re, "_cache", None)
    if "yaml" in sys.modules or not isinstance(cache, dict):
        return False
    key = (str, PYYAML_NON_PRINTABLE, 0)
    if key not in cache:
        cache[key] = re.compile(SAME_CHARACTERS)
    return re.compile(PYYAML_NON_PRINTABLE) is cache[key]
