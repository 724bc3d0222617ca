// A Node.js client of redemption-core's gRPC API (redemption_core.v1.RedemptionService).
//
//   npm ci
//   REDEMPTION_CORE_ADDRESS=127.0.0.1:50051 REDEMPTION_CORE_APP_ID=... \
//   REDEMPTION_CORE_APP_TOKEN=... node client.js
//
// It creates a gift card and a discount voucher, then runs redeem -> stacked redeem ->
// rollback of the stack -> get -> list (the gift card's redemptions and rollbacks), printing
// one JSON line per step. 64-bit integers (money, points) travel as strings
// (`longs: String`), so no amount is ever rounded.
"use strict";

const path = require("node:path");
const crypto = require("node:crypto");
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const PROTO_DIR = process.env.REDEMPTION_CORE_PROTO_DIR || path.join(__dirname, "..", "..", "proto");
const ADDRESS = process.env.REDEMPTION_CORE_ADDRESS || "127.0.0.1:50051";
const APP_ID = process.env.REDEMPTION_CORE_APP_ID || "";
const APP_TOKEN = process.env.REDEMPTION_CORE_APP_TOKEN || "";

const definition = protoLoader.loadSync("redemption_core/v1/redemption_service.proto", {
  includeDirs: [PROTO_DIR],
  keepCase: true, // field names exactly as in the JSON API: snake_case
  longs: String, // int64 money and points as decimal strings
  enums: String, // "RESULT_SUCCESS", ...
  defaults: false,
  oneofs: true, // GetRedemptionResponse.result names the member that is set
});
const v1 = grpc.loadPackageDefinition(definition).redemption_core.v1;
const client = new v1.RedemptionService(ADDRESS, grpc.credentials.createInsecure());

function metadata() {
  const md = new grpc.Metadata();
  md.set("x-app-id", APP_ID);
  md.set("x-app-token", APP_TOKEN);
  return md;
}

function call(method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata(), { deadline: Date.now() + 10000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

function show(step, fields) {
  console.log(JSON.stringify({ step, ...fields }));
}

async function main() {
  const suffix = crypto.randomBytes(4).toString("hex").toUpperCase();
  const gift = `NODE-GIFT-${suffix}`;
  const discount = `NODE-TEN-${suffix}`;
  await call("CreateVoucher", {
    voucher: { code: gift, type: "VOUCHER_TYPE_GIFT_VOUCHER", gift: { amount: "5000" } },
  });
  await call("CreateVoucher", {
    voucher: { code: discount, discount: { type: "DISCOUNT_TYPE_AMOUNT", amount_off: "1000" } },
  });

  const single = await call("Redeem", {
    redeemables: [{ object: "REDEEMABLE_OBJECT_VOUCHER", id: gift, gift: { credits: "1500" } }],
    order: { amount: "10000" },
    request_id: `node-single-${suffix}`,
  });
  const first = single.redemptions[0];
  show("redeem", { id: first.id, amount: first.amount, channel: first.channel.channel_id });

  const stacked = await call("Redeem", {
    redeemables: [
      { object: "REDEEMABLE_OBJECT_VOUCHER", id: discount },
      { object: "REDEEMABLE_OBJECT_VOUCHER", id: gift, gift: { credits: "2000" } },
    ],
    order: { amount: "20000" },
    request_id: `node-stack-${suffix}`,
  });
  const parent = stacked.parent_redemption;
  show("stacked_redeem", {
    parent: parent.id,
    children: stacked.redemptions.map((child) => child.id),
    total_amount: stacked.order.total_amount,
  });

  const undone = await call("RollbackStackedRedemptions", {
    redemption_id: parent.id,
    reason: "node example",
    request_id: `node-undo-${suffix}`,
  });
  show("rollback", {
    parent_rollback: undone.parent_rollback.id,
    rollbacks: undone.rollbacks.map((item) => item.id),
  });

  const found = await call("GetRedemption", { redemption_id: parent.id });
  show("get", { result: found.result, id: found[found.result].id, status: found[found.result].status });

  const page = await call("ListRedemptions", {
    page_size: 10,
    filters: { voucher_code: { is_equal: gift } },
  });
  show("list", {
    total: page.total,
    ids: page.redemptions.map((entry) => entry[entry.entry].id),
  });

  const card = await call("GetVoucher", { code: gift });
  show("balance", { code: gift, balance: card.voucher.gift.balance });
}

main()
  .catch((error) => {
    console.error(`client failed: ${error.code} ${error.details || error.message}`);
    process.exitCode = 1;
  })
  .finally(() => client.close());
