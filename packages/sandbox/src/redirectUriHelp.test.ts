import { afterEach, describe, expect, it } from 'vitest'
import { challenge } from './__tests__/sandboxFixture.js'
import { defaultEnvoyClient } from './envoy/envoyClient.js'
import { defaultRhombusClient } from './rhombus/rhombusClient.js'
import { type Sandbox, startSandbox } from './startSandbox.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

const appCallback = 'http://localhost:3000/oauth/callback/rhombus'

function rhombusAuthorize(base: string, redirectUri: string) {
  const url = new URL(`${base}/oauth/authorize`)
  url.search = new URLSearchParams({
    client_id: defaultRhombusClient.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state: 'st4te',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  return url
}

const register = (base: string, body: unknown) =>
  fetch(`${base}/__sandbox/redirect-uris`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** The page's text with tags dropped and entities decoded, the way a reader sees it. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

describe('an unregistered redirect URI: the rejection page says what to do', () => {
  it('Rhombus: shows the URI sent, the ones registered, and the two commands; the first one works as printed', async () => {
    sandbox = await startSandbox()
    const rejected = await fetch(rhombusAuthorize(sandbox.rhombus.consoleUrl, appCallback))
    expect(rejected.status).toBe(400)
    const page = text(await rejected.text())
    expect(page).toContain('The redirect URI is not registered for this client.')
    expect(page).toContain(`The app sent ${appCallback} .`)
    expect(page).toContain(`Registered for client ${defaultRhombusClient.clientId} :`)
    expect(page).toContain(defaultRhombusClient.redirectUris[0])
    expect(page).toContain(`doorway-sandbox --redirect-uri ${appCallback}`)
    const curl = /curl -X POST (\S+) -H 'content-type: application\/json' -d '([^']+)'/.exec(page)
    expect(curl?.[1]).toBe(`${sandbox.url}/__sandbox/redirect-uris`)

    // Run the printed command's request: the same authorize request then shows the consent page.
    const registered = await register(sandbox.url, JSON.parse(curl?.[2] ?? '{}'))
    expect(registered.status).toBe(201)
    expect((await registered.json()).redirectUris).toEqual([
      ...defaultRhombusClient.redirectUris,
      appCallback,
    ])
    const consent = await fetch(rhombusAuthorize(sandbox.rhombus.consoleUrl, appCallback))
    expect(consent.status).toBe(200)
    expect(await consent.text()).toContain('Approve')
  })

  it('Envoy: the same help on its rejection page, registered URIs absolute', async () => {
    sandbox = await startSandbox()
    const url = new URL(`${sandbox.envoy.authUrl}/a/auth/v0/authorize`)
    const sent = 'http://localhost:3000/oauth/callback/envoy'
    url.search = new URLSearchParams({
      client_id: defaultEnvoyClient.clientId,
      redirect_uri: sent,
      response_type: 'code',
      scope: 'locations.read',
    }).toString()
    const rejected = await fetch(url)
    expect(rejected.status).toBe(400)
    const page = text(await rejected.text())
    expect(page).toContain(`The app sent ${sent} .`)
    expect(page).toContain(defaultEnvoyClient.redirectUris[0])
    expect(page).toContain('"provider":"envoy"')
    expect(page).toContain(`doorway-sandbox --redirect-uri ${sent}`)
  })

  it('POST /__sandbox/redirect-uris refuses bad input with a 4xx and changes nothing', async () => {
    sandbox = await startSandbox()
    const cases: [unknown, number, string][] = [
      ['not an object', 400, 'invalid_request'],
      [{ provider: 'okta', clientId: 'x', redirectUri: appCallback }, 400, 'invalid_request'],
      [{ provider: 'rhombus', clientId: '', redirectUri: appCallback }, 400, 'invalid_request'],
      [
        { provider: 'rhombus', clientId: defaultRhombusClient.clientId, redirectUri: 'ftp://x/cb' },
        400,
        'invalid_request',
      ],
      [
        {
          provider: 'rhombus',
          clientId: defaultRhombusClient.clientId,
          redirectUri: `${appCallback}#x`,
        },
        400,
        'invalid_request',
      ],
      [
        { provider: 'rhombus', clientId: 'nobody', redirectUri: appCallback },
        404,
        'unknown_client',
      ],
    ]
    for (const [body, status, error] of cases) {
      const response = await register(sandbox.url, body)
      expect(response.status).toBe(status)
      expect((await response.json()).error).toBe(error)
    }
    // Nothing was registered: the app's callback is still refused.
    const still = await fetch(rhombusAuthorize(sandbox.rhombus.consoleUrl, appCallback))
    expect(still.status).toBe(400)
  })

  it('refuses a cross-site request, as every control route does', async () => {
    sandbox = await startSandbox()
    const response = await fetch(`${sandbox.url}/__sandbox/redirect-uris`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({
        provider: 'rhombus',
        clientId: defaultRhombusClient.clientId,
        redirectUri: 'https://evil.example/cb',
      }),
    })
    expect(response.status).toBe(403)
    const still = await fetch(
      rhombusAuthorize(sandbox.rhombus.consoleUrl, 'https://evil.example/cb'),
    )
    expect(still.status).toBe(400)
  })
})
