/** The fetch the `complete…Authorization` helpers use: the global one, or an app's. */
export type ConsentFetch = (input: string, init?: RequestInit) => Promise<Response> | Response

/**
 * Plays the user on one of the sandbox's consent pages without a browser: opens the
 * authorize URL, submits the page's decision form with `decision` and returns the URL it
 * redirects to. `page` names the page in the errors thrown when it refuses.
 */
export async function submitConsentForm(
  authorizeUrl: string | URL,
  decision: string,
  fetchImpl: ConsentFetch,
  page: string,
): Promise<URL> {
  const pageUrl = new URL(authorizeUrl)
  const response = await fetchImpl(pageUrl.href)
  const html = await response.text()
  if (response.status !== 200) {
    throw new Error(
      `The sandbox ${page} refused the authorize request (${response.status}): ${errorText(html)}`,
    )
  }
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  const request = /<input type="hidden" name="request" value="([^"]+)"/.exec(html)?.[1]
  if (action === undefined || request === undefined) {
    throw new Error(`The sandbox ${page} has no decision form.`)
  }
  const answer = await fetchImpl(new URL(action, pageUrl).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, decision }).toString(),
    redirect: 'manual',
  })
  const location = answer.headers.get('location')
  if (answer.status !== 302 || location === null) {
    throw new Error(
      `The sandbox ${page} refused the decision (${answer.status}): ${errorText(await answer.text())}`,
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

/** The message of a sandbox error page, as plain text. */
function errorText(html: string): string {
  const message = /<p class="error">([^<]*)<\/p>/.exec(html)?.[1] ?? html
  return message.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!)
}
