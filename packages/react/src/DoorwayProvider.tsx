import {
  createDoorwayClient,
  type DoorwayClient,
  type DoorwayError,
  type EnvoyConnection,
  envoyProviders,
  type SessionSummary,
  type SignInOptions,
  type SignOutOptions,
} from '@doorway/core'
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { DoorwayContext, type DoorwayContextValue } from './DoorwayContext.js'
import { doorwayKeys } from './doorwayKeys.js'
import { noop, trackInCache, trackMutation, useTrackedMutation } from './trackedMutation.js'

export interface DoorwayProviderProps {
  /** A client made with `createDoorwayClient`; by default one is made from `baseUrl`. */
  client?: DoorwayClient
  /** Where the BFF is mounted (default `/bff`); ignored when `client` is given. */
  baseUrl?: string
  /** By default the QueryClient in context, else one the provider makes. */
  queryClient?: QueryClient
  /**
   * Called once a callback (a sign-in, or an Envoy connect by redirect) has been redeemed,
   * with the same-origin path it started from. Default: `history.replaceState`; pass your
   * router's navigate.
   */
  onRedirectCallback?: (returnTo: string) => void
  children?: ReactNode
}

// Only an authenticated session names a user.
const who = (session: SessionSummary | undefined) => JSON.stringify(session?.user)

/** Puts a new session (once it comes) in the cache, keeping the Rhombus data of its user only. */
async function store(
  queryClient: QueryClient,
  pending: SessionSummary | null | undefined | Promise<SessionSummary | null | undefined>,
) {
  const session = await pending
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

const replaceLocation = (returnTo: string) => history.replaceState(history.state, '', returnTo)

/**
 * Makes a Doorway client available to the hooks, redeems a callback when the page is one
 * (a sign-in's as the sign-in, an Envoy connect's as that way's connect), and keeps the
 * session query in step with other tabs.
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
  const [own] = useState(() => new QueryClient())
  const queryClient = queryClientProp ?? inherited ?? own
  const signingIn = useTrackedMutation(doorwayKeys.signIn, queryClient)
  const signingOut = useTrackedMutation(doorwayKeys.signOut, queryClient)

  // Made again on every render of the provider (a mutation's result is a new object each
  // time): that is, when a sign-in or sign-out changes, or the provider's parent renders.
  const value = useMemo<DoorwayContextValue>(
    () => ({
      client,
      queryClient,
      signingIn,
      signingOut,
      signIn(options?: SignInOptions, onError?: (error: DoorwayError) => void) {
        if (queryClient.isMutating({ mutationKey: doorwayKeys.signIn }) > 0) return
        trackMutation(
          signingIn.mutate,
          // async: a throw (a bad returnTo) rejects, reported as state.
          async () => store(queryClient, client.signIn('rhombus', options)),
          onError,
        )
      },
      signOut: (options?: SignOutOptions) =>
        trackMutation(signingOut.mutate, () => store(queryClient, client.signOut(options))),
      // Not a refetch: that would reset a failed read to loading while it runs.
      retry: () => store(queryClient, client.getSession()).catch(noop),
    }),
    [client, queryClient, signingIn, signingOut],
  )

  const redeemed = useRef(false)
  useEffect(() => {
    const provider = client.callbackProvider()
    if (redeemed.current || !provider) return
    redeemed.current = true
    // The callback's outcome goes to its flow: an Envoy connect by redirect (its way's
    // connect, read by useEnvoyConnect, and its connection query), else the sign-in.
    const via = (Object.keys(envoyProviders) as (keyof typeof envoyProviders)[]).find(
      (v) => envoyProviders[v] === provider,
    )
    const redeem = async () => {
      const result = await client.handleCallback()
      if (!result) return
      if (via) {
        const queryKey = doorwayKeys.envoy('connection', via)
        // A read started before the connect would otherwise overwrite its connection.
        await queryClient.cancelQueries({ queryKey })
        queryClient.setQueryData(queryKey, result.data as EnvoyConnection)
      } else await store(queryClient, result.session)
      onRedirectCallback(result.returnTo)
    }
    if (via) trackInCache(queryClient, doorwayKeys.envoy('connect', via), redeem)
    else trackMutation(signingIn.mutate, redeem)
  }, [client, queryClient, signingIn.mutate, onRedirectCallback])

  // Session changes in this tab and in the others (core's BroadcastChannel).
  useEffect(
    () => client.subscribe((session) => void store(queryClient, session)),
    [client, queryClient],
  )

  // Given again when inherited: a QueryClientProvider of the same client changes nothing.
  return (
    <QueryClientProvider client={queryClient}>
      <DoorwayContext.Provider value={value}>{children}</DoorwayContext.Provider>
    </QueryClientProvider>
  )
}
