"""Stage 5: the site written aside and swapped in, its search index, and the build cache."""
