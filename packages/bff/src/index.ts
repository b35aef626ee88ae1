// The shapes a server's own code reads (core's, re-exported). Every request and answer
// body of the BFF's routes is in '@doorway/core/wire'.
export type {
  DoorwayErrorCode,
  EnvoyConnection,
  ProviderConnection,
  RhombusApiKey,
  SessionSummary,
} from '@doorway/core'
export type {
  RhombusApiClient,
  RhombusApiClientOptions,
  RhombusApiRequestOptions,
} from './apiKeys/createRhombusApiClient.js'
export { createRhombusApiClient } from './apiKeys/createRhombusApiClient.js'
export type { RhombusApiKeys, RhombusApiKeysOptions } from './apiKeys/rhombusApiKeys.js'
export { rhombusApiKeys } from './apiKeys/rhombusApiKeys.js'
export type {
  BffConfig,
  EnvoyBffConfig,
  ProviderConfig,
  RhombusBffConfig,
  UpstreamFetch,
  VersoriBffConfig,
} from './config/BffConfig.js'
export type { BffConfigIssue } from './config/BffConfigError.js'
export { BffConfigError } from './config/BffConfigError.js'
export { bffEnvironment, loadBffConfig } from './config/loadBffConfig.js'
export type { DoorwayBff } from './createDoorwayBff.js'
export { createDoorwayBff } from './createDoorwayBff.js'
export { envoyAuthorizeEndpoint, envoyOAuthProvider } from './envoy/envoyOAuthProvider.js'
export type { BffErrorCode, BffErrorOptions } from './http/BffError.js'
export { BffError } from './http/BffError.js'
export type {
  CallUpstream,
  UpstreamOptions,
  UpstreamRequest,
  UpstreamResponse,
} from './http/callUpstream.js'
export { callUpstream } from './http/callUpstream.js'
export { CSRF_HEADER } from './http/requestGuard.js'
export type { Logger } from './logging/Logger.js'
export { consoleLogger, redact, redactingLogger } from './logging/Logger.js'
export type {
  ClientAuthentication,
  OAuthClient,
  OAuthProvider,
  TokenEndpointResponse,
  TokenRequestEncoding,
} from './oauth/OAuthProvider.js'
export type { AuthorizationCodeGrant } from './oauth/tokenRequests.js'
export {
  authorizationCodeGrantRequest,
  processAuthorizationCodeResponse,
  processRefreshTokenResponse,
  processTokenEndpointResponse,
  refreshTokenGrantRequest,
  validateIssuer,
} from './oauth/tokenRequests.js'
export { genericOAuthProvider } from './providers/ResolvedOAuthProvider.js'
export { SESSION_COOKIE } from './session/createSessionManager.js'
export type { RhombusOrg } from './session/Session.js'
export type {
  ConnectedConnection,
  ConnectionKey,
  ConnectionUpdate,
  CredentialStore,
  DisconnectedConnection,
  RecordUpdate,
  StoredConnection,
  StoredRecord,
} from './store/CredentialStore.js'
export type { CredentialRow, CredentialTable } from './store/CredentialTable.js'
export type { CredentialCipher } from './store/createCredentialCipher.js'
export {
  CredentialDecryptionError,
  createCredentialCipher,
  credentialKeyInfo,
} from './store/createCredentialCipher.js'
export type { EncryptedCredentialStoreOptions } from './store/createEncryptedCredentialStore.js'
export { createEncryptedCredentialStore } from './store/createEncryptedCredentialStore.js'
export type { MemoryCredentialStoreOptions } from './store/createMemoryCredentialStore.js'
export { createMemoryCredentialStore } from './store/createMemoryCredentialStore.js'
export type { PostgresCredentialStoreOptions } from './store/createPostgresCredentialStore.js'
export {
  createPostgresCredentialStore,
  isPostgresUrl,
  redactPostgresUrl,
} from './store/createPostgresCredentialStore.js'
export type { SqliteCredentialStoreOptions } from './store/createSqliteCredentialStore.js'
export {
  createSqliteCredentialStore,
  defaultDatabaseFile,
} from './store/createSqliteCredentialStore.js'
