/**
 * The origin a request was addressed to, e.g. `http://127.0.0.1:41234`: the sandbox's own
 * origin as the caller sees it, used to build the absolute URLs one emulated host hands
 * out for another (redirect URIs, authorize URLs).
 */
export function requestOrigin(request: Request): string {
  return new URL(request.url).origin
}
