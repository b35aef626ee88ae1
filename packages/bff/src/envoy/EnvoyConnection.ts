// The wire shapes are the browser's: one definition, in @doorway/core.
export type { EnvoyConnection, EnvoyVia } from '@doorway/core'
export { envoyVias } from '@doorway/core'
