"""``python -m tradebalance.cli``: the same as the ``tradebalance`` command."""

import sys

from tradebalance.cli import main

sys.exit(main())
