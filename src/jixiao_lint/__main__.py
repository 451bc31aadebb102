import sys

from jixiao_lint.cli import main

sys.exit(main())
