/** Every scope Envoy documents (`shared/providers/envoy.md`, "Known scopes"), in its order. */
export const envoyScopes = [
  'flows.read',
  'entries.read',
  'entries.write',
  'invites.read',
  'invites.write',
  'invites.attest',
  'locations.read',
  'companies.read',
  'agreements.read',
  'agreements.write',
  'sign-in-field-pages.read',
  'sign-in-fields.read',
  'sign-in-fields.write',
  'employees.read',
  'employees.write',
  'badges.read',
  'blacklist-filters.read',
  'blacklist-filters.write',
  'tickets.read',
  'tickets.write',
  'spaces.read',
  'reservations.read',
  'reservations.write',
  'token.refresh',
] as const

/** One of {@link envoyScopes}. */
export type EnvoyScope = (typeof envoyScopes)[number]

const known: ReadonlySet<string> = new Set(envoyScopes)

/** True when `scope` is one of {@link envoyScopes}. */
export function isEnvoyScope(scope: string): scope is EnvoyScope {
  return known.has(scope)
}
