"""Stage 1 and 2: content files read into the typed model, and checked record by record."""
