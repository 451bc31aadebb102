"""PyYAML's start-up pattern, seeded in re's cache (read/yaml_start.py): the same characters, and used."""

from __future__ import annotations

import re
import subprocess
import sys

from jixiao_lint.read.yaml_start import PYYAML_NON_PRINTABLE, SAME_CHARACTERS


def test_the_seeded_class_matches_exactly_the_characters_pyyamls_does() -> None:
    theirs, ours = re.compile(PYYAML_NON_PRINTABLE), re.compile(SAME_CHARACTERS)
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in theirs.finditer(text)] == [m.start() for m in ours.finditer(text)]


def test_pyyaml_is_given_the_seeded_pattern() -> None:
    # Only a pattern string identical to PyYAML's finds the seeded entry: this fails when a PyYAML
    # release changes its pattern (then update PYYAML_NON_PRINTABLE, or nothing is gained).
    probe = ("import jixiao_lint, yaml.reader as r; from jixiao_lint.read import yaml_start as s; "
             "print(r.Reader.NON_PRINTABLE.pattern == s.SAME_CHARACTERS)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True"], done.stderr
