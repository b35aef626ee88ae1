import { type Browser, chromium } from 'playwright-core'

/**
 * Debian's Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium), headless, driven by
 * playwright-core with the launch arguments of test/support/browser.ts, so the bench
 * sees the browser the end-to-end tests see.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}
