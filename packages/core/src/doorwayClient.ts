import { createState } from './authorizeRequest.js'
import {
  type BffClient,
  type BffClientOptions,
  createBffClient,
  type RequestOptions,
  type SignOutOptions,
} from './bffClient.js'
import { createBroadcast } from './broadcast.js'
import { type CallbackParams, callbackParams, parseCallback, safeReturnTo } from './callback.js'
import { DoorwayError } from './errors.js'
import { openPopup, popupName, waitForPopup } from './popup.js'
import { rhombusSignIn } from './rhombus/rhombusSignIn.js'
import { createTransactionStore, type Transaction, transactionTtlMs } from './transactionStore.js'
import type { PublicConfig, SessionSummary } from './wire.js'

/** Options of {@link createDoorwayClient}. Everything is injectable for tests; session changes, expiry included, are heard through `subscribe`. */
export interface DoorwayClientOptions extends Omit<BffClientOptions, 'onSessionExpired'> {
  /** Where pending sign-ins are kept. Default `window.sessionStorage`. */
  storage?: Storage
  /** Default the global `window`, read when used (never at import). */
  window?: Window
  /** Path that callbacks arrive on, followed by `/<flow>`. Default `/oauth/callback`. */
  callbackPath?: string
  /**
   * The flows this client starts and finishes: a callback, also on a fresh page (redirect
   * mode), is finished by the flow of the id its transaction names. Default
   * `[rhombusSignIn]`; an app that connects Envoy or another provider lists those flows too.
   *
   * @example
   * createDoorwayClient({ flows: [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus, providerFlow('acme')] })
   */
  flows?: readonly Flow[]
  /** How long a popup sign-in may take. Default 10 minutes. */
  popupTimeoutMs?: number
  now?: () => number
}

/** Options of {@link DoorwayClient.signIn} and {@link DoorwayClient.authorize}. */
export interface SignInOptions {
  /** `redirect` (default) navigates this tab; `popup` must be called in a click handler. */
  mode?: 'redirect' | 'popup'
  /** Same-origin path to come back to. Default: the current one. */
  returnTo?: string
}

/** A finished callback: which flow it was, where the app wanted to go, what it produced. */
export interface CallbackResult<T = unknown> {
  /** The {@link Flow.id} of the flow that finished: `rhombus` for the sign-in, `envoy`, … */
  flow: string
  returnTo: string
  /** After a sign-in: the new session (every tab has heard it). */
  session?: SessionSummary
  /** After another flow: what it produced, e.g. the Envoy connection. */
  data?: T
}

/**
 * One kind of authorization a client starts and finishes, as a plain object: the Rhombus
 * sign-in ({@link rhombusSignIn}), the Envoy connects (`envoyFlows`), a standards-based
 * provider (`providerFlow(id)`). Its transaction records its `id`, so a callback that
 * arrives on a fresh page is finished by the flow of that id in the client's
 * {@link DoorwayClientOptions.flows}, as oidc-client-ts reads its flow from the stored state.
 */
export interface Flow<T = unknown> {
  /** Names the flow in its transactions and results; its callbacks come back on `<callbackPath>/<id>`. */
  readonly id: string
  /** Where to send the user for one attempt, and what the callback will need. */
  start(attempt: AuthorizeAttempt, client: DoorwayClient): Promise<AuthorizeTarget>
  /**
   * Finishes a callback of this flow, once per state, through the client's BFF client: the
   * client has matched the state to a transaction of this flow, consumed it and cleaned the
   * address bar, and nothing has been sent yet. Resolves with a `session` when it signed
   * the user in (the client tells every tab), else with its `data`.
   */
  finish(
    callback: CallbackParams,
    transaction: Transaction,
    bff: BffClient,
  ): Promise<Pick<CallbackResult<T>, 'session' | 'data'>>
}

/**
 * One authorization attempt being started: the fresh `state` it must carry, the checked
 * `returnTo`, and the client's `callbackPath` (callbacks come back on `<callbackPath>/<flow>`).
 */
export interface AuthorizeAttempt {
  state: string
  returnTo: string
  callbackPath: string
}

/**
 * Where to send the user, and what the callback will need (kept in the transaction).
 * `url` is usually the provider's authorize URL; it may be any URL that comes back to
 * `<callbackPath>/<flow>` with the attempt's state.
 */
export type AuthorizeTarget = { url: string } & Pick<
  Transaction,
  'redirectUri' | 'codeVerifier' | 'issuer' | 'data'
>

/** The browser side of Doorway, which `@doorway/react` adapts. */
export interface DoorwayClient {
  /** `GET /bff/config`, fetched once. */
  getConfig(): Promise<PublicConfig>
  getSession(): Promise<SessionSummary>
  /**
   * Starts the {@link rhombusSignIn} flow. Redirect mode navigates away and resolves with
   * nothing; popup mode resolves with the new session. One attempt runs at a time (see
   * {@link authorize}): a call while one runs returns the same promise.
   */
  signIn(provider: 'rhombus', options: SignInOptions & { mode: 'popup' }): Promise<SessionSummary>
  signIn(provider: 'rhombus', options?: SignInOptions): Promise<SessionSummary | undefined>
  /**
   * Starts an attempt of `flow` (popup opened synchronously, returnTo checked, one
   * transaction in sessionStorage that records the flow, callback on
   * `<callbackPath>/<flow.id>` finished once by the flow). Popup mode resolves with the
   * result; redirect mode navigates away and resolves with nothing. `flow` must be in the
   * client's {@link DoorwayClientOptions.flows}, whose flow of that id finishes the callback
   * (else `not_configured`, before anything is opened, stored or sent). One attempt runs at
   * a time per client: a start while one runs (a double click, StrictMode, another button)
   * returns that attempt's promise.
   * @throws {DoorwayError} `not_configured`, `invalid_return_to`, `popup_blocked`, …
   */
  authorize<T>(flow: Flow<T>, options?: SignInOptions): Promise<CallbackResult<T> | undefined>
  /**
   * Runs `start` as this client's attempt unless one runs already, whose promise is then
   * returned instead: the one de-duplication of starts (a double click, StrictMode, another
   * button). {@link signIn} and {@link authorize} go through it, and so does a connect that
   * completes in a popup of its own (`connectVersori`).
   */
  attempt<T>(start: () => Promise<T>): Promise<T>
  /**
   * The id of the flow whose callback `url` (default: the current one) is, known before
   * anything is sent (`rhombus` for a sign-in, `envoy` or `envoy-rhombus` for an Envoy
   * connect); null when it is none, the address {@link handleCallback} left included (so a
   * second effect under StrictMode starts nothing).
   */
  callbackFlow(url?: string | URL): string | null
  /**
   * Finishes the callback at `url` (default: the current one) once, however often it is
   * called, also at the address it left after stripping code and state, by the flow its
   * transaction names (`not_configured` when the client's flows have none of that id);
   * resolves null when the URL is not a callback of ours, or inside the popup (which hands
   * the result to its opener and closes).
   */
  handleCallback(url?: string | URL): Promise<CallbackResult | null>
  /**
   * Signs out on the server and tells every tab of this browser. With `everywhere`, every
   * session of this user ends (other browsers and devices find theirs gone).
   *
   * @example
   * await client.signOut({ everywhere: true })
   */
  signOut(options?: SignOutOptions): Promise<SessionSummary>
  /** Any BFF route (see {@link BffClient.request}), e.g. the Envoy connection routes. */
  request: BffClient['request']
  rhombus: {
    /** A Rhombus API call through the BFF, e.g. `request('/user/getUsersInOrg')`. */
    request<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>
  }
  /**
   * Listens to session changes in this tab and in the others; returns the unsubscribe. A
   * session also changes by itself: at its `expiresAt`, and when the BFF answers
   * `session_expired`, it becomes `{authenticated: false, expired: true}`.
   */
  subscribe(listener: (session: SessionSummary) => void): () => void
}

const callbackType = 'doorway:callback'

// Per page, not per client: StrictMode and remounts may build more than one client.
const exchanges = new Map<string, Promise<CallbackResult>>()
// The address bar after stripping and its state, so that a second effect (StrictMode) reading
// it still gets the result.
let stripped: [href: string, tx: Transaction] | undefined
/**
 * Creates the browser client: PKCE sign-in by redirect or popup, callbacks finished
 * through the BFF (the authorization code grant of
 * [RFC 6749 §4.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1) with
 * [RFC 7636](https://www.rfc-editor.org/rfc/rfc7636), in the BFF pattern of
 * draft-ietf-oauth-browser-based-apps), the same mechanism for every other {@link Flow}
 * ({@link DoorwayClient.authorize}, e.g. `connectEnvoy`), and session changes shared
 * between tabs.
 *
 * @example
 * const client = createDoorwayClient({ baseUrl: '/bff', flows: [rhombusSignIn, envoyFlows.direct] })
 * const result = await client.handleCallback() // null when this page is no callback
 */
export function createDoorwayClient(options: DoorwayClientOptions = {}): DoorwayClient {
  const {
    callbackPath: path = '/oauth/callback',
    popupTimeoutMs = transactionTtlMs,
    now = Date.now,
    flows = [rhombusSignIn],
  } = options
  const sessions = createBroadcast<SessionSummary>('doorway:session')
  // The session ends itself at its expiresAt, in every tab (each arms its own timer from the
  // sessions it reads and hears), and as soon as the BFF answers session_expired.
  let expiry: ReturnType<typeof setTimeout> | undefined
  const expire = () => emit({ authenticated: false, expired: true })
  const watch = (session: SessionSummary) => {
    clearTimeout(expiry)
    const at = session.authenticated && session.expiresAt
    // setTimeout fires at once past 2^31-1 ms (~24.8 days): a later end re-arms in 1e9 ms.
    if (at)
      expiry = setTimeout(at - now() > 1e9 ? watch : expire, Math.min(at - now(), 1e9), session)
    return session
  }
  const emit = (session: SessionSummary) => sessions.emit(watch(session))
  const bff = createBffClient({ ...options, onSessionExpired: expire })
  const win = () => options.window ?? window
  const store = () => createTransactionStore(options.storage ?? win().sessionStorage, now)
  let config: Promise<PublicConfig> | undefined
  let running: Promise<unknown> | undefined
  const attempt = <T>(begin: () => Promise<T>): Promise<T> => {
    if (!running) {
      running = begin().finally(() => {
        running = undefined
      })
    }
    return running as Promise<T>
  }

  const parse = (href: string) => parseCallback(href, path)
  const callbackFlow = (url?: string | URL) =>
    parse(String(url ?? win().location.href))?.flow ?? null
  const listed = (id: string) => {
    const flow = flows.find((f) => f.id === id)
    if (!flow)
      throw new DoorwayError(
        'not_configured',
        `Pass flow "${id}" to createDoorwayClient({ flows }).`,
      )
    return flow
  }

  const getConfig = () =>
    (config ??= bff.getConfig().catch((e) => {
      config = undefined
      throw e
    }))

  // Once per state and page, failures included: a code is never exchanged twice.
  function exchange(p: CallbackParams, w?: Window): Promise<CallbackResult> {
    let r = exchanges.get(p.state!)
    if (!r) {
      r = finish(p, w)
      if (p.state) exchanges.set(p.state, r)
    }
    return r
  }

  // The flow is the client's of the id the stored transaction names; the callback's path
  // must name it too, so a flow never finishes another's transaction.
  async function finish(p: CallbackParams, w?: Window): Promise<CallbackResult> {
    const tx = p.state ? store().take(p.state) : null
    if (tx?.flow !== p.flow) throw new DoorwayError('state_mismatch')
    const flow = listed(tx.flow)
    if (w) {
      const u = new URL(w.location.href)
      for (const key of callbackParams) u.searchParams.delete(key)
      w.history.replaceState(w.history.state, '', u.href)
      stripped = [u.href, tx]
    }
    // A failure says where the attempt started, so the app can leave the callback page too.
    const done = await flow.finish(p, tx, bff).catch((e: { returnTo?: string }) => {
      e.returnTo = tx.returnTo
      throw e
    })
    const result = { ...done, flow: tx.flow, returnTo: tx.returnTo }
    if (result.session) emit(result.session)
    return result
  }

  async function start<T>(
    flow: Flow<T>,
    { mode, returnTo }: SignInOptions = {},
  ): Promise<CallbackResult<T> | undefined> {
    const w = win()
    // Opened before any await, while the click still grants user activation.
    listed(flow.id)
    const popup = mode === 'popup' ? openPopup(w) : undefined
    try {
      const { pathname, search, hash, origin } = w.location
      const back = safeReturnTo(returnTo ?? pathname + search + hash, origin)
      const state = createState()
      const { url, ...tx } = await flow.start({ state, returnTo: back, callbackPath: path }, client)
      store().save({ ...tx, flow: flow.id, state, returnTo: back })
      if (!popup) return void w.location.assign(url)
      popup.location.replace(url)
      const data = await waitForPopup<{ type: string; url: string }>(
        w,
        popup,
        origin,
        popupTimeoutMs,
        (d) => d?.type === callbackType && typeof d.url === 'string',
      )
      const p = parse(data.url)
      if (p?.state !== state) throw new DoorwayError('state_mismatch')
      return (await exchange(p)) as CallbackResult<T>
    } finally {
      popup?.close()
    }
  }

  const client: DoorwayClient = {
    getConfig,
    getSession: () => bff.getSession().then(watch),
    signIn: (_: 'rhombus', options?: SignInOptions) =>
      attempt(() =>
        start(rhombusSignIn, options).then((result) => result?.session),
      ) as Promise<SessionSummary>,
    authorize: (flow, options) => attempt(() => start(flow, options)),
    attempt,
    callbackFlow,
    async handleCallback(url) {
      const w = win()
      const href = String(url ?? w.location.href)
      const p = parse(href)
      if (!p) return (stripped?.[0] === href && exchanges.get(stripped[1].state)) || null
      if (w.opener && w.name === popupName) {
        w.opener.postMessage({ type: callbackType, url: href }, w.location.origin)
        w.close()
        return null
      }
      // Only the address bar that shows this callback is cleaned.
      return exchange(p, w.location.href === href ? w : undefined)
    },
    signOut: (options) => bff.signOut(options).then(emit),
    request: bff.request,
    rhombus: { request: bff.rhombusRequest },
    subscribe: (listener) => sessions.subscribe((session) => listener(watch(session))),
  }
  return client
}
