import type { MiddlewareHandler } from 'hono'
import { jsonResponse } from './jsonResponse.js'

/** The `error_description`s of a refused control request (403, `{error, error_description}`). */
export const sandboxControlErrors = {
  crossSite:
    'Refused: a cross-site request (Sec-Fetch-Site: cross-site). The sandbox control routes answer the sandbox itself, local tools and pages on loopback origins only.',
  foreignOrigin:
    'Refused: the Origin is not a loopback origin (localhost, 127.0.0.0/8, [::1]) nor the sandbox’s own host. The sandbox control routes answer local pages only.',
  foreignHost:
    'Refused: the Host header names neither a loopback host (localhost, 127.0.0.0/8, [::1]) nor the sandbox’s own host (a DNS-rebinding guard). Reach the sandbox by a loopback address, or list the name in allowedHosts.',
} as const

/** Options of {@link sandboxControlGuard}. */
export interface SandboxControlGuardOptions {
  /**
   * Host names accepted besides loopback in `Host` and `Origin`, e.g. the name the sandbox
   * is reached by in a container network. {@link startSandbox} adds the host it listens on.
   */
  allowedHosts?: readonly string[]
}

/**
 * SECURITY 32: the control routes run next to a developer's browser, so any web page could
 * try them. Refuses (403) a request with `Sec-Fetch-Site: cross-site`, with an `Origin`
 * whose host is neither loopback nor allowed (an opaque `null` origin included), or with a
 * `Host` header whose host is neither (DNS rebinding: a page of a foreign name resolved to
 * 127.0.0.1 is same-origin for the browser, but still sends its own name). Requests with
 * neither header, as from Node or `app.request(...)`, pass; so do pages on any loopback
 * port (the demo), which are same-site.
 */
export function sandboxControlGuard(options: SandboxControlGuardOptions = {}): MiddlewareHandler {
  const allowed = new Set(
    (options.allowedHosts ?? []).flatMap((host) => {
      const name = hostnameOf(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)
      return name === undefined ? [] : [name]
    }),
  )
  const isAllowed = (hostname: string | undefined) =>
    hostname !== undefined && (isLoopbackHostname(hostname) || allowed.has(hostname))
  return async (c, next) => {
    const headers = c.req.raw.headers
    if (headers.get('sec-fetch-site')?.toLowerCase() === 'cross-site') {
      return refuse('cross_site_request', sandboxControlErrors.crossSite)
    }
    const origin = headers.get('origin')
    if (origin !== null && !isAllowed(originHostname(origin))) {
      return refuse('cross_site_request', sandboxControlErrors.foreignOrigin)
    }
    const host = headers.get('host')
    if (host !== null && !isAllowed(hostnameOf(host))) {
      return refuse('foreign_host', sandboxControlErrors.foreignHost)
    }
    await next()
  }
}

/**
 * Whether a URL host name (as `URL.hostname` gives it: lower case, IPv4 normalised, IPv6
 * bracketed) is loopback: `localhost`, `127.0.0.0/8` or `[::1]`.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

function refuse(error: 'cross_site_request' | 'foreign_host', description: string): Response {
  return jsonResponse({ error, error_description: description }, 403)
}

/** The host name of a `Host` header value (`name[:port]`, `[v6][:port]`), if well formed. */
function hostnameOf(host: string): string | undefined {
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) return undefined
  try {
    return new URL(`http://${host}`).hostname
  } catch {
    return undefined
  }
}

/** The host name of a serialised origin; `undefined` for `null` (opaque) or garbage. */
function originHostname(origin: string): string | undefined {
  if (!URL.canParse(origin)) return undefined
  const url = new URL(origin)
  return url.origin === 'null' ? undefined : url.hostname
}
