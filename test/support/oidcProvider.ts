import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** The one client registered at the provider: confidential, `client_secret_basic`. */
export interface OidcClient {
  clientId: string
  clientSecret: string
  redirectUri: string
}

export interface OidcProviderOptions {
  /** Seconds an authorization code lives. Default 10. */
  codeTtlSeconds?: number
  /** Overrides of the registered client. */
  client?: Partial<OidcClient>
}

/** One token request as the provider received it (headers only: the body is the provider's to read). */
export interface OidcTokenRequest {
  authorization: string | undefined
  contentType: string | undefined
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer identifier, also in every authorization response's `iss`. */
  issuer: string
  /** The discovery document (`/.well-known/openid-configuration`) as served. */
  metadata: {
    issuer: string
    authorization_endpoint: string
    token_endpoint: string
    authorization_response_iss_parameter_supported?: boolean
    code_challenge_methods_supported?: string[]
  } & Record<string, unknown>
  client: OidcClient
  /** Every `POST /token`, in order. */
  tokenRequests: OidcTokenRequest[]
  /** Errors oidc-provider reported as `server_error` (a test should expect none). */
  serverErrors: unknown[]
  /** Stops listening and drops every open connection. */
  close(): Promise<void>
}

/**
 * A real, independent authorization server: panva's `oidc-provider` (v9) on 127.0.0.1 on a
 * free port, with one confidential client (`client_secret_basic`, redirect URI on
 * localhost), PKCE (S256) required for it, `redirect_uri` required in both the
 * authorization and the token request, short-lived codes, the dev login and consent pages
 * enabled, and the in-memory adapter. v9 always puts `iss` in authorization
 * responses (RFC 9207) and says so in its metadata
 * (`authorization_response_iss_parameter_supported: true`); it prints a few
 * development-only warnings (and "Unsupported runtime" on Node 20), which are expected.
 */
export async function startOidcProvider(
  options: OidcProviderOptions = {},
): Promise<RunningOidcProvider> {
  const client: OidcClient = {
    clientId: 'doorway-bff',
    clientSecret: `oidc-SECRET-${randomBytes(16).toString('hex')}`,
    redirectUri: 'http://localhost:5173/oauth/callback/oidc',
    ...options.client,
  }
  const tokenRequests: OidcTokenRequest[] = []
  const serverErrors: unknown[] = []
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.split('?')[0] === '/token') {
      tokenRequests.push({
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
      })
    }
    if (handle) handle(req, res)
    else res.writeHead(503).end()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const issuer = `http://127.0.0.1:${port}`
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })

  try {
    const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'jwk',
    })
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: client.clientId,
          client_secret: client.clientSecret,
          redirect_uris: [client.redirectUri],
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      // Strict RFC 6749 §4.1.3: the token request must repeat redirect_uri.
      allowOmittingSingleRegisteredRedirectUri: false,
      features: { devInteractions: { enabled: true } },
      scopes: ['openid'],
      findAccount: (_ctx: unknown, accountId: string) => ({
        accountId,
        claims: () => ({ sub: accountId }),
      }),
      jwks: { keys: [{ ...signingKey, kid: 'test-rs256', use: 'sig', alg: 'RS256' }] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      ttl: {
        AuthorizationCode: options.codeTtlSeconds ?? 10,
        AccessToken: 300,
        IdToken: 300,
        Interaction: 300,
        Session: 300,
        Grant: 300,
      },
    })
    provider.on('server_error', (_ctx: unknown, error: unknown) => {
      serverErrors.push(error)
    })
    handle = provider.callback()
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`)
    if (!discovery.ok) throw new Error(`discovery failed: HTTP ${discovery.status}`)
    const metadata = (await discovery.json()) as RunningOidcProvider['metadata']
    return { issuer, metadata, client, tokenRequests, serverErrors, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** A fresh PKCE pair (RFC 7636): 43-character verifier, S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export interface OidcAuthorizationRequest {
  state: string
  codeChallenge: string
  /** Default `openid`. */
  scope?: string
  /** Default the registered client's. */
  redirectUri?: string
  /** The account id typed on the dev login page. Default `alice`. */
  login?: string
}

/**
 * Plays the user at the provider without a browser: sends the authorization request
 * (`response_type=code`, PKCE S256), follows redirects by hand keeping the provider's
 * cookies, fills the dev login form (any login and password) and the consent form, and
 * resolves to the redirect back to the client (the authorization response, with `code`,
 * `state` and `iss`) without following it.
 */
export async function authorizeAtOidcProvider(
  provider: RunningOidcProvider,
  request: OidcAuthorizationRequest,
): Promise<URL> {
  const redirectUri = request.redirectUri ?? provider.client.redirectUri
  const cookies = new Map<string, string>()
  let url = new URL(provider.metadata.authorization_endpoint)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: provider.client.clientId,
    redirect_uri: redirectUri,
    scope: request.scope ?? 'openid',
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  }).toString()
  let form: URLSearchParams | undefined

  for (let step = 0; step < 16; step++) {
    const headers: Record<string, string> = {}
    if (cookies.size > 0) {
      headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form?.toString() ?? null,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? ''
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name)
      else cookies.set(name, value)
    }
    form = undefined
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel()
      const next = new URL(location, url)
      if (`${next.origin}${next.pathname}` === redirectUri) return next
      url = next
      continue
    }
    const html = await response.text()
    const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1]
    if (response.status !== 200 || prompt === undefined) {
      throw new Error(
        `unexpected answer at ${url.pathname}: HTTP ${response.status} ${html.slice(0, 400)}`,
      )
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (action) url = new URL(action, url)
    form =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login: request.login ?? 'alice', password: 'any' })
        : new URLSearchParams({ prompt })
  }
  throw new Error('the authorization did not come back to the client within 16 steps')
}
