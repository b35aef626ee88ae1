export { createSandboxApp } from './createSandboxApp.js'
export type { SandboxOptions, SandboxState } from './createSandboxState.js'
export { createSandboxState } from './createSandboxState.js'
export type { RequestLog, RequestRecord, SandboxProvider, SandboxRole } from './requestLog.js'
export type { CompleteRhombusAuthorizationOptions } from './rhombus/completeRhombusAuthorization.js'
export { completeRhombusAuthorization } from './rhombus/completeRhombusAuthorization.js'
export type { RhombusDialect, RhombusState } from './rhombus/createRhombusState.js'
export type {
  RhombusAccount,
  RhombusAccountId,
  RhombusOrg,
  RhombusUser,
} from './rhombus/rhombusAccounts.js'
export { rhombusAccounts } from './rhombus/rhombusAccounts.js'
export type { RhombusClient } from './rhombus/rhombusClient.js'
export { defaultRhombusClient } from './rhombus/rhombusClient.js'
export type { RhombusDecision } from './rhombus/rhombusConsoleRoutes.js'
export {
  rhombusApiErrors,
  rhombusConsoleErrors,
  rhombusLegacyErrors,
  rhombusOAuth2Errors,
} from './rhombus/rhombusErrorTexts.js'
export { rhombusPrefixes } from './rhombus/rhombusHosts.js'
export { rhombusSandboxScope } from './rhombus/rhombusOAuth2TokenRoutes.js'
export type { Sandbox, SandboxRhombusUrls, StartSandboxOptions } from './startSandbox.js'
export { startSandbox } from './startSandbox.js'
