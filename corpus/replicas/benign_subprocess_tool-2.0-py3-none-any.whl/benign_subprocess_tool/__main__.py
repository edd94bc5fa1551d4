import sys

from benign_subprocess_tool.cli import main

sys.exit(main())
