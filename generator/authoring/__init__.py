"""Tools for editors on top of the build: the dev server, scaffolds, editorial warnings."""
