"""Stage 4: pages and data files made from the content and the graph; no I/O."""
