"""`python -m harness` is `upgrade-harness`."""

from harness.cli import main

main()
