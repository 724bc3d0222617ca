"""Architecture rules checked mechanically (STYLE P1, P2, P3; DEVELOPERS packaging).

Goal: keep the hexagon honest. The domain imports only the standard library and attrs (P1);
no function in `domain/` or `adapters/` is longer than 70 lines (P2); every stored domain
class (one with `unique_keys`) is a frozen attrs class and nothing in the domain escapes
with `object.__setattr__` (P3); every folder with an `__init__.py` is listed as a package in
pyproject.toml, and importing `redemption_core` never exposes bare `domain`/`adapters`
modules. Method: walk the `ast` of the installed packages, import the domain's modules and
inspect their classes, read pyproject.toml with `tomllib`, and run one subprocess from a
neutral working directory.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import attrs
import pytest

import redemption_core
import redemption_core.adapters
import redemption_core.domain

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DIR = Path(redemption_core.domain.__path__[0])
ADAPTERS_DIR = Path(redemption_core.adapters.__path__[0])
FUNCTION_LINES_MAX = 70
ALLOWED_THIRD_PARTY = {"attrs"}
GENERATED = "_generated"
"""Folders of generated code (gRPC stubs) are exempt from the function-length rule."""


def sources(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if GENERATED not in path.parts)


def imported_roots(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module) of every absolute import in `tree`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def allowed_in_domain(module: str) -> bool:
    root = module.split(".", maxsplit=1)[0]
    if root in sys.stdlib_module_names or root in ALLOWED_THIRD_PARTY:
        return True
    return module == "redemption_core.domain" or module.startswith("redemption_core.domain.")


def domain_modules() -> list[object]:
    prefix = redemption_core.domain.__name__ + "."
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(redemption_core.domain.__path__, prefix)
    ]


class TestDomainImports:
    def test_the_domain_imports_only_the_standard_library_and_attrs(self):
        """P1: no cattrs, structlog, sqlite3 driver code or adapters in `domain/`."""
        # given
        offenders = []
        # when
        for path in sources(DOMAIN_DIR):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            offenders.extend(
                f"{path.name}:{line} imports {module}"
                for line, module in imported_roots(tree)
                if not allowed_in_domain(module)
            )
        # then
        assert offenders == []

    def test_the_import_rule_rejects_what_it_should(self):
        """The checker itself: adapters, cattrs and structlog are refused."""
        # given
        tree = ast.parse("import cattrs\nfrom redemption_core.adapters import memory\n"
                         "import structlog.stdlib\nfrom . import errors\nimport json\n")
        # when
        refused = [module for _, module in imported_roots(tree) if not allowed_in_domain(module)]
        # then
        assert refused == ["cattrs", "redemption_core.adapters", "structlog.stdlib"]


def code_folders() -> list[Path]:
    """`domain/`, `adapters/` and each adapter package, so a failure names its owner."""
    folders = [DOMAIN_DIR, ADAPTERS_DIR]
    folders += sorted(init.parent for init in ADAPTERS_DIR.glob("*/__init__.py"))
    return folders


class TestFunctionLength:
    @pytest.mark.parametrize("folder", code_folders(),
                             ids=lambda folder: str(folder.relative_to(ROOT)))
    def test_every_function_spans_at_most_seventy_lines(self, folder):
        """P2: TigerBeetle's cap, from `def` to the last line of the body."""
        # given
        too_long = []
        nested = {init.parent for init in folder.glob("*/__init__.py")}
        # when
        for path in sources(folder):
            if path.parent in nested or any(parent in nested for parent in path.parents):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > FUNCTION_LINES_MAX:
                        too_long.append(f"{path.relative_to(ROOT)}:{node.name} "
                                        f"({length} lines)")
        # then
        assert too_long == []


class TestFrozenAggregates:
    def test_every_stored_domain_class_is_a_frozen_attrs_class(self):
        """P3: a class with `unique_keys` is attrs and refuses attribute assignment."""
        # given
        stored = [
            cls
            for module in domain_modules()
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__ and hasattr(cls, "unique_keys")
        ]
        # when / then
        assert {cls.__name__ for cls in stored} >= {"Voucher", "Redemption",
                                                    "RedemptionRollback", "Order", "Campaign"}
        for cls in stored:
            assert attrs.has(cls), cls
            blank = object.__new__(cls)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                blank.version = 1

    def test_nothing_in_the_domain_escapes_with_object_setattr(self):
        """P3: no `object.__setattr__` anywhere under `domain/`."""
        # given / when
        escapes = [path.name for path in sources(DOMAIN_DIR)
                   if "object.__setattr__" in path.read_text(encoding="utf-8")]
        # then
        assert escapes == []


def package_folders() -> list[str]:
    """Import names of every folder with an `__init__.py` under the three mapped roots."""
    roots = {"redemption_core": ROOT / "redemption_core",
             "redemption_core.domain": ROOT / "domain",
             "redemption_core.adapters": ROOT / "adapters"}
    names = []
    for name, folder in roots.items():
        for init in sorted(folder.rglob("__init__.py")):
            relative = init.parent.relative_to(folder).parts
            names.append(".".join((name, *relative)))
    return names


class TestPackaging:
    @pytest.mark.parametrize("package", package_folders())
    def test_every_folder_with_an_init_is_a_listed_package(self, package):
        """pyproject's `[tool.setuptools] packages` names every package (find() cannot)."""
        # given
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        # when
        listed = set(config["tool"]["setuptools"]["packages"])
        # then
        assert package in listed

    def test_the_package_dir_mapping_is_the_design_cards(self):
        """`domain/` and `adapters/` are subpackages of the one import package (and
        `proto/`, the API's .proto files, its data package `redemption_core.proto`)."""
        # given
        config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        # when
        mapping = config["tool"]["setuptools"]["package-dir"]
        # then
        assert mapping == {"redemption_core": "redemption_core",
                           "redemption_core.domain": "domain",
                           "redemption_core.adapters": "adapters",
                           "redemption_core.proto": "proto"}

    def test_importing_the_package_exposes_no_bare_domain_or_adapters_module(self, tmp_path):
        """From a neutral directory, `domain` and `adapters` are not importable."""
        # given
        script = (
            "import importlib.util, redemption_core\n"
            "print(redemption_core.__file__ is not None,"
            " importlib.util.find_spec('domain'), importlib.util.find_spec('adapters'))\n"
        )
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        # when
        ran = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                             capture_output=True, text=True, check=False, timeout=60)
        # then
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.split() == ["True", "None", "None"]
