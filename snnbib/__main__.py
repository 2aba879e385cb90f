"""`python -m snnbib`."""

from .cli import main

main()
