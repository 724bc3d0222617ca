"""The SQLite row codec: JSON libraries compared on the bodies the store really writes.

Prints, per stored kind (a redemption, its order, its voucher, its event, an
idempotency record), the microseconds to turn the unstructured body into text and back
with the standard library `json`, `orjson` and `msgspec.json`, and the time of the
cattrs unstructure/structure steps around them, so the choice is made on the share of
the whole each part takes. Bodies come from one keyed redemption made by the ledger on a
SQLite store. Same-run ratios against the standard library.

    python bench/bench_codec.py [--number 20000]
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sqlite3
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import structlog

from redemption_core import Ledger
from redemption_core.adapters.sqlite.codec import EntityCodec
from redemption_core.adapters.sqlite.schema import TABLES
from redemption_core.adapters.sqlite.store import SQLiteStore
from redemption_core.domain.model.voucher import VoucherType
from redemption_core.domain.use_cases.commands import (
    CustomerInput,
    OrderInput,
    RedeemableInput,
    RedeemableKind,
    RedeemCommand,
    VoucherInput,
)

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

KINDS = ("redemptions", "orders", "vouchers", "idempotency_records")


def _libraries() -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]:
    found: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
        "json": (
            lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":")),
            json.loads,
        )
    }
    try:  # optional: measured when installed (`pip install orjson`), never a dependency
        orjson: Any = importlib.import_module("orjson")
        found["orjson"] = (orjson.dumps, orjson.loads)
    except ImportError:
        pass
    encoder, decoder = msgspec.json.Encoder(), msgspec.json.Decoder()
    found["msgspec"] = (encoder.encode, decoder.decode)
    return found


def _rows(folder: Path) -> dict[str, tuple[str, int, str]]:
    path = folder / "codec.db"
    store = SQLiteStore(path)
    ledger = Ledger(store)
    ledger.create_voucher(VoucherInput(code="GIFT", type=VoucherType.GIFT_VOUCHER,
                                       gift_amount=50_000))
    ledger.redeem(RedeemCommand(
        redeemables=(RedeemableInput(object=RedeemableKind.VOUCHER, id="GIFT", credits=100,
                                     gift_sent=True),),
        order=OrderInput(source_id="o-1", amount=10_000),
        customer=CustomerInput(source_id="alice", name="Alice")), idempotency_key="k")
    store.close()
    connection = sqlite3.connect(path)
    rows = {
        kind: connection.execute(f"SELECT id, version, body FROM {kind} ORDER BY seq DESC "
                                 "LIMIT 1").fetchone()
        for kind in KINDS
    }
    connection.close()
    return rows


def _time(call: Callable[[], Any], number: int) -> float:
    return min(timeit.repeat(call, number=number, repeat=3)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=20_000)
    number = parser.parse_args().number
    codec = EntityCodec()
    by_name = {table.name: table.kind for table in TABLES.values()}
    libraries = _libraries()
    with tempfile.TemporaryDirectory() as folder:
        rows = _rows(Path(folder))
    print(f"{'body':<22}{'bytes':>7}{'cattrs out':>12}{'cattrs in':>11}", end="")
    for name in libraries:
        print(f"{name + ' out':>14}{name + ' in':>12}", end="")
    print()
    for table, (entity_id, version, body) in rows.items():
        kind = by_name[table]
        entity = codec.decode(kind, entity_id, version, body)
        plain = json.loads(body)
        out = _time(lambda entity=entity: codec.converter.unstructure(entity), number)
        fields = {**plain, "id": entity_id, "version": version}
        into = _time(lambda fields=fields, kind=kind: codec.converter.structure(fields, kind),
                     number)
        print(f"{table:<22}{len(body):>7}{out:>10.1f}us{into:>9.1f}us", end="")
        for dumps, loads in libraries.values():
            text = dumps(plain)
            dumped = _time(lambda plain=plain, dumps=dumps: dumps(plain), number)
            loaded = _time(lambda text=text, loads=loads: loads(text), number)
            print(f"{dumped:>12.2f}us{loaded:>10.2f}us", end="")
        print()


if __name__ == "__main__":
    main()
