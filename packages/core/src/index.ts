export type {
  BffClient,
  BffClientOptions,
  PublicConfig,
  RequestOptions,
  SessionSummary,
} from './bffClient.js'
export { createBffClient } from './bffClient.js'
export type { CallbackParams } from './callback.js'
export { callbackParams, parseCallback } from './callback.js'
export type {
  CallbackResult,
  DoorwayClient,
  DoorwayClientOptions,
  SignInOptions,
} from './doorwayClient.js'
export { createDoorwayClient } from './doorwayClient.js'
export type { DoorwayErrorCode, DoorwayErrorOptions } from './errors.js'
export { DoorwayError, errorHints, isDoorwayError } from './errors.js'
export type { PKCE } from './pkce.js'
export { createPKCE, createState } from './pkce.js'
export type { AuthorizeDialect, AuthorizeValues } from './providers/dialect.js'
export { buildAuthorizeUrl } from './providers/dialect.js'
export type {
  RhombusExchangeRequest,
  RhombusHosts,
  RhombusProtocol,
  RhombusPublicConfig,
  RhombusRegion,
} from './providers/rhombus.js'
export { rhombusDialects, rhombusRegions, rhombusTokenHost } from './providers/rhombus.js'
export { safeReturnTo } from './returnTo.js'
export type { Transaction, TransactionStore } from './transactionStore.js'
export { createTransactionStore, transactionTtlMs } from './transactionStore.js'
