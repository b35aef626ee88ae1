import { type ConsentFetch, submitConsentForm } from '../submitConsentForm.js'
import type { RhombusAccountId } from './rhombusAccounts.js'
import { type RhombusDecision, rhombusApproveDecisions } from './rhombusConsoleRoutes.js'

/** Options of {@link completeRhombusAuthorization}. */
export interface CompleteRhombusAuthorizationOptions {
  /** The button to press. Default `approve`, or the button of `account`. */
  decision?: RhombusDecision
  /**
   * The account to sign in as: presses its approve button ({@link rhombusApproveDecisions}).
   * Ignored when `decision` is given.
   */
  account?: RhombusAccountId
  /**
   * The fetch to use. Default the global one; pass `(input, init) => app.request(input, init)`
   * to drive a {@link createSandboxApp} app without a socket.
   */
  fetch?: ConsentFetch
}

/**
 * Plays the user on the sandbox console without a browser: opens the authorize URL (either
 * dialect), presses one button and returns the callback URL the console redirects to
 * (with `code`, `accessToken` or `error`, and `state`). Throws with the page's message
 * when the console refuses the authorize request.
 */
export async function completeRhombusAuthorization(
  authorizeUrl: string | URL,
  options: CompleteRhombusAuthorizationOptions = {},
): Promise<URL> {
  const decision =
    options.decision ?? (options.account ? rhombusApproveDecisions[options.account] : 'approve')
  return submitConsentForm(authorizeUrl, decision, options.fetch ?? fetch, 'console')
}
