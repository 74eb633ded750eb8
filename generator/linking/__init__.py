"""Stage 3: citations, [[id]] links, relations and mentions resolved into a Graph."""
