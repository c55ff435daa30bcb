"""Commands of the claims area (registered on the `spbe` app by flows/cli.py)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
