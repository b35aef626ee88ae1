export { createSandboxApp } from './createSandboxApp.js'
export type { SandboxOptions, SandboxState } from './createSandboxState.js'
export { createSandboxState } from './createSandboxState.js'
export type { CompleteEnvoyAuthorizationOptions } from './envoy/completeEnvoyAuthorization.js'
export { completeEnvoyAuthorization } from './envoy/completeEnvoyAuthorization.js'
export type {
  EnvoyConnection,
  EnvoyRefreshLookup,
  EnvoyState,
  EnvoyToken,
  EnvoyTokenPair,
} from './envoy/createEnvoyState.js'
export type { EnvoyDecision } from './envoy/envoyAuthorizeRoutes.js'
export type { EnvoyClient } from './envoy/envoyClient.js'
export { defaultEnvoyClient } from './envoy/envoyClient.js'
export type { EnvoyCompany, EnvoyLocation } from './envoy/envoyCompany.js'
export { envoySandboxCompany } from './envoy/envoyCompany.js'
export { envoyApiErrors, envoyAuthorizeErrors, envoyTokenErrors } from './envoy/envoyErrorTexts.js'
export { envoyPaths, envoyPrefixes } from './envoy/envoyPrefixes.js'
export type { EnvoyScope } from './envoy/envoyScopes.js'
export { envoyScopes } from './envoy/envoyScopes.js'
export type { EnvoyTokenResponse } from './envoy/envoyTokenRoutes.js'
export type {
  SandboxFaultMatch,
  SandboxFaults,
  SandboxFaultsOptions,
  SandboxFaultTarget,
} from './faults/createSandboxFaults.js'
export { createSandboxFaults } from './faults/createSandboxFaults.js'
export { sandboxFaultHeader } from './faults/faultResponse.js'
export { parseSandboxFaultRule } from './faults/parseSandboxFaultRule.js'
export type { SandboxFault, SandboxFaultKind } from './faults/SandboxFault.js'
export { sandboxFaultDefaults } from './faults/SandboxFault.js'
export type { SandboxFaultRule, SandboxFaultRuleInput } from './faults/SandboxFaultRule.js'
export type { RequestLog, RequestRecord, SandboxProvider, SandboxRole } from './requestLog.js'
export { tokenGrantOf } from './requestLog.js'
export type { CompleteRhombusAuthorizationOptions } from './rhombus/completeRhombusAuthorization.js'
export { completeRhombusAuthorization } from './rhombus/completeRhombusAuthorization.js'
export type {
  RhombusEnvoyConnection,
  RhombusEnvoyInitiation,
  RhombusEnvoyIntegration,
} from './rhombus/createRhombusEnvoyIntegration.js'
export {
  rhombusEnvoyCallbackPath,
  rhombusEnvoyClientId,
  rhombusEnvoyScopes,
} from './rhombus/createRhombusEnvoyIntegration.js'
export type {
  RhombusApplication,
  RhombusDialect,
  RhombusMintedApiKey,
  RhombusRefreshToken,
  RhombusState,
  RhombusTokenStats,
} from './rhombus/createRhombusState.js'
export { defaultRhombusApiKeys } from './rhombus/createRhombusState.js'
export type {
  RhombusAccount,
  RhombusAccountId,
  RhombusOrg,
  RhombusUser,
} from './rhombus/rhombusAccounts.js'
export { rhombusAccounts, rhombusOrgFor } from './rhombus/rhombusAccounts.js'
export type {
  GetApiTokensResponse,
  RhombusApiToken,
  SubmitApiTokenApplicationResponse,
} from './rhombus/rhombusApiKeyRoutes.js'
export type { RhombusApplicationView } from './rhombus/rhombusApplicationRoutes.js'
export type { RhombusClient, RhombusTokenEndpointAuthMethod } from './rhombus/rhombusClient.js'
export { defaultRhombusClient, isPublicRhombusClient } from './rhombus/rhombusClient.js'
export type { RhombusDecision } from './rhombus/rhombusConsoleRoutes.js'
export { rhombusApproveDecisions } from './rhombus/rhombusConsoleRoutes.js'
export type { RhombusMintedApiKeyView } from './rhombus/rhombusControlRoutes.js'
export type {
  GetEnvoyIntegrationResponse,
  GetEnvoyLocationsResponse,
  InitiateEnvoyOAuthResponse,
  RhombusEnvoyOrgIntegration,
} from './rhombus/rhombusEnvoyIntegrationRoutes.js'
export { rhombusEnvoySandboxParams } from './rhombus/rhombusEnvoyIntegrationRoutes.js'
export {
  rhombusApiErrors,
  rhombusApplicationErrors,
  rhombusConsoleErrors,
  rhombusEnvoyIntegrationErrors,
  rhombusLegacyErrors,
  rhombusOAuth2Errors,
  rhombusRegistrationErrors,
} from './rhombus/rhombusErrorTexts.js'
export { rhombusSandboxScope } from './rhombus/rhombusOAuth2TokenRoutes.js'
export type {
  GetClientsResponse,
  GetClientsV2Response,
  GetOrgV2Response,
  GetPermissionsForCurrentUserResponse,
  RhombusClientOrg,
  RhombusClientOrgV2,
} from './rhombus/rhombusOrgRoutes.js'
export { rhombusPrefixes } from './rhombus/rhombusPrefixes.js'
export type { RhombusRegistrationResponse } from './rhombus/rhombusRegistrationRoutes.js'
export type { SandboxControlGuardOptions } from './sandboxControlGuard.js'
export {
  isLoopbackHostname,
  sandboxControlErrors,
  sandboxControlGuard,
} from './sandboxControlGuard.js'
export type {
  Sandbox,
  SandboxEnvoyUrls,
  SandboxRhombusUrls,
  SandboxVersoriUrls,
  StartSandboxOptions,
} from './startSandbox.js'
export { startSandbox } from './startSandbox.js'
export type { VersoriAuthorizeUrlInput } from './versori/buildVersoriAuthorizeUrl.js'
export {
  buildVersoriAuthorizeUrl,
  versoriStandardParameters,
} from './versori/buildVersoriAuthorizeUrl.js'
export type {
  VersoriConnection,
  VersoriInitialisation,
  VersoriState,
  VersoriViolation,
} from './versori/createVersoriState.js'
export {
  defaultVersoriTokens,
  maxVersoriViolations,
  versoriStateTtlSeconds,
} from './versori/createVersoriState.js'
export { versoriCallbackScript } from './versori/versoriCallbackPage.js'
export type {
  AuthSchemeConfigOAuth2,
  CreateEndUserConnectionRequest,
} from './versori/versoriConnectionRoutes.js'
export type {
  VersoriConnector,
  VersoriCredential,
  VersoriData,
  VersoriHub,
} from './versori/versoriData.js'
export { defaultVersoriData, versoriSandboxOrganisationId } from './versori/versoriData.js'
export type { VersoriErrorBody, VersoriErrorField } from './versori/versoriError.js'
export { versoriErrors, versoriFieldErrors } from './versori/versoriErrorTexts.js'
export type { InitialiseOAuth2ConnectionRequest } from './versori/versoriInitialiseRoutes.js'
export { versoriPaths, versoriPrefixes } from './versori/versoriPrefixes.js'
