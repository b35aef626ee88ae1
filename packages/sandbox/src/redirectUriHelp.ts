import { escapeHtml } from './htmlPage.js'

/** What a rejected authorize request sent, and what its client has registered. */
export interface UnregisteredRedirectUri {
  provider: 'rhombus' | 'envoy'
  clientId: string
  /** The `redirect_uri` (or legacy `redirect`) the request carried. */
  sent: string
  /** The client's registered redirect URIs, absolute. */
  registered: readonly string[]
  /** The sandbox's origin as the browser reached it, e.g. `http://127.0.0.1:4010`. */
  sandboxOrigin: string
}

/**
 * The sandbox's own help under a "redirect URI not registered" page (the provider's text
 * stays above it, as the provider words it): the URI the app sent, the ones registered for
 * its client, and the two commands that register it, at once (the control route
 * `POST /__sandbox/redirect-uris`) or when the sandbox starts (`--redirect-uri`).
 */
export function unregisteredRedirectUriHelp(rejected: UnregisteredRedirectUri): string {
  const body = JSON.stringify({
    provider: rejected.provider,
    clientId: rejected.clientId,
    redirectUri: rejected.sent,
  })
  const now = `curl -X POST ${rejected.sandboxOrigin}/__sandbox/redirect-uris -H 'content-type: application/json' -d '${body}'`
  const atStart = `doorway-sandbox --redirect-uri ${rejected.sent}`
  const code = (text: string) => `<code>${escapeHtml(text)}</code>`
  const registered =
    rejected.registered.length === 0
      ? '<p>None is registered.</p>'
      : `<ul>${rejected.registered.map((uri) => `<li>${code(uri)}</li>`).join('')}</ul>`
  return `<section aria-label="Sandbox help">
<h2>Sandbox help</h2>
<p>The app sent ${code(rejected.sent)}.</p>
<p>Registered for client ${code(rejected.clientId)}:</p>
${registered}
<p>Register it with this sandbox now:</p>
<pre>${escapeHtml(now)}</pre>
<p>or start the standalone sandbox with it:</p>
<pre>${escapeHtml(atStart)}</pre>
</section>`
}
