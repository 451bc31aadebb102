"""Reading and schema checks (F and S codes), the internal error and suppression comments: declared in the
one table model/pipeline_rules.py, registered here with the Python rules' hook."""

from jixiao_lint.check.python_rules import pipeline_rule
from jixiao_lint.model.pipeline_rules import PIPELINE_RULES

for _rule in PIPELINE_RULES:
    pipeline_rule(_rule)
