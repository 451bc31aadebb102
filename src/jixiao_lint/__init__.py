"""jixiao-lint: a rule-engine linter for 预算绩效 forms kept as YAML."""

__version__ = "0.1.0"

from jixiao_lint.read.yaml_start import seed_pyyaml_pattern as _seed

_seed()  # before anything imports PyYAML (read/yaml_start.py says why)
