import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, in a profile of its own: the browser the dashboard tests drive
 * (never a downloaded one), without the background traffic a first run would start.
 */
export function launchChromium(
  profileDir: string,
  options: { locale: string; viewport: { width: number; height: number } },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    locale: options.locale,
    viewport: options.viewport,
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
