"""`spbe serve` registers the nightly deployment and its Asia/Jakarta cron schedule on a real Prefect server."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


async def _deployment(name: str):
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        return await client.read_deployment_by_name(name)


def test_serve_registers_the_nightly_schedule(prefect_server, tmp_path):
    env = {**os.environ, "PREFECT_API_URL": prefect_server}
    spbe = [sys.executable, "-m", "flows.cli"]
    proc = subprocess.Popen(spbe + ["serve", "--cron", "30 1 * * *", "--sources", str(ROOT / "sources.toml"),
                                    "--data-dir", str(tmp_path / "data"), "--name", "test-nightly"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        deployment = None
        while time.monotonic() < deadline and deployment is None:
            if proc.poll() is not None:
                pytest.fail(f"spbe serve exited: {proc.stdout.read().decode(errors='replace')[-3000:]}")
            try:
                deployment = asyncio.run(_deployment("nightly/test-nightly"))
            except Exception:  # not registered yet
                time.sleep(1)
        assert deployment is not None, "the deployment was not registered within 90 s"
        crons = [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules]
        assert crons == [("30 1 * * *", "Asia/Jakarta")]
        assert all(s.active for s in deployment.schedules)
        assert deployment.parameters["sources_file"] == str(ROOT / "sources.toml")
        assert deployment.parameters["data_dir"] == str(tmp_path / "data")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
