"""`python -m snnbib`."""

from ._entry import main

main()
