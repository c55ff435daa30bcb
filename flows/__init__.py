"""Prefect orchestration and the `spbe` command line."""
