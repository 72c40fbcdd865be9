import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describeTier } from './tiers';

/** Debian's Chromium (`apt-get install chromium`, which .ci/run does), or another one named by TT_CHROMIUM. */
export const CHROMIUM = process.env.TT_CHROMIUM ?? '/usr/bin/chromium';

/** `describe` where Chromium is installed; else skipped loudly (failing in CI), see `describeTier`. */
export function describeWithBrowser(name: string, body: () => void): void {
  describeTier('browser', name, existsSync(CHROMIUM) ? { available: true } : { available: false, reason: `no Chromium at ${CHROMIUM} (apt-get install chromium, or set TT_CHROMIUM)` }, body);
}

/**
 * Headless Chromium that reaches nothing: a fresh, empty profile, no background networking, every
 * request refused (pages are set from strings and scripts from files), closed with its profile.
 */
export async function offlineBrowser(): Promise<{ readonly context: BrowserContext; readonly close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'tt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.route('**/*', (route) => route.abort());
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
