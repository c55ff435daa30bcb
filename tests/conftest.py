"""Shared fixtures. Prefect runs against a real temporary server (its test harness), with its home folder
in a temporary directory so tests never touch ~/.prefect."""
from __future__ import annotations

import os
import tempfile

# Before Prefect is imported anywhere: a private home, no analytics, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="spbe-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def prefect_server():
    """A real, temporary Prefect server for the whole session; yields its API URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield PREFECT_API_URL.value()
