"""Schedule ingestion: parse real-world schedule files, validate, map teams, store games."""
