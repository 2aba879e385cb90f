"""The curated source lists, byte for byte as captured (see ../sources.toml)."""
