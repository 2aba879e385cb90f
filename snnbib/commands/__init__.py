"""click commands, one module per area; imported lazily by snnbib.cli."""
