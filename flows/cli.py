"""The `spbe` command line. Each area registers its own commands from its own module."""
from __future__ import annotations

import typer

from flows import cli_analyst, cli_claims, cli_pipeline, cli_research

app = typer.Typer(
    name="spbe",
    help="spbe-claims: crawl Indonesian news for SPBE e-government score claims and keep them, with evidence, in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (cli_pipeline, cli_claims, cli_analyst, cli_research):
    module.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
