"""`python -m recon` is the `recon` command."""

import sys

from recon.cli import main

sys.exit(main())
