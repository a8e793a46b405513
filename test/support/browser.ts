import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's chromium (installed by .ci/run when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless chromium for the browser checks: no sandbox (CI runs as root), nothing fetched from the network by the browser itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
