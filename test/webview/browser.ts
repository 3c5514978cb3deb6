/** Headless Debian Chromium (apt-get install chromium) driven by playwright-core; no browser download. */
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.GAN_LENS_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium (or set GAN_LENS_CHROMIUM).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}

/** One Chromium for the tests of a file: launched before them, closed after. Call at the top level; use the getter in tests. */
export function chromiumPerFile(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: call chromiumPerFile() at the top level of the test file.');
    return browser;
  };
}
