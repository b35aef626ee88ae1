/** Where each Envoy host is served on the sandbox server. */
export const envoyPrefixes = {
  /** `https://app.envoy.com`: the authorize page and the token endpoint. */
  app: '/envoy/app',
  /** `https://api.envoy.com`: the public API. */
  api: '/envoy/api',
} as const

/** The Envoy paths below {@link envoyPrefixes}, exactly as Envoy documents them. */
export const envoyPaths = {
  authorize: '/a/auth/v0/authorize',
  token: '/a/auth/v0/token',
  /** The sandbox's own: where the consent page's form posts the user's decision. */
  decision: '/a/auth/v0/decision',
  locations: '/v1/locations',
} as const
