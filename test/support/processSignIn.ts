import { completeRhombusAuthorization, defaultRhombusClient, type Sandbox } from '@doorway/sandbox'
import type { BffProcess } from './startBffProcess.js'

/** The app origin of the BFF processes (`DOORWAY_APP_ORIGIN`'s default), and its Rhombus callback. */
export const appOrigin = 'http://localhost:5173'
export const rhombusRedirectUri = `${appOrigin}/oauth/callback/rhombus`
// RFC 7636 Appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

/** The headers the Doorway browser client sends (origin, CSRF header, JSON), and the cookie. */
export function bffHeaders(cookie?: string): Record<string, string> {
  return {
    origin: appOrigin,
    'x-doorway-csrf': '1',
    'content-type': 'application/json',
    ...(cookie ? { cookie } : {}),
  }
}

/** `POST {bff}{path}` with a JSON body, as the browser client sends it. */
export function postToBff(bff: BffProcess, path: string, body: unknown, cookie?: string) {
  return fetch(`${bff.url}${path}`, {
    method: 'POST',
    headers: bffHeaders(cookie),
    body: JSON.stringify(body),
  })
}

/**
 * Signs in through `bff` with the sandbox console (oauth2 dialect, the standard account) and
 * returns the session cookie pair; throws unless the exchange answers 200.
 */
export async function signInThroughBff(sandbox: Sandbox, bff: BffProcess): Promise<string> {
  const authorize = new URL(`${sandbox.rhombus.consoleUrl}/oauth/authorize`)
  authorize.search = new URLSearchParams({
    client_id: defaultRhombusClient.clientId,
    redirect_uri: rhombusRedirectUri,
    response_type: 'code',
    state: 'state-rhombus-0123456789abcdef0123456789',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  const code = (await completeRhombusAuthorization(authorize)).searchParams.get('code')
  const response = await postToBff(bff, '/auth/rhombus/exchange', {
    code,
    codeVerifier: verifier,
    redirectUri: rhombusRedirectUri,
  })
  if (response.status !== 200) throw new Error(`sign-in failed: ${await response.text()}`)
  return response.headers.get('set-cookie')?.split(';')[0] ?? ''
}
