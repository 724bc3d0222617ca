"""The official Node SDK (`@voucherify/sdk`, from its lockfile) against a real server.

`examples/node-sdk/cycle.js` runs the whole cycle with `node:assert` on what the SDK
returns and prints a JSON summary, checked here. Skipped only when node or npm is missing
(CI installs both).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.http.conftest import APP, CLIENT, CLIENT_TOKEN, TOKEN, Running

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "node-sdk"


@pytest.fixture(scope="module")
def node_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/node-sdk copied aside and installed with `npm ci` from its lockfile."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    folder = tmp_path_factory.mktemp("node-sdk")
    for name in ("package.json", "package-lock.json", ".npmrc", "cycle.js"):
        shutil.copy(EXAMPLE / name, folder / name)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=folder,
                   check=True, capture_output=True, timeout=300)
    return folder


class TestTheOfficialNodeSdk:
    def test_a_team_runs_its_whole_cycle_through_the_node_sdk(
        self, server: Running, node_sdk: Path
    ) -> None:
        """Create, redeem a stack, read, list, roll back, customer, reward, client-side."""
        environment = {
            **os.environ, "REDEMPTION_CORE_URL": server.url, "APP_ID": APP,
            "APP_TOKEN": TOKEN, "CLIENT_ID": CLIENT, "CLIENT_TOKEN": CLIENT_TOKEN,
        }
        done = subprocess.run(["node", str(node_sdk / "cycle.js")], capture_output=True,
                              text=True, env=environment, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout.splitlines()[-1])
        assert summary["listed"] == 3 and summary["rollbacks"] == 2
        assert summary["cardBalance"] == 700 and summary["clientChannel"] == CLIENT
        parent = server.ledger.get_redemption(summary["parentId"])
        assert parent.id == summary["parentId"]
        assert summary["activities"] >= 4
