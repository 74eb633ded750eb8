"""Build-time benchmarks: a synthetic corpus generator and a runner."""
