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
export {
  createRhombusApiKey,
  deleteRhombusApiKey,
  listPartnerClients,
  listRhombusApiKeys,
} from './rhombus/rhombusAccount.js'
export type { RhombusHosts, RhombusRegion } from './rhombus/rhombusSignIn.js'
export { rhombusRegions, rhombusSignIn, rhombusTokenHost } from './rhombus/rhombusSignIn.js'
export { disconnectProvider, getProviderConnection, standardFlow } from './standardFlow.js'
export type { Transaction } from './transactionStore.js'
export type {
  BindStateRequest,
  DoorwayErrorCode,
  EnvoyConnection,
  EnvoyDisconnectRequest,
  EnvoyVia,
  OAuthProviderPublicConfig,
  ProblemDetails,
  ProviderConnection,
  PublicConfig,
  RhombusApiKey,
  RhombusApiKeyDeleted,
  RhombusApiKeyList,
  RhombusApiKeyRequest,
  RhombusEnvoyInitiateAnswer,
  RhombusEnvoyInitiateRequest,
  RhombusEnvoyLocation,
  RhombusEnvoyLocationList,
  RhombusExchangeRequest,
  RhombusPartnerClient,
  RhombusPartnerClientList,
  RhombusProtocol,
  RhombusPublicConfig,
  SessionSummary,
  SignOutRequest,
  StandardExchangeRequest,
  VersoriCompleteRequest,
  VersoriInitialiseAnswer,
  VersoriInitialiseRequest,
} from './wire.js'
export { doorwayErrorCodes, envoyVias, oauthErrorCodes } from './wire.js'
