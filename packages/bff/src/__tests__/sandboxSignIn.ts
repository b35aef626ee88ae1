import { completeRhombusAuthorization, type RhombusDecision, type Sandbox } from '@doorway/sandbox'
import type { DoorwayBff } from '../createDoorwayBff.js'
import {
  bffRequest,
  cookieOf,
  redirectUri,
  type TestBffOptions,
  testBff,
  verifier,
} from './bffTestKit.js'

/** S256 of {@link verifier} (RFC 7636 Appendix B). */
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

/**
 * A BFF whose Rhombus is `sandbox` (oauth2 dialect), reached over the real network;
 * `options.rhombus` overrides settings.
 */
export function sandboxBff(sandbox: Sandbox, options: TestBffOptions = {}) {
  return testBff({
    fetch: (url, init) => fetch(url, init),
    ...options,
    rhombus: {
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      redirectUri,
      consoleUrl: sandbox.rhombus.consoleUrl,
      authUrl: sandbox.rhombus.authWebUrl,
      apiUrl: sandbox.rhombus.apiUrl,
      ...options.rhombus,
    },
  })
}

/** Plays the user on the sandbox console (`decision`) and returns the authorization code. */
export async function authorizeAtSandbox(
  sandbox: Sandbox,
  decision: RhombusDecision,
  clientId = 'sandbox-client',
): Promise<string> {
  const url = new URL(`${sandbox.rhombus.consoleUrl}/oauth/authorize`)
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    state: 'state-0123456789abcdef0123456789abcdef',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  const callback = await completeRhombusAuthorization(url, { decision })
  const code = callback.searchParams.get('code')
  if (code === null) throw new Error(`no code in ${callback.href}`)
  return code
}

/** `POST /bff/auth/rhombus/exchange` of `code`, as the browser client sends it. */
export async function exchangeAtBff(app: DoorwayBff, code: string): Promise<Response> {
  return app.request(
    bffRequest('POST', '/bff/auth/rhombus/exchange', {
      body: { code, codeVerifier: verifier, redirectUri },
    }),
  )
}

/**
 * Signs in through the BFF as the sandbox's standard or partner account (the user presses
 * the button on the sandbox console, the BFF exchanges the code) and returns the cookie pair.
 * Sandbox access tokens name their user (`sub`), so each account is one Doorway user id.
 */
export async function signInAtSandbox(
  sandbox: Sandbox,
  app: DoorwayBff,
  account: 'standard' | 'partner',
  /** Fail unless the session's partner flag matches the account. */
  check = true,
): Promise<string> {
  const code = await authorizeAtSandbox(
    sandbox,
    account === 'partner' ? 'approve_partner' : 'approve',
  )
  const response = await exchangeAtBff(app, code)
  const session = (await response.json()) as { isPartner?: boolean }
  if (response.status !== 200 || (check && session.isPartner !== (account === 'partner'))) {
    throw new Error(`sign-in as ${account} failed: ${JSON.stringify(session)}`)
  }
  return cookieOf(response)
}
