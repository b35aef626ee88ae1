/** The browser's half of a code exchange: what came back on the callback, plus the PKCE verifier. */
export interface RhombusCodeGrant {
  code: string
  codeVerifier: string
  redirectUri: string
}
