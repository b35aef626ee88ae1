import { errorHints } from '@doorway/core'
import type { BffErrorCode } from './BffErrorCode.js'

/** One-line remedies for every code with one: `@doorway/core`'s, plus the BFF's own codes. */
export const bffErrorHints: Readonly<Partial<Record<BffErrorCode, string>>> = {
  ...errorHints,
  envoy_disconnected:
    'Envoy is not connected (the connection was revoked, expired or never made). Connect Envoy again.',
  not_supported: 'The provider offers no way to do this; do it in the provider’s own dashboard.',
  already_connected:
    'The provider already holds an Envoy connection for this user. Disconnect it first to connect again.',
  state_mismatch:
    'The state does not match a connection this BFF started for this user (unknown, expired or already used). Start again.',
}
