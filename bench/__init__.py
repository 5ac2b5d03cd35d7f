"""GreenDesk benchmarks: `python -m bench` prints a table of timings against their targets."""
