import { Hono } from 'hono'
import { escapeHtml, htmlPage } from '../htmlPage.js'
import type { VersoriState } from './createVersoriState.js'
import { versoriErrors as errors } from './versoriErrorTexts.js'
import { versoriPaths } from './versoriPrefixes.js'

/**
 * The callback page's only script, inline and allowed by its hash. It answers the
 * handshake of Versori's embed SDK (`getOAuth2Response`): the opener posts
 * `{type: 'hello', payload: {state}}` every 500 ms; when `state` equals the one in this
 * page's own query, the page posts `{type: 'response', payload: {search: location.search}}`
 * back to `event.source`, targeted at `event.origin` (never `*`). Anything else is ignored.
 */
export const versoriCallbackScript = `(function () {
  'use strict';
  var expected = new URLSearchParams(window.location.search).get('state');
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (expected === null || typeof data !== 'object' || data === null) return;
    if (data.type !== 'hello' || typeof data.payload !== 'object' || data.payload === null) return;
    if (data.payload.state !== expected) return;
    if (event.source === null || event.origin === 'null') return;
    event.source.postMessage(
      { type: 'response', payload: { search: window.location.search } },
      event.origin
    );
  });
})();`

/**
 * `GET /oauth/callback` on the Versori origin: the page the provider redirects to. Versori
 * validates `state` on the redirect, so an unknown or expired one gets a 400 page without
 * the script; a known one (with `code` or with `error`) gets the handshake page. The state
 * is spent later, by the connection that exchanges the code.
 */
export function versoriCallbackPage(state: VersoriState): Hono {
  return new Hono().get(versoriPaths.callback, (c) => {
    const value = new URL(c.req.url).searchParams.get('state')
    const initialisation = value === null ? undefined : state.findInitialisation(value)
    if (initialisation === undefined || state.now() >= initialisation.expiresAt) {
      return htmlPage(
        'Connection failed',
        `<p class="badge">Versori sandbox</p>
<h1>Connection failed</h1>
<p class="error">${escapeHtml(errors.callbackInvalidState)}</p>`,
        400,
      )
    }
    return htmlPage(
      'Finishing the connection',
      `<p class="badge">Versori sandbox</p>
<h1>Finishing the connection…</h1>
<p>This window hands the result to the application that opened it, which then closes it.</p>`,
      200,
      versoriCallbackScript,
    )
  })
}
