"""DOI and metadata lookup: providers in a registry, verified matching, results kept in data/."""
