"""Speed and accuracy runs: ``python -m benchmarks.<name>`` from the repository root."""
