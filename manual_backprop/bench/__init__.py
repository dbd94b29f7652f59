"""The benchmark suite behind `backprop bench`: manual_backprop against its peers and its own matmul bound.

The data's path: cases (the networks, sizes and inputs) -> peers (one gradient callable per
implementation) -> timing (interleaved rounds, paired ratios) and case_timing (one case, every
peer) -> memory, machine (what it ran on) -> targets (each target checked, and why a miss is
missed) -> report (Markdown, JSON) and plots; pinning holds every peer to n cores.
suite.run_suite ties them together. JAX, torch and matplotlib are imported inside the functions
that need them, so `import manual_backprop` stays NumPy-only.
"""
