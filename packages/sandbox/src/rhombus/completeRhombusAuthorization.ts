import type { RhombusDecision } from './rhombusConsoleRoutes.js'

/** Options of {@link completeRhombusAuthorization}. */
export interface CompleteRhombusAuthorizationOptions {
  /** The button to press. Default `approve`. */
  decision?: RhombusDecision
  /**
   * The fetch to use. Default the global one; pass `(input, init) => app.request(input, init)`
   * to drive a {@link createSandboxApp} app without a socket.
   */
  fetch?: (input: string, init?: RequestInit) => Promise<Response> | Response
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
  const fetchImpl = options.fetch ?? fetch
  const pageUrl = new URL(authorizeUrl)
  const page = await fetchImpl(pageUrl.href)
  const html = await page.text()
  if (page.status !== 200) {
    throw new Error(
      `The sandbox console refused the authorize request (${page.status}): ${errorText(html)}`,
    )
  }
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  const request = /<input type="hidden" name="request" value="([^"]+)"/.exec(html)?.[1]
  if (action === undefined || request === undefined) {
    throw new Error('The sandbox console page has no decision form.')
  }
  const answer = await fetchImpl(new URL(action, pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision: options.decision ?? 'approve' }).toString(),
    redirect: 'manual',
  })
  const location = answer.headers.get('location')
  if (answer.status !== 302 || location === null) {
    throw new Error(
      `The sandbox console refused the decision (${answer.status}): ${errorText(await answer.text())}`,
    )
  }
  return new URL(location)
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}

/** The message of the console's error page, as plain text. */
function errorText(html: string): string {
  const message = /<p class="error">([^<]*)<\/p>/.exec(html)?.[1] ?? html
  return message.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!)
}
