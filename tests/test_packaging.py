"""What the distribution declares and ships: license, dependency ranges, the .proto files.

Goal: a service embedding the package can resolve it next to its own gRPC and protobuf
versions (compatible ranges, whose floors are what the generated stubs demand), our own
environments get the exact versions tested (constraints/ci.txt, which the ranges admit),
and the built wheel carries the Apache-2.0 license (SPDX expression) and the API's .proto
files. Method: read pyproject.toml, the constraints file and the generated stubs; build a
wheel offline from a copy of the sources with the setuptools backend and read it.
"""

from __future__ import annotations

import importlib.resources
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "adapters" / "grpc" / "_generated"
PROTO_FILES = {path.name for path in (ROOT / "proto" / "redemption_core" / "v1").glob("*.proto")}
"""Every .proto of the source tree: each must ship."""


def _project() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config


def _runtime_requirements() -> dict[str, Requirement]:
    found = (Requirement(text) for text in _project()["project"]["dependencies"])
    return {requirement.name: requirement for requirement in found}


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints" / "ci.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = Version(version)
    return pins


class TestDeclaredDependencies:
    def test_runtime_dependencies_are_ranges_not_pins(self) -> None:
        """No `==` among the runtime requirements; gRPC and protobuf capped below the next
        major version."""
        # given / when
        requirements = _runtime_requirements()
        # then
        assert all("==" not in str(req.specifier) for req in requirements.values())
        for name in ("grpcio", "grpcio-status", "grpcio-health-checking",
                     "grpcio-reflection", "protobuf", "googleapis-common-protos"):
            assert any(spec.operator == "<" for spec in requirements[name].specifier), name

    def test_the_protobuf_floor_is_the_stubs_gencode_version(self) -> None:
        """The generated `_pb2` modules refuse a runtime older than their gencode
        (`ValidateProtobufRuntimeVersion`): the range starts exactly there."""
        # given
        checks = set()
        for module in GENERATED.glob("*_pb2.py"):
            found = re.search(r"Protobuf Python Version: (\S+)", module.read_text("utf-8"))
            assert found, module.name
            checks.add(found.group(1))
        # when
        [gencode] = checks
        protobuf = _runtime_requirements()["protobuf"]
        # then
        assert min(spec.version for spec in protobuf.specifier if spec.operator == ">=") \
            == gencode
        assert Version(gencode) in protobuf.specifier

    def test_the_grpcio_floor_is_the_version_the_stubs_demand(self) -> None:
        """`*_pb2_grpc.py` raises on a grpcio older than `GRPC_GENERATED_VERSION`."""
        # given
        text = (GENERATED / "redemption_service_pb2_grpc.py").read_text("utf-8")
        found = re.search(r"GRPC_GENERATED_VERSION = '([^']+)'", text)
        assert found
        # when
        grpcio = _runtime_requirements()["grpcio"]
        # then
        assert Version(found.group(1)) in grpcio.specifier
        assert Version(found.group(1)) == min(
            Version(spec.version) for spec in grpcio.specifier if spec.operator == ">="
        )


class TestConstraints:
    def test_every_runtime_dependency_is_pinned_within_its_range(self) -> None:
        """constraints/ci.txt pins each runtime dependency to a version its range admits."""
        # given
        pins = _pins()
        # when / then
        for name, requirement in _runtime_requirements().items():
            assert name in pins, f"{name} is not pinned in constraints/ci.txt"
            assert pins[name] in requirement.specifier, name

    def test_grpcio_tools_is_the_version_gen_protos_checks(self) -> None:
        """tools/gen_protos.sh refuses any other grpcio-tools: the pin must be that one."""
        # given
        script = (ROOT / "tools" / "gen_protos.sh").read_text("utf-8")
        found = re.search(r'GRPCIO_TOOLS_VERSION="([^"]+)"', script)
        assert found
        # when / then
        assert _pins()["grpcio-tools"] == Version(found.group(1))

    def test_make_install_uses_the_constraints(self) -> None:
        """`make install` (which CI runs) passes `-c constraints/ci.txt` to pip."""
        # given
        makefile = (ROOT / "Makefile").read_text("utf-8")
        # when / then
        assert "CONSTRAINTS ?= constraints/ci.txt" in makefile
        assert "pip install -q -c $(CONSTRAINTS) -e '.[dev]'" in makefile


class TestLicense:
    def test_the_license_is_an_spdx_expression_with_its_file(self) -> None:
        """`license = "Apache-2.0"` and `license-files = ["LICENSE"]` (PEP 639)."""
        # given / when
        project = _project()["project"]
        # then
        assert project["license"] == "Apache-2.0"
        assert project["license-files"] == ["LICENSE"]
        assert "Apache License" in (ROOT / "LICENSE").read_text("utf-8").splitlines()[1]

    def test_the_build_backend_understands_spdx_licenses(self) -> None:
        """setuptools 77 is the first to take the SPDX string without a deprecation."""
        # given / when
        [backend] = _project()["build-system"]["requires"]
        # then
        assert Requirement(backend).specifier.contains("77.0.3")
        assert not Requirement(backend).specifier.contains("76.1.0")


class TestShippedProtos:
    def test_the_proto_files_are_package_data(self) -> None:
        """`importlib.resources.files("redemption_core.proto")` is the include root."""
        # given
        root = importlib.resources.files("redemption_core.proto")
        # when
        files = {entry.name for entry in (root / "redemption_core" / "v1").iterdir()
                 if entry.name.endswith(".proto")}
        # then
        assert files == PROTO_FILES
        text = (root / "redemption_core" / "v1" / "redemption_service.proto").read_text("utf-8")
        assert "service RedemptionService" in text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built offline (setuptools' backend, no isolation) from a copy of the sources."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    ignored = shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "build", "dist",
                                     "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
                                     "*.db", "*.db-*")
    shutil.copytree(ROOT, source, ignore=ignored)
    out = base / "out"
    script = "import sys, setuptools.build_meta as b; print(b.build_wheel(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", script, str(out)], cwd=source,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "deprecated" not in done.stderr.lower(), done.stderr
    return out / done.stdout.strip().splitlines()[-1]


class TestBuiltWheel:
    def test_the_wheel_declares_the_spdx_license_and_ships_its_text(self, wheel: Path) -> None:
        """METADATA says `License-Expression: Apache-2.0`; the text is in dist-info."""
        # given
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
            metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
        # when / then
        assert metadata["License-Expression"] == "Apache-2.0"
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)

    def test_the_wheel_ships_the_proto_files(self, wheel: Path) -> None:
        """Every .proto under `redemption_core/proto/redemption_core/v1/`."""
        # given
        with zipfile.ZipFile(wheel) as archive:
            names = set(archive.namelist())
        # when
        shipped = {name.rsplit("/", 1)[1] for name in names
                   if name.startswith("redemption_core/proto/redemption_core/v1/")}
        # then
        assert shipped == PROTO_FILES

    def test_the_wheel_requires_ranges(self, wheel: Path) -> None:
        """`Requires-Dist` carries the ranges, e.g. `protobuf<8,>=7.35.1`."""
        # given
        with zipfile.ZipFile(wheel) as archive:
            [metadata_name] = [name for name in archive.namelist()
                               if name.endswith(".dist-info/METADATA")]
            metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
        # when
        required = {Requirement(text).name: Requirement(text)
                    for text in metadata.get_all("Requires-Dist") or []
                    if "extra ==" not in text}
        # then
        assert Version("7.35.1") in required["protobuf"].specifier
        assert Version("8.0") not in required["protobuf"].specifier
        assert Version("1.85.1") in required["grpcio"].specifier
