"""jixiao-lint: a rule-engine linter for 预算绩效 forms kept as YAML."""

__version__ = "0.1.0"
