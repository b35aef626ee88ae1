export type { BffClient, BffClientOptions, RequestOptions, SignOutOptions } from './bffClient.js'
export { createBffClient } from './bffClient.js'
export type { Broadcast } from './broadcast.js'
export type { CallbackParams } from './callback.js'
export { callbackParams, parseCallback } from './callback.js'
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
export { connectEnvoy } from './envoy/connectEnvoy.js'
export { disconnectEnvoy } from './envoy/disconnectEnvoy.js'
export type { EnvoyConnection, EnvoyVia } from './envoy/EnvoyConnection.js'
export { envoyFlowIds, envoyViaOf, envoyVias } from './envoy/EnvoyConnection.js'
export { envoyChanges } from './envoy/envoyChanges.js'
export { envoyConnectionError } from './envoy/envoyConnectionError.js'
export { envoyFlows, envoyThroughRhombus } from './envoy/envoyFlows.js'
export { envoyRequest } from './envoy/envoyRequest.js'
export { getEnvoyConnection } from './envoy/getEnvoyConnection.js'
export { listRhombusEnvoyLocations } from './envoy/rhombusEnvoyLocations.js'
export type { DoorwayErrorOptions } from './errors.js'
export { DoorwayError, errorHints, isDoorwayError } from './errors.js'
export type { PKCE } from './pkce.js'
export { createPKCE, createState } from './pkce.js'
export type { AuthorizeDialect, AuthorizeValues } from './providers/dialect.js'
export { buildAuthorizeUrl } from './providers/dialect.js'
export type { RhombusHosts, RhombusRegion } from './providers/rhombus.js'
export { rhombusDialects, rhombusRegions, rhombusTokenHost } from './providers/rhombus.js'
export { standardDialects } from './providers/standard.js'
export { safeReturnTo } from './returnTo.js'
export type { RhombusApiKey } from './rhombus/rhombusApiKeys.js'
export {
  createRhombusApiKey,
  deleteRhombusApiKey,
  listRhombusApiKeys,
} from './rhombus/rhombusApiKeys.js'
export { listPartnerClients } from './rhombus/rhombusPartnerClients.js'
export { rhombusSignIn } from './rhombus/rhombusSignIn.js'
export type { BindStateRequest } from './standard/authorizeStandard.js'
export { bindState, standardFlow } from './standard/authorizeStandard.js'
export { disconnectProvider } from './standard/disconnectProvider.js'
export { getProviderConnection } from './standard/getProviderConnection.js'
export type { ProviderConnection } from './standard/ProviderConnection.js'
export type { StandardExchangeRequest } from './standard/redeemStandard.js'
export { validateAuthorizationResponse } from './standard/validateAuthorizationResponse.js'
export type { Transaction, TransactionStore } from './transactionStore.js'
export { createTransactionStore, transactionTtlMs } from './transactionStore.js'
export type { ConnectVersoriOptions, VersoriInitialiseRequest } from './versori/connectVersori.js'
export { connectVersori } from './versori/connectVersori.js'
export type {
  VersoriHandshakeOptions,
  VersoriHello,
  VersoriResponse,
} from './versori/versoriHandshake.js'
export { versoriHandshake } from './versori/versoriHandshake.js'
export type {
  DoorwayErrorCode,
  EnvoyDisconnectRequest,
  OAuthProviderPublicConfig,
  ProblemDetails,
  PublicConfig,
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
  VersoriCompleteRequest,
  VersoriInitialiseAnswer,
} from './wire.js'
export { doorwayErrorCodes, oauthErrorCodes } from './wire.js'
