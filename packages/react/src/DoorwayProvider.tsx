'use client'

import {
  createDoorwayClient,
  type DoorwayClient,
  type DoorwayClientOptions,
  type DoorwayError,
  envoyViaOf,
  type SignInOptions,
  type SignOutOptions,
} from '@doorway/core'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import { applySession, noop, subscribeCachePolicy, track } from './cachePolicy.js'
import { envoyKey, signInKey, signOutKey } from './doorwayKeys.js'

export interface DoorwayProviderProps {
  /** A client made with `createDoorwayClient`; by default one is made from `baseUrl`. */
  client?: DoorwayClient
  /** Where the BFF is mounted (default `/bff`); ignored when `client` is given. */
  baseUrl?: string
  /**
   * The flows the client starts and finishes (see `createDoorwayClient`); default the
   * Rhombus sign-in only. Ignored when `client` is given.
   *
   * @example
   * <DoorwayProvider baseUrl="/bff" flows={[rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus]}>
   */
  flows?: DoorwayClientOptions['flows']
  /** By default the QueryClient in context, else one the provider makes. */
  queryClient?: QueryClient
  /**
   * Called once a callback (a sign-in, or an Envoy connect by redirect) has been finished or
   * has failed (Deny, a refused code), with the same-origin path its attempt started from
   * (`/` when nothing in this tab started it), so the page leaves the callback path either
   * way; a failure stays the error of the sign-in or connect. Default:
   * `history.replaceState`; pass your router's navigate.
   */
  onRedirectCallback?: (returnTo: string) => void
  children?: ReactNode
}

const replaceLocation = (returnTo: string) => history.replaceState(history.state, '', returnTo)

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

/**
 * The provider's Doorway client, for calls the hooks do not cover. Throws when there is
 * no `<DoorwayProvider>` above the component, with a message that says how to add one.
 */
export function useDoorwayClient(): DoorwayClient {
  return useDoorwayContext().client
}

/**
 * Makes a Doorway client available to the hooks, finishes a callback when the page is one
 * (a sign-in's as the sign-in, an Envoy connect's as that way's connect), and subscribes the
 * cache policy (`cachePolicy.ts`) once: session changes of this tab and the others.
 *
 * @example
 * <DoorwayProvider baseUrl="/bff">
 *   <App />
 * </DoorwayProvider>
 */
export function DoorwayProvider({
  client: clientProp,
  baseUrl,
  flows,
  queryClient: queryClientProp,
  onRedirectCallback = replaceLocation,
  children,
}: DoorwayProviderProps) {
  const [client] = useState(() => clientProp ?? createDoorwayClient({ baseUrl, flows }))
  const inherited = useContext(QueryClientContext)
  const [own] = useState(() => new QueryClient())
  const queryClient = queryClientProp ?? inherited ?? own
  const value = useMemo<DoorwayContextValue>(
    () => ({
      client,
      queryClient,
      signIn(options?: SignInOptions, onError?: (error: DoorwayError) => void) {
        track(
          queryClient,
          signInKey,
          // async: a client's throw (a bad returnTo) rejects, reported as state.
          async () => applySession(queryClient, client.signIn('rhombus', options)),
          onError,
        )
      },
      signOut: (options?: SignOutOptions) =>
        track(queryClient, signOutKey, () => applySession(queryClient, client.signOut(options))),
      // Not a refetch: that would reset a failed read to loading while it runs.
      retry: () => applySession(queryClient, client.getSession()).catch(noop),
    }),
    [client, queryClient],
  )

  useEffect(() => {
    // Once: finishing cleans the address bar at once, so a second run of this effect
    // (StrictMode, a remount) finds no callback.
    const flow = client.callbackFlow()
    if (!flow) return
    // The callback is tracked as its flow's mutation, known from its URL before it is
    // finished: an Envoy connect by redirect (its way's connect, read by useEnvoyConnect),
    // else the sign-in. The result then says which flow finished.
    const via = envoyViaOf(flow)
    const finish = async () => {
      const result = await client.handleCallback()
      if (!result) return
      // A sign-in's session (an Envoy connect's connection goes to envoyChanges, which the
      // Envoy hooks apply).
      await applySession(queryClient, result.session)
      onRedirectCallback(result.returnTo)
    }
    // Whatever the outcome, the user leaves the callback page: on a failure to where its
    // attempt started, or `/` when nothing here started it; the error is the mutation's state.
    track(queryClient, via ? envoyKey('connect', via) : signInKey, finish, (e) =>
      onRedirectCallback(e.returnTo ?? '/'),
    )
  }, [client, queryClient, onRedirectCallback])

  // Session changes in this tab and in the others (core's BroadcastChannel).
  useEffect(() => subscribeCachePolicy(client, queryClient), [client, queryClient])

  // Given again when inherited: a QueryClientProvider of the same client changes nothing.
  return (
    <QueryClientProvider client={queryClient}>
      <DoorwayContext.Provider value={value}>{children}</DoorwayContext.Provider>
    </QueryClientProvider>
  )
}
