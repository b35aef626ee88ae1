import { errorHints } from '@doorway/core'
import type { BffErrorCode } from './BffErrorCode.js'

/**
 * The remedies the BFF sends: `@doorway/core`'s one table, with the server's meaning of
 * `state_mismatch` (a state this BFF did not bind to the session, not a tab's transaction).
 */
export const bffErrorHints: Readonly<Partial<Record<BffErrorCode, string>>> = {
  ...errorHints,
  state_mismatch:
    'The state does not match a connection this BFF started for this user (unknown, expired or already used). Start again.',
}
