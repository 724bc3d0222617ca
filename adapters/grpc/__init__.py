"""The gRPC adapter: `redemption_core.v1.RedemptionService` over the `Ledger`.

- `servicer`: thin methods, protobuf -> command (`decode`) -> `Ledger` -> protobuf (`encode`);
- `interceptor`: authentication, the canonical log line, domain errors -> rich status
  (`errors`, one table);
- `server`: the server factory (options explicit), health and reflection;
- `serve`: the `redemption-core serve` command with graceful shutdown.

The protobuf stubs live in the private `_generated` package (tools/gen_protos.sh).
"""
