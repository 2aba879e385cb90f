"""snnbib's bundled dataset, installed as package data (`snnbib.data`)."""
