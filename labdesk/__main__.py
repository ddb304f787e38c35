"""`python -m labdesk`: the same as the `labdesk` command."""

import sys

from labdesk.cli import main

sys.exit(main())
