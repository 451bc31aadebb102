from jixiao_lint.cli import entry

entry()
