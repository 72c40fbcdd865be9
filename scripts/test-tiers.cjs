// The test tiers, told apart by folder: a test file under a folder named after a tier belongs to that
// tier (`__tests__/review/terraform/plan-review.test.ts` is terraform's); every other test file is unit.
// jest.config.js makes one jest project of each, scripts/test.cjs runs and summarises them, and
// __tests__/support/tiers.ts records the ones that cannot run here. A new tier is one line below.
'use strict';

/** @type {readonly { name: string; needs: string }[]} The tiers besides unit, with what each needs to run. */
const FOLDER_TIERS = [
  { name: 'behaviour', needs: 'bash and python3 (boot scripts under stub commands), terraform on PATH (renders user data); root, ip and nft for the NAT packet test' },
  { name: 'terraform', needs: 'terraform on PATH and the AWS provider in a filesystem mirror (TT_TF_PLUGIN_MIRROR)' },
  { name: 'policy', needs: 'Checkov (real scans of the synthesized stacks)' },
  { name: 'browser', needs: 'headless Chromium' },
];

const TIER_NAMES = ['unit', ...FOLDER_TIERS.map((tier) => tier.name)];

/** The tier of a test file, by its path (either separator). */
function tierOf(path) {
  const folders = String(path).split(/[\\/]/).slice(0, -1);
  return FOLDER_TIERS.find((tier) => folders.includes(tier.name))?.name ?? 'unit';
}

module.exports = { FOLDER_TIERS, TIER_NAMES, tierOf };
