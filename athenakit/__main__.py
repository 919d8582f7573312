import sys

from athenakit.cli import main

sys.exit(main())
