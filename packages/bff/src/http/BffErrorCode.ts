import type { DoorwayErrorCode } from '@doorway/core'

/**
 * The codes the BFF answers with: every {@link DoorwayErrorCode}, plus the codes of the
 * Envoy connection routes that `@doorway/core` does not list (yet):
 * - `envoy_disconnected`: the Envoy connection is gone (refresh `invalid_grant`) or was
 *   never made; connect again.
 * - `not_supported`: the provider offers no way to do this (e.g. disconnecting Rhombus's
 *   own Envoy integration).
 * - `already_connected`: the provider already holds a connection for this user.
 */
export type BffErrorCode =
  | DoorwayErrorCode
  | 'envoy_disconnected'
  | 'not_supported'
  | 'already_connected'
