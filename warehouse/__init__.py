"""The DuckDB warehouse: schema (SQL files), loading, views and publishing."""
