// The official Voucherify Node SDK (@voucherify/sdk) against redemption-core's HTTP API.
//
//   REDEMPTION_CORE_URL=http://127.0.0.1:8080 APP_ID=my-app APP_TOKEN=s3cret \
//   CLIENT_ID=my-web CLIENT_TOKEN=pub node cycle.js
//
// Creates a discount voucher, a gift card and a loyalty card (with its program, member and
// reward), redeems a stack, reads it back, lists redemptions with filters, rolls the stack
// back, reads the customer and its activity, redeems a loyalty reward, and redeems with a
// client-side key. Every check is an assertion on what the SDK returned; the last line on
// standard output is a JSON summary (tests/http/test_node_sdk.py reads it).
'use strict';

const assert = require('node:assert/strict');
const { VoucherifyServerSide, VoucherifyClientSide } = require('@voucherify/sdk');

const apiUrl = process.env.REDEMPTION_CORE_URL || 'http://127.0.0.1:8080';
const client = VoucherifyServerSide({
  applicationId: process.env.APP_ID,
  secretKey: process.env.APP_TOKEN,
  apiUrl,
});

async function catalog() {
  const save = await client.vouchers.create({
    code: 'SAVE10', type: 'DISCOUNT_VOUCHER',
    discount: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ORDER' },
    redemption: { quantity: 5 },
  });
  assert.equal(save.discount.percent_off, 10);
  const gift = await client.vouchers.create({
    code: 'GIFT-A', type: 'GIFT_VOUCHER', gift: { amount: 5000 },
  });
  assert.equal(gift.gift.balance, 5000);
  const program = await client.campaigns.create({
    name: 'Loyalty', campaign_type: 'LOYALTY_PROGRAM',
    voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } },
  });
  const card = await client.vouchers.create({
    code: 'CARD-1', type: 'LOYALTY_CARD', campaign_id: program.id,
    loyalty_card: { points: 1000 },
  });
  assert.equal(card.loyalty_card.balance, 1000);
  const member = await client.loyalties.createMember(program.id, {
    customer: { source_id: 'alice', name: 'Alice' }, voucher: 'CARD-1',
  });
  assert.equal(member.code, 'CARD-1');
  const reward = await client.rewards.create({
    name: 'mug', parameters: { product: { id: 'prod_mug' } },
  });
  const [assignment] = await client.loyalties.createRewardAssignments(program.id, [
    { reward: reward.id, parameters: { loyalty: { points: 300 } } },
  ]);
  assert.equal(assignment.parameters.loyalty.points, 300);
  return { programId: program.id, rewardId: reward.id };
}

async function redeemAndRollBack() {
  const stacked = await client.redemptions.redeemStackable({
    redeemables: [
      { object: 'voucher', id: 'SAVE10' },
      { object: 'voucher', id: 'GIFT-A', gift: { credits: 2000 } },
    ],
    order: { source_id: 'o-1', amount: 10000 },
    customer: { source_id: 'alice' },
  });
  assert.deepEqual(stacked.redemptions.map((r) => r.result), ['SUCCESS', 'SUCCESS']);
  assert.equal(stacked.order.total_amount, 7000);
  const parentId = stacked.parent_redemption.id;
  const got = await client.redemptions.get(parentId);
  assert.equal(got.status, 'SUCCEEDED');
  const listed = await client.redemptions.list({
    limit: 10, result: 'SUCCESS', customer: 'alice', order: '-created_at',
  });
  assert.equal(listed.total, 3);
  const forGift = await client.redemptions.getForVoucher('GIFT-A');
  assert.equal(forGift.redeemed_quantity, 1);
  const rolled = await client.redemptions.rollbackStackable(parentId, { reason: 'refund' });
  assert.equal(rolled.parent_rollback.status, 'SUCCEEDED');
  assert.equal(rolled.rollbacks.length, 2);
  const gift = await client.vouchers.get('GIFT-A');
  assert.equal(gift.gift.balance, 5000);
  return { parentId, listed: listed.total, rollbacks: rolled.rollbacks.length };
}

async function customer() {
  const alice = await client.customers.get('alice');
  assert.equal(alice.source_id, 'alice');
  const activity = await client.customers.listActivity('alice', { limit: 50 });
  const types = activity.data.map((entry) => entry.type);
  assert.ok(types.includes('customer.redemption.succeeded'));
  assert.ok(types.includes('customer.redemption.rollback.succeeded'));
  return { customerId: alice.id, activities: types.length };
}

async function clientSide() {
  await client.vouchers.create({ code: 'GIFT-B', type: 'GIFT_VOUCHER', gift: { amount: 1000 } });
  const publicClient = VoucherifyClientSide({
    clientApplicationId: process.env.CLIENT_ID,
    clientSecretKey: process.env.CLIENT_TOKEN,
    apiUrl,
    origin: 'https://shop.example',
  });
  const redeemed = await publicClient.redeemStackable({
    redeemables: [{ object: 'voucher', id: 'GIFT-B', gift: { credits: 400 } }],
    order: { amount: 1000 },
  });
  assert.equal(redeemed.redemptions[0].result, 'SUCCESS');
  return redeemed.redemptions[0].channel.channel_id;
}

async function main() {
  const { programId, rewardId } = await catalog();
  const stack = await redeemAndRollBack();
  const seen = await customer();
  const reward = await client.loyalties.redeemReward(programId, 'CARD-1', {
    reward: { id: rewardId },
  });
  assert.equal(reward.result, 'SUCCESS');
  assert.equal(reward.voucher.loyalty_card.balance, 700);
  const clientChannel = await clientSide();
  console.log(JSON.stringify({
    ...stack, ...seen, cardBalance: reward.voucher.loyalty_card.balance, clientChannel,
  }));
}

main().catch((error) => {
  console.error(error && error.json ? JSON.stringify(error.json) : error);
  process.exit(1);
});
