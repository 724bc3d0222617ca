"""The examples in examples/ are part of the documentation; this module runs them."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class TestExamples:
    def test_the_embedded_example_redeems_and_rolls_back(self) -> None:
        """Given examples/embedded.py, when run, then it prints the spent and restored balances."""
        done = subprocess.run(
            [sys.executable, str(EXAMPLES / "embedded.py")],
            capture_output=True, text=True, check=True, timeout=60,
        )
        assert "redeemed 2000, balance now 3000" in done.stdout
        assert "rolled back, balance now 5000" in done.stdout

    def test_the_memory_store_fixture_example_passes(self) -> None:
        """Given the pytest example using MemoryStore, when run by pytest, then it passes."""
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             str(EXAMPLES / "test_with_memory_store.py")],
            check=False, capture_output=True, text=True, timeout=120, cwd=EXAMPLES,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "2 passed" in done.stdout
