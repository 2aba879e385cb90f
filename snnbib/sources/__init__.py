"""Source lists: a markdown reader plus one parser per list dialect, registered by name."""
