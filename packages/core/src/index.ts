export type { BffClient, RequestOptions, SignOutOptions } from './bffClient.js'
export type { CallbackParams } from './callback.js'
export { safeReturnTo } from './callback.js'
export type {
  AuthorizeAttempt,
  AuthorizeTarget,
  CallbackResult,
  DoorwayClient,
  DoorwayClientOptions,
  Flow,
  SignInOptions,
} from './doorwayClient.js'
export { createDoorwayClient } from './doorwayClient.js'
export type { ConnectEnvoyOptions } from './envoy/connectEnvoy.js'
export { connectEnvoy, envoyFlows } from './envoy/connectEnvoy.js'
export {
  disconnectEnvoy,
  envoyChanges,
  envoyConnectionError,
  envoyRequest,
  envoyViaOf,
  getEnvoyConnection,
  listRhombusEnvoyLocations,
} from './envoy/envoyConnection.js'
export { DoorwayError, errorHints, isDoorwayError } from './errors.js'
export { disconnectProvider, getProviderConnection, providerFlow } from './providerFlow.js'
export {
  createRhombusApiKey,
  deleteRhombusApiKey,
  listPartnerClients,
  listRhombusApiKeys,
} from './rhombus/rhombusAccount.js'
export type { RhombusHosts, RhombusRegion } from './rhombus/rhombusSignIn.js'
export { rhombusRegions, rhombusSignIn, rhombusTokenHost } from './rhombus/rhombusSignIn.js'
export type { Transaction } from './transactionStore.js'
export type {
  DoorwayErrorCode,
  EnvoyConnection,
  EnvoyVia,
  ProviderConnection,
  PublicConfig,
  RhombusApiKey,
  RhombusEnvoyLocation,
  RhombusPartnerClient,
  RhombusProtocol,
  SessionSummary,
} from './wire.js'
// The request and answer bodies of the BFF's routes, its codes and problem body, for the
// BFF (and anyone writing another one): `@doorway/core/wire`.
