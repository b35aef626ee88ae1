import { type ConsentFetch, submitConsentForm } from '../submitConsentForm.js'
import type { EnvoyDecision } from './envoyAuthorizeRoutes.js'

/** Options of {@link completeEnvoyAuthorization}. */
export interface CompleteEnvoyAuthorizationOptions {
  /** The button to press. Default `approve`. */
  decision?: EnvoyDecision
  /**
   * The fetch to use. Default the global one; pass `(input, init) => app.request(input, init)`
   * to drive a {@link createSandboxApp} app without a socket.
   */
  fetch?: ConsentFetch
}

/**
 * Plays the Envoy admin on the sandbox's OAuth prompt without a browser: opens the
 * authorize URL, presses Approve or Deny and returns the URL Envoy redirects to (the
 * app's redirect URI with `code` or `error=access_denied`, and `state` when one was
 * sent). Throws with the page's message when the prompt refuses the request.
 */
export async function completeEnvoyAuthorization(
  authorizeUrl: string | URL,
  options: CompleteEnvoyAuthorizationOptions = {},
): Promise<URL> {
  return submitConsentForm(
    authorizeUrl,
    options.decision ?? 'approve',
    options.fetch ?? fetch,
    'Envoy OAuth prompt',
  )
}
