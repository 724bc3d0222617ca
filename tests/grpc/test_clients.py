"""The example clients in examples/ run against a real server (documentation that runs).

Goal: `examples/grpc_client.py` and the Node.js client in `examples/node/` (grpc-js and
proto-loader, installed from the committed lockfile with `npm ci`) do redeem -> stacked redeem
-> rollback -> get -> list against a served ledger. Method: a server on port 0 in this process;
each client runs as a subprocess with the address and credentials in its environment. The
Node test is skipped only when `node` or `npm` is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.grpc.world import APP_ID, APP_TOKEN, World

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _environment(world: World) -> dict[str, str]:
    return {
        **os.environ,
        "REDEMPTION_CORE_ADDRESS": f"127.0.0.1:{world.port}",
        "REDEMPTION_CORE_APP_ID": APP_ID,
        "REDEMPTION_CORE_APP_TOKEN": APP_TOKEN,
        "REDEMPTION_CORE_PROTO_DIR": str(ROOT / "proto"),
    }


class TestPythonClient:
    def test_the_python_example_redeems_stacks_rolls_back_and_reads(self, world: World) -> None:
        """Each step prints its line; the second rollback reports already_rolled_back."""
        # given
        environment = _environment(world)
        # when
        done = subprocess.run([sys.executable, str(EXAMPLES / "grpc_client.py")], check=False,
                              capture_output=True, text=True, env=environment, timeout=60)
        # then
        assert done.returncode == 0, done.stderr
        assert "spent 1500" in done.stdout
        assert "with 2 children, order total 17500" in done.stdout
        assert "is REDEMPTION_STATUS_ROLLED_BACK" in done.stdout
        assert "rollback again: already_rolled_back, recorded as rrf_" in done.stdout


@pytest.fixture(scope="module")
def node_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/node copied aside and installed with `npm ci` from its lockfile."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    folder = tmp_path_factory.mktemp("node")
    for name in ("package.json", "package-lock.json", ".npmrc", "client.js"):
        shutil.copy(EXAMPLES / "node" / name, folder / name)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=folder,
                   check=True, capture_output=True, timeout=300)
    return folder


class TestNodeClient:
    def test_the_node_example_runs_every_step_with_64_bit_amounts_as_strings(
        self, world: World, node_client: Path
    ) -> None:
        """redeem -> stacked redeem -> rollback -> get -> list, amounts as decimal strings."""
        # given
        environment = _environment(world)
        # when
        done = subprocess.run(["node", str(node_client / "client.js")], check=False,
                              capture_output=True,
                              text=True, env=environment, timeout=60)
        # then
        assert done.returncode == 0, done.stderr
        steps = {line["step"]: line for line in map(json.loads, done.stdout.splitlines())}
        assert list(steps) == ["redeem", "stacked_redeem", "rollback", "get", "list", "balance"]
        assert steps["redeem"]["amount"] == "1500"
        assert steps["redeem"]["channel"] == APP_ID
        assert steps["stacked_redeem"]["total_amount"] == "17000"
        assert steps["get"] == {"step": "get", "result": "redemption",
                                "id": steps["stacked_redeem"]["parent"],
                                "status": "REDEMPTION_STATUS_ROLLED_BACK"}
        assert steps["list"]["total"] == "3"
        assert steps["list"]["ids"][0].startswith("rr_")
        assert steps["list"]["ids"][1:] == [*steps["stacked_redeem"]["children"][1:],
                                            steps["redeem"]["id"]]
        assert steps["balance"]["balance"] == "3500"
