/** The session cookie's name over plain HTTP. */
export const SESSION_COOKIE = 'doorway_session'

/**
 * `__Host-doorway_session` when `request` arrived over HTTPS (directly or, per
 * `X-Forwarded-Proto`, through a TLS-terminating proxy) and cookies are secure; otherwise
 * `doorway_session`. The prefix makes browsers insist on `Secure`, `Path=/` and no `Domain`.
 */
export function sessionCookieName(request: Request, secureCookies: boolean): string {
  if (!secureCookies) return SESSION_COOKIE
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  const https = new URL(request.url).protocol === 'https:' || forwarded === 'https'
  return https ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE
}
