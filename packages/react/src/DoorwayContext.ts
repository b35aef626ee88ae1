import type { DoorwayClient, DoorwayError, SignInOptions, SignOutOptions } from '@doorway/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'

/** What `<DoorwayProvider>` gives the hooks: made once per client and QueryClient. */
export interface DoorwayContextValue {
  client: DoorwayClient
  queryClient: QueryClient
  signIn(options?: SignInOptions, onError?: (error: DoorwayError) => void): void
  signOut(options?: SignOutOptions): void
  /** Reads the session again; the cached one (or its error) stays until the read succeeds. */
  retry(): void
}

export const DoorwayContext = createContext<DoorwayContextValue | null>(null)

export function useDoorwayContext(): DoorwayContextValue {
  const value = useContext(DoorwayContext)
  if (!value) {
    throw new Error('@doorway/react: Wrap your app in <DoorwayProvider baseUrl="/bff">.')
  }
  return value
}
