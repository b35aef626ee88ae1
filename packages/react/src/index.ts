export type { DoorwayProviderProps } from './DoorwayProvider.js'
export { DoorwayProvider, useDoorwayClient } from './DoorwayProvider.js'
export type { EnvoyMutation } from './doorwayKeys.js'
export { doorwayKeys, envoyMutationFilters, parseEnvoyMutationKey } from './doorwayKeys.js'
export type { EnvoyConnectButtonProps } from './EnvoyConnectButton.js'
export { EnvoyConnectButton } from './EnvoyConnectButton.js'
export type { EnvoyQueryOptions } from './envoyQueries.js'
export {
  envoyConnectionQueryOptions,
  envoyQueryOptions,
  rhombusEnvoyLocationsQueryOptions,
  useEnvoyQuery,
  useRhombusEnvoyLocations,
} from './envoyQueries.js'
export type { RhombusAccountProps } from './RhombusAccount.js'
export { RhombusAccount } from './RhombusAccount.js'
export type { RhombusLoginButtonProps } from './RhombusLoginButton.js'
export { RhombusLoginButton } from './RhombusLoginButton.js'
export type { RhombusSignOutButtonProps } from './RhombusSignOutButton.js'
export { RhombusSignOutButton } from './RhombusSignOutButton.js'
export type { RhombusQueryOptions, UseRhombusApiKeysResult } from './rhombusQueries.js'
export {
  partnerClientsQueryOptions,
  rhombusApiKeysQueryOptions,
  rhombusQueryOptions,
  usePartnerClients,
  useRhombusApiKeys,
  useRhombusQuery,
} from './rhombusQueries.js'
export type { RhombusLoginStatus, SessionExpiry, UseRhombusLoginResult } from './sessionQueries.js'
export {
  configQueryOptions,
  sessionQueryOptions,
  useRhombusLogin,
  useSessionExpiry,
} from './sessionQueries.js'
export type {
  EnvoyConnectOptions,
  EnvoyConnectStatus,
  UseEnvoyConnectResult,
} from './useEnvoyConnect.js'
export { useEnvoyConnect } from './useEnvoyConnect.js'
