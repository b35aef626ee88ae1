import {
  createDoorwayClient,
  type DoorwayClient,
  type DoorwayError,
  type SessionSummary,
  type SignInOptions,
} from '@doorway/core'
import {
  QueryClient,
  QueryClientContext,
  QueryClientProvider,
  useMutation,
} from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { DoorwayContext, type DoorwayContextValue } from './DoorwayContext.js'
import { doorwayKeys } from './doorwayKeys.js'

export interface DoorwayProviderProps {
  /** A client made with `createDoorwayClient`; by default one is made from `baseUrl`. */
  client?: DoorwayClient
  /** Where the BFF is mounted (default `/bff`); ignored when `client` is given. */
  baseUrl?: string
  /** By default the QueryClient in context, else one the provider makes. */
  queryClient?: QueryClient
  /**
   * Called once a sign-in callback has been redeemed, with the same-origin path the
   * sign-in started from. Default: `history.replaceState`; pass your router's navigate.
   */
  onRedirectCallback?: (returnTo: string) => void
  children?: ReactNode
}

// Sign-in and sign-out are never paused offline or retried: their promises are already
// running, and a code exchange must not be repeated.
const immediately = { networkMode: 'always', retry: false } as const

const who = (session: SessionSummary | undefined) =>
  session?.authenticated ? JSON.stringify(session.user) : null

function replaceLocation(returnTo: string): void {
  window.history.replaceState(window.history.state, '', returnTo)
}

/**
 * Makes a Doorway client available to the hooks, redeems a sign-in callback when the
 * page is one, and keeps the session query in step with other tabs.
 *
 * @example
 * <DoorwayProvider baseUrl="/bff">
 *   <App />
 * </DoorwayProvider>
 */
export function DoorwayProvider({
  client: clientProp,
  baseUrl,
  queryClient: queryClientProp,
  onRedirectCallback = replaceLocation,
  children,
}: DoorwayProviderProps) {
  const [client] = useState(() => clientProp ?? createDoorwayClient({ baseUrl }))
  const inherited = useContext(QueryClientContext)
  const [own] = useState(() => queryClientProp ?? inherited ?? new QueryClient())
  const queryClient = queryClientProp ?? inherited ?? own

  const signingIn = useMutation<void, DoorwayError, Promise<void>>(
    { mutationKey: doorwayKeys.signIn, mutationFn: (pending) => pending, ...immediately },
    queryClient,
  )
  const signingOut = useMutation<SessionSummary, DoorwayError, void>(
    { mutationKey: doorwayKeys.signOut, mutationFn: () => client.signOut(), ...immediately },
    queryClient,
  )
  const startSignIn = signingIn.mutate
  const startSignOut = signingOut.mutate

  const actions = useMemo(() => {
    const store = async (session: SessionSummary | null | undefined) => {
      if (!session) return
      // A session read started before the change would otherwise overwrite this one.
      await queryClient.cancelQueries({ queryKey: doorwayKeys.session })
      const before = queryClient.getQueryData<SessionSummary>(doorwayKeys.session)
      queryClient.setQueryData(doorwayKeys.session, session)
      // Rhombus data belongs to the session it was read with: gone on sign-out, read
      // again when another user signs in (in this tab or another).
      const rhombus = { queryKey: doorwayKeys.rhombus() }
      if (!session.authenticated) queryClient.removeQueries(rhombus)
      else if (who(before) !== who(session)) await queryClient.resetQueries(rhombus)
    }
    const track = (start: () => Promise<void>, onError?: (error: DoorwayError) => void) => {
      let pending: Promise<void>
      try {
        pending = start()
      } catch (error) {
        pending = Promise.reject(error)
      }
      // The mutation reports the error as state; it only awaits the promise a tick later.
      pending.catch(() => {})
      startSignIn(pending, { onError })
    }
    return {
      store,
      track,
      // client.signIn runs synchronously in the caller's click handler, so a popup opens
      // before any await; react-query would only call a mutationFn a microtask later.
      signIn: (options?: SignInOptions, onError?: (error: DoorwayError) => void) => {
        if (queryClient.isMutating({ mutationKey: doorwayKeys.signIn }) > 0) return
        track(() => client.signIn('rhombus', options).then(store), onError)
      },
      signOut: () => startSignOut(undefined, { onSuccess: store }),
    }
  }, [client, queryClient, startSignIn, startSignOut])

  const redeemed = useRef(false)
  useEffect(() => {
    if (redeemed.current || !client.isCallback()) return
    redeemed.current = true
    actions.track(async () => {
      const result = await client.handleCallback()
      if (!result) return
      await actions.store(result.session)
      onRedirectCallback(result.returnTo)
    })
  }, [client, actions, onRedirectCallback])

  // Session changes in this tab and in the others (core's BroadcastChannel).
  useEffect(() => client.subscribe((session) => void actions.store(session)), [client, actions])

  const value = useMemo<DoorwayContextValue>(
    () => ({
      client,
      queryClient,
      signIn: actions.signIn,
      signOut: actions.signOut,
      signingIn: { isPending: signingIn.isPending, error: signingIn.error },
      signingOut: { isPending: signingOut.isPending, error: signingOut.error },
    }),
    [
      client,
      queryClient,
      actions,
      signingIn.isPending,
      signingIn.error,
      signingOut.isPending,
      signingOut.error,
    ],
  )

  const tree = <DoorwayContext.Provider value={value}>{children}</DoorwayContext.Provider>
  return queryClient === inherited ? (
    tree
  ) : (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  )
}
