import {
  type BffClient,
  type BffClientOptions,
  createBffClient,
  type PublicConfig,
  type RequestOptions,
  type SessionSummary,
  type SignOutOptions,
} from './bffClient.js'
import { createBroadcast } from './broadcast.js'
import { type CallbackParams, callbackParams, parseCallback } from './callback.js'
import { DoorwayError } from './errors.js'
import { createPKCE, createState } from './pkce.js'
import { openPopup, popupName } from './popup.js'
import { buildAuthorizeUrl } from './providers/dialect.js'
import { rhombusDialects } from './providers/rhombus.js'
import { redeemers } from './redeemers.js'
import { safeReturnTo } from './returnTo.js'
import { createTransactionStore, type Transaction, transactionTtlMs } from './transactionStore.js'
import { waitForPopup } from './waitForPopup.js'

/** Options of {@link createDoorwayClient}. Everything is injectable for tests; session changes, expiry included, are heard through `subscribe`. */
export interface DoorwayClientOptions extends Omit<BffClientOptions, 'onSessionExpired'> {
  /** Where pending sign-ins are kept. Default `window.sessionStorage`. */
  storage?: Storage
  /** Default the global `window`, read when used (never at import). */
  window?: Window
  /** Path that callbacks arrive on, followed by `/<provider>`. Default `/oauth/callback`. */
  callbackPath?: string
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

/** A redeemed callback: where the app wanted to go, and what the authorization produced. */
export interface CallbackResult {
  provider: string
  returnTo: string
  /** After a sign-in: the new session. */
  session?: SessionSummary
  /** After another provider's authorization: what its {@link Redeemer} resolved with. */
  data?: unknown
}

/**
 * One authorization attempt being started: the fresh `state` it must carry, the checked
 * `returnTo`, and the client's `callbackPath` (callbacks come back on `<callbackPath>/<provider>`).
 */
export interface AuthorizeAttempt {
  state: string
  returnTo: string
  callbackPath: string
}

/**
 * Where to send the user, and what the callback will need (kept in the transaction).
 * `url` is usually the provider's authorize URL; it may be any URL that comes back to
 * `<callbackPath>/<provider>` with the attempt's state.
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
   * Starts a sign-in. Redirect mode navigates away and resolves with nothing; popup mode
   * resolves with the new session. A call while one is starting returns the same promise.
   */
  signIn(provider: 'rhombus', options: SignInOptions & { mode: 'popup' }): Promise<SessionSummary>
  signIn(provider: 'rhombus', options?: SignInOptions): Promise<SessionSummary | undefined>
  /**
   * Starts an authorization of `provider` by the same mechanism as {@link signIn} (popup
   * opened synchronously, returnTo checked, one transaction in sessionStorage, callback on
   * `/oauth/callback/<provider>` redeemed once by the provider's {@link Redeemer}).
   * `target` is awaited once the popup is open. Redirect mode resolves with nothing.
   */
  authorize(
    provider: string,
    target: (attempt: AuthorizeAttempt) => Promise<AuthorizeTarget>,
    options?: SignInOptions,
  ): Promise<CallbackResult | undefined>
  /** True when `url` (default: the current one) is a callback for {@link handleCallback}. */
  isCallback(url?: string | URL): boolean
  /**
   * The provider whose callback `url` (default: the current one) is, known before anything
   * is redeemed (`rhombus` for a sign-in, `envoy` or `envoy-rhombus` for an Envoy connect),
   * so that the app can attribute {@link handleCallback}'s outcome to its flow; null when
   * {@link isCallback} is false.
   */
  callbackProvider(url?: string | URL): string | null
  /**
   * Redeems the callback at `url` (default: the current one) once, however often it is
   * called, also at the address it left after stripping code and state; resolves null when
   * the URL is not a callback of ours, or inside the popup (which hands the result to its
   * opener and closes).
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
const redemptions = new Map<string, Promise<CallbackResult>>()
// The address bar after stripping and its state, so that a second effect (StrictMode) reading
// it still gets the result.
let stripped: [href: string, state: string, provider: string] | undefined

/**
 * Creates the browser client: PKCE sign-in by redirect or popup, callback redemption
 * through the BFF (the authorization code grant of
 * [RFC 6749 §4.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1) with
 * [RFC 7636](https://www.rfc-editor.org/rfc/rfc7636), in the BFF pattern of
 * draft-ietf-oauth-browser-based-apps), the same mechanism for other providers'
 * authorizations ({@link DoorwayClient.authorize}, e.g. `connectEnvoy`), and session
 * changes shared between tabs.
 */
export function createDoorwayClient(options: DoorwayClientOptions = {}): DoorwayClient {
  const {
    callbackPath: path = '/oauth/callback',
    popupTimeoutMs = transactionTtlMs,
    now = Date.now,
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
  let pending: Promise<SessionSummary | undefined> | undefined

  const parse = (href: string) => parseCallback(href, { path })
  const callbackProvider = (url?: string | URL) => {
    const href = String(url ?? win().location.href)
    return parse(href)?.provider ?? (stripped?.[0] === href ? stripped[2] : null)
  }

  const getConfig = () =>
    (config ??= bff.getConfig().catch((e) => {
      config = undefined
      throw e
    }))

  // Once per state and page, failures included: a code is never exchanged twice.
  function redeem(p: CallbackParams, w?: Window): Promise<CallbackResult> {
    let r = redemptions.get(p.state!)
    if (!r) {
      r = exchange(p, w)
      if (p.state) redemptions.set(p.state, r)
    }
    return r
  }

  async function exchange(p: CallbackParams, w?: Window): Promise<CallbackResult> {
    const tx = p.state ? store().take(p.state) : null
    if (tx?.provider !== p.provider) throw new DoorwayError('state_mismatch')
    if (w) {
      const u = new URL(w.location.href)
      for (const key of callbackParams) u.searchParams.delete(key)
      w.history.replaceState(w.history.state, '', u.href)
      stripped = [u.href, tx.state, tx.provider]
    }
    const { provider, returnTo } = tx
    const redeemer = redeemers.get(provider)
    if (redeemer) return { provider, returnTo, data: await redeemer(p, tx, bff) }
    // Never at another provider's endpoint: only Rhombus's own transactions get here.
    if (provider !== 'rhombus') throw new DoorwayError('not_configured')
    // The message is the provider's error_description, kept in the options too.
    if (p.error) throw new DoorwayError(p.error, undefined, p)
    if (!p.code && !p.accessToken) throw new DoorwayError('invalid_callback')
    const session = await bff.exchangeRhombus({
      ...(p.code && { code: p.code, codeVerifier: tx.codeVerifier }),
      redirectUri: tx.redirectUri!,
      ...(p.isPartner === 'true' && { isPartner: true }),
      ...(p.accessToken && { accessToken: p.accessToken }),
    })
    return { provider, session: emit(session), returnTo }
  }

  async function start(
    provider: string,
    target: (attempt: AuthorizeAttempt) => Promise<AuthorizeTarget>,
    { mode, returnTo }: SignInOptions = {},
  ): Promise<CallbackResult | undefined> {
    const w = win()
    // Opened before any await, while the click still grants user activation.
    const popup = mode === 'popup' ? openPopup(w) : undefined
    try {
      const { pathname, search, hash, origin } = w.location
      const back = safeReturnTo(returnTo ?? pathname + search + hash, origin)
      const state = createState()
      const { url, ...tx } = await target({ state, returnTo: back, callbackPath: path })
      store().save({ ...tx, provider, state, returnTo: back })
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
      return await redeem(p)
    } finally {
      popup?.close()
    }
  }

  return {
    getConfig,
    getSession: () => bff.getSession().then(watch),
    signIn(provider: 'rhombus', options?: SignInOptions): Promise<SessionSummary> {
      // PKCE and the configured dialect's authorize URL.
      pending ??= start(
        provider,
        async ({ state }) => {
          const c = (await getConfig()).providers.rhombus
          if (!c) throw new DoorwayError('not_configured')
          const { codeVerifier, codeChallenge } = await createPKCE()
          const { href } = buildAuthorizeUrl(c.consoleUrl, rhombusDialects[c.protocol], {
            ...c,
            state,
            codeChallenge,
          })
          return { url: href, redirectUri: c.redirectUri, codeVerifier }
        },
        options,
      )
        .then((result) => result?.session)
        .finally(() => {
          pending = undefined
        })
      return pending as Promise<SessionSummary>
    },
    authorize: start,
    isCallback: (url) => !!callbackProvider(url),
    callbackProvider,
    async handleCallback(url) {
      const w = win()
      const href = String(url ?? w.location.href)
      const p = parse(href)
      if (!p) return (stripped?.[0] === href && redemptions.get(stripped[1])) || null
      if (w.opener && w.name === popupName) {
        w.opener.postMessage({ type: callbackType, url: href }, w.location.origin)
        w.close()
        return null
      }
      // Only the address bar that shows this callback is cleaned.
      return redeem(p, w.location.href === href ? w : undefined)
    },
    signOut: (options) => bff.signOut(options).then(emit),
    request: bff.request,
    rhombus: { request: bff.rhombusRequest },
    subscribe: (listener) => sessions.subscribe((session) => listener(watch(session))),
  }
}
