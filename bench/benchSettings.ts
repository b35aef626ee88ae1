/**
 * The one OAuth client, app and BFF secret every bench script uses, so that the sandbox,
 * the BFF and the bare comparison server agree without passing them around. Nothing here
 * is a real secret: the sandbox is the only provider the benchmarks talk to.
 */
export const benchSettings = {
  /** Registered at the bench's sandbox (oauth2 dialect) with {@link benchSettings.redirectUri}. */
  clientId: 'bench-client',
  clientSecret: 'bench-client-secret',
  /** The app's callback, as the BFF is configured with and every exchange presents it. */
  redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
  /** The app's origin: sent as `Origin` by the load and latency drivers, as a browser would. */
  appOrigin: 'http://localhost:5173',
  /** Seals session cookies in the BFF; the bare server decrypts with the same key. */
  sessionSecret: 'bench-session-secret-0123456789abcdef0123',
  /**
   * One PKCE pair for every code the drivers mint (RFC 7636 Appendix B): the sandbox binds
   * each code to the challenge, the exchange presents the verifier. Reusing the pair costs
   * nothing in a benchmark and keeps the verifier out of the per-request work.
   */
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  /** Codes outlive the whole run (10,000 are minted before the load starts). */
  codeTtlSeconds: 3600,
} as const
