// The change review read from real offline plans (eight terraform plans, about 1.5 minutes on two
// cores): a tier of its own, outside `npm test`, which CI runs after it.
process.env.TT_CHANGE_PLANS = '1';
require('jest').run(['--ci', '__tests__/change/real-plan', ...process.argv.slice(2)]);
