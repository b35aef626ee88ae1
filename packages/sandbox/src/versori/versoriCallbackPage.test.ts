import { createHash } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { origin, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { versoriCallbackScript } from './versoriCallbackPage.js'
import { defaultVersoriData } from './versoriData.js'
import { versoriErrors as errors } from './versoriErrorTexts.js'

const hub = defaultVersoriData.hubs[0]!
const connector = defaultVersoriData.connectors[0]!
const credential = defaultVersoriData.credentials[0]!

/** A state issued by initialise, and the callback URL a provider would redirect to. */
async function issued(sandbox: ReturnType<typeof sandboxFixture>) {
  const response = await sandbox.versori(
    'POST',
    `/api/embedded/v1/embed/${hub.id}/connector/${connector.id}/oauth2/initialise`,
    {
      authorizeUrl: `${origin}/envoy/app/a/auth/v0/authorize`,
      clientId: credential.clientId,
      credential: { id: credential.id, organisationId: credential.organisationId },
      scopes: ['locations.read'],
      disableOfflineAccess: true,
    },
  )
  const url = new URL((await response.json()).url)
  const redirectUri = url.searchParams.get('redirect_uri')!
  const state = url.searchParams.get('state')!
  return { state, callback: `${redirectUri}?code=c0de&state=${encodeURIComponent(state)}` }
}

const scriptOf = (html: string) => /<script>([\s\S]*)<\/script>/.exec(html)?.[1]

/**
 * Runs the page's script against a fake window whose query is `search`, and returns a
 * function that dispatches a `message` event and reports what the page posted back.
 */
function runScript(script: string, search: string) {
  let listener: ((event: unknown) => void) | undefined
  const window = {
    location: { search },
    addEventListener: (type: string, handler: (event: unknown) => void) => {
      if (type === 'message') listener = handler
    },
  }
  runInNewContext(script, { window, URLSearchParams })
  return (data: unknown, eventOrigin = 'http://localhost:5173', withSource = true) => {
    const posted: Array<[unknown, string]> = []
    const source = withSource
      ? { postMessage: (message: unknown, target: string) => posted.push([message, target]) }
      : null
    listener?.({ data, origin: eventOrigin, source })
    return posted
  }
}

describe('Versori OAuth 2.0 callback page', () => {
  it('serves the handshake page on the Versori origin for a state initialise issued', async () => {
    const sandbox = sandboxFixture()
    const { callback } = await issued(sandbox)
    expect(callback.startsWith(`${origin}/versori/platform/oauth/callback?`)).toBe(true)
    const response = await sandbox.request(callback)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await response.text()
    expect(scriptOf(html)).toBe(versoriCallbackScript)
  })

  it('allows exactly its own inline script by hash and loads nothing external', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request((await issued(sandbox)).callback)
    const html = await response.text()
    const hash = createHash('sha256').update(scriptOf(html)!, 'utf8').digest('base64')
    const policy = response.headers.get('content-security-policy')!
    expect(policy).toContain("default-src 'none'")
    const directives = policy.split(';').map((directive) => directive.trim())
    expect(directives.filter((d) => d.startsWith('script-src'))).toEqual([
      `script-src 'sha256-${hash}'`,
    ])
    expect(html).not.toMatch(/<(link|img|iframe)\b/i)
    expect(html).not.toMatch(/(src|href)=/i)
    expect(html.match(/<script\b/g)).toHaveLength(1)
  })

  it('answers hello with its own state by posting {type: response, payload: {search}} to the source, at the event origin', () => {
    const search = '?code=c0de&state=st-1'
    const send = runScript(versoriCallbackScript, search)
    expect(send({ type: 'hello', payload: { state: 'st-1' } })).toEqual([
      [{ type: 'response', payload: { search } }, 'http://localhost:5173'],
    ])
  })

  it('answers error callbacks the same way (the opener parses search)', () => {
    const search = '?error=access_denied&state=st-1'
    const send = runScript(versoriCallbackScript, search)
    expect(send({ type: 'hello', payload: { state: 'st-1' } })).toEqual([
      [{ type: 'response', payload: { search } }, 'http://localhost:5173'],
    ])
  })

  it.each([
    ['another state', { type: 'hello', payload: { state: 'st-2' } }],
    ['no state', { type: 'hello', payload: {} }],
    ['no payload', { type: 'hello' }],
    ['another type', { type: 'response', payload: { state: 'st-1' } }],
    ['a string', 'hello'],
    ['null', null],
  ])('ignores a message with %s', (_, data) => {
    const send = runScript(versoriCallbackScript, '?code=c0de&state=st-1')
    expect(send(data)).toEqual([])
  })

  it('ignores messages from an opaque origin or without a source', () => {
    const send = runScript(versoriCallbackScript, '?code=c0de&state=st-1')
    const hello = { type: 'hello', payload: { state: 'st-1' } }
    expect(send(hello, 'null')).toEqual([])
    expect(send(hello, 'http://localhost:5173', false)).toEqual([])
  })

  it('never answers when its own query has no state', () => {
    const send = runScript(versoriCallbackScript, '?code=c0de')
    expect(send({ type: 'hello', payload: { state: null } })).toEqual([])
    expect(send({ type: 'hello', payload: { state: '' } })).toEqual([])
  })

  it('refuses an unknown or expired state with a 400 page and no script', async () => {
    const sandbox = sandboxFixture()
    const unknown = await sandbox.request('/versori/platform/oauth/callback?code=c&state=forged')
    expect(unknown.status).toBe(400)
    const html = await unknown.text()
    expect(html).not.toContain('<script')
    expect(html).toContain(errors.callbackInvalidState.replaceAll("'", '&#39;'))
    const { callback } = await issued(sandbox)
    sandbox.advance(600_000)
    expect((await sandbox.request(callback)).status).toBe(400)
  })
})
