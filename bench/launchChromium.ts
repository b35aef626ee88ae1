/** Debian's Chromium with the end-to-end tests' launch arguments: the bench sees their browser. */
export { launchChromium } from '../test/support/browser.js'
