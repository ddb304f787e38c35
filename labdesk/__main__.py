"""`python -m labdesk`: the same as the `labdesk` command (and the packaged app's entry point).
The app also starts it to make a long run of badges in a child (labdesk.outputs_child)."""

import sys

if sys.argv[1:2] == ["--make-in-child"]:  # labdesk.outputs_child.ARGUMENT (nothing else loaded)
    from labdesk.outputs_child import main as child

    sys.exit(child(sys.argv[2:]))

from labdesk.cli import main

sys.exit(main())
