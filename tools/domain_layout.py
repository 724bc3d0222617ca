"""Move the domain's modules into its parts and rewrite every import to match.

    python tools/domain_layout.py [--no-move] [FILE_OR_FOLDER ...]

`MOVES` is the layout (docs/decisions.md, "Domain layout"): the model (aggregates, values,
errors, limits), the use cases, the read side, the ports. Run once on this repository it
`git mv`s the files and rewrites the imports of every Python file; with `--no-move` it
only rewrites the imports of the files named, so a branch written against the flat
layout can be brought onto this one after a merge (absolute `redemption_core.domain.X`
imports, `from redemption_core.domain import x, y`, dotted strings, and the relative
imports inside `domain/`). Then `ruff check --fix` sorts the rewritten imports.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MOVES: dict[str, tuple[str, str]] = {
    # model: aggregates, values, errors, limits, the rules they check, events, the context
    **{name: ("model", name) for name in (
        "campaign", "customer", "discount", "errors", "limits", "order", "redemption",
        "reward", "reward_redemption", "voucher", "validity", "rules", "settings", "events",
        "context", "transaction", "publication", "rule_logic", "rule_set",
    )},
    # the aggregate is named for its class, RedemptionRollback; `roll_back` is the use case
    "rollback": ("model", "redemption_rollback"),
    **{name: ("use_cases", name) for name in (
        "ledger", "commands", "redeem", "redeem_records", "roll_back", "member_redemption",
        "catalog", "promotions", "loyalty", "checks", "effects", "parties", "idempotency",
        "request_forms", "lifecycle", "campaign_lifecycle", "customers_admin", "publications",
        "transactions", "catalog_commands", "ledger_lifecycle", "validation", "sessions",
        "validation_rules", "rule_check", "redeem_rules",
    )},
    **{name: ("read_side", name) for name in ("activity", "queries", "summary",
                                               "read_models", "sequences", "listings")},
    "clock": ("ports", "clock"),
    "ids": ("ports", "ids"),
}
PACKAGES = ("model", "use_cases", "read_side", "ports")

_ABSOLUTE = re.compile(r"redemption_core\.domain\.([a-z_]+)\b")
_FROM_DOMAIN = re.compile(r"^(\s*)from redemption_core\.domain import ([^(\n]+)$", re.M)
_RELATIVE_MODULE = re.compile(r"^(\s*)from \.([a-z_]+) import", re.M)
_RELATIVE_NAMES = re.compile(r"^(\s*)from \. import ([^(\n]+)$", re.M)


def _absolute(match: re.Match[str]) -> str:
    name = match.group(1)
    if name not in MOVES:
        return match.group(0)
    package, module = MOVES[name]
    return f"redemption_core.domain.{package}.{module}"


def _names(text: str) -> list[tuple[str, str]]:
    """(module, alias clause) of `a, b as c`."""
    found = []
    for part in text.split(","):
        words = part.strip()
        if words:
            found.append((words.split()[0], words))
    return found


def _from_domain(match: re.Match[str]) -> str:
    indent, listed = match.group(1), match.group(2)
    lines = []
    for name, clause in _names(listed):
        package = MOVES[name][0] if name in MOVES else None
        module = MOVES[name][1] if name in MOVES else name
        renamed = clause
        if module != name:
            renamed = clause.replace(name, module, 1) if " as " in clause else f"{module} as {name}"
        where = f"redemption_core.domain.{package}" if package else "redemption_core.domain"
        lines.append(f"{indent}from {where} import {renamed}")
    return "\n".join(lines)


def _relative(text: str, own_package: str | None) -> str:
    def module(match: re.Match[str]) -> str:
        indent, name = match.group(1), match.group(2)
        if name == "ports" and own_package not in (None, "ports"):
            return f"{indent}from ..ports import"  # the ports became a package of their own
        if name not in MOVES:
            return match.group(0)
        package, new = MOVES[name]
        prefix = "." if package == own_package else f"..{package}."
        if own_package is None:
            prefix = f".{package}."
        return f"{indent}from {prefix}{new} import"

    def names(match: re.Match[str]) -> str:
        indent = match.group(1)
        grouped: dict[str, list[str]] = {}
        for name, clause in _names(match.group(2)):
            package, new = MOVES[name]
            renamed = f"{new} as {name}" if new != name else clause
            where = "." if package == own_package else f"..{package}"
            if own_package is None:
                where = f".{package}"
            grouped.setdefault(where, []).append(renamed)
        return "\n".join(f"{indent}from {where} import {', '.join(clauses)}"
                         for where, clauses in sorted(grouped.items()))

    return _RELATIVE_NAMES.sub(names, _RELATIVE_MODULE.sub(module, text))


def rewrite(path: Path, own_package: str | None, inside_domain: bool) -> bool:
    before = path.read_text(encoding="utf-8")
    text = _FROM_DOMAIN.sub(_from_domain, before)
    text = _ABSOLUTE.sub(_absolute, text)
    if inside_domain:
        text = _relative(text, own_package)
    if text != before:
        path.write_text(text, encoding="utf-8")
    return text != before


def move() -> None:
    domain = ROOT / "domain"
    for package in PACKAGES:
        (domain / package).mkdir(exist_ok=True)
    subprocess.run(["git", "mv", "domain/ports.py", "domain/ports/__init__.py"], cwd=ROOT,
                   check=True)
    for name, (package, new) in MOVES.items():
        subprocess.run(["git", "mv", f"domain/{name}.py", f"domain/{package}/{new}.py"],
                       cwd=ROOT, check=True)
    for package in PACKAGES:
        init = domain / package / "__init__.py"
        if not init.exists():
            init.write_text(f'"""The domain\'s {package.replace("_", " ")}."""\n')
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)


def _package_of(path: Path) -> tuple[str | None, bool]:
    parts = path.resolve().relative_to(ROOT).parts
    if parts[0] != "domain":
        return None, False
    if len(parts) == 2:
        return None, True
    if parts[1] == "ports" and parts[2] == "__init__.py":
        return "ports", True
    return parts[1], True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-move", action="store_true")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    if not args.no_move:
        move()
    paths = args.paths or [ROOT / name for name in ("domain", "adapters", "redemption_core",
                                                     "tests", "bench", "examples", "tools")]
    files = [file for path in paths
             for file in ([path] if path.is_file() else sorted(path.rglob("*.py")))
             if ".venv" not in file.parts and "_generated" not in file.parts]
    for file in files:
        if file.resolve() == Path(__file__).resolve():
            continue
        own, inside = _package_of(file) if file.resolve().is_relative_to(ROOT) else (None,
                                                                                      False)
        if rewrite(file, own, inside):
            print(f"rewrote {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}")


if __name__ == "__main__":
    main()
