import {
  type BffClientOptions,
  createBffClient,
  type PublicConfig,
  type RequestOptions,
  type SessionSummary,
} from './bffClient.js'
import { type CallbackParams, callbackParams, parseCallback } from './callback.js'
import { DoorwayError } from './errors.js'
import { createPKCE, createState } from './pkce.js'
import { buildAuthorizeUrl } from './providers/dialect.js'
import { rhombusDialects } from './providers/rhombus.js'
import { safeReturnTo } from './returnTo.js'
import { createTransactionStore, transactionTtlMs } from './transactionStore.js'

/** Options of {@link createDoorwayClient}. Everything is injectable for tests. */
export interface DoorwayClientOptions extends BffClientOptions {
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

/** Options of {@link DoorwayClient.signIn}. */
export interface SignInOptions {
  /** `redirect` (default) navigates this tab; `popup` must be called in a click handler. */
  mode?: 'redirect' | 'popup'
  /** Same-origin path to come back to. Default: the current one. */
  returnTo?: string
}

/** A redeemed callback: the new session and where the app wanted to go. */
export interface CallbackResult {
  provider: string
  session: SessionSummary
  returnTo: string
}

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
  /** True when `url` (default: the current one) is a callback for {@link handleCallback}. */
  isCallback(url?: string | URL): boolean
  /**
   * Redeems the callback at `url` (default: the current one) once, however often it is
   * called, also at the address it left after stripping code and state; resolves null when
   * the URL is not a callback of ours, or inside the popup (which hands the result to its
   * opener and closes).
   */
  handleCallback(url?: string | URL): Promise<CallbackResult | null>
  signOut(): Promise<SessionSummary>
  rhombus: {
    /** A Rhombus API call through the BFF, e.g. `request('/user/getUsersInOrg')`. */
    request<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>
  }
  /** Listens to session changes in this tab and in the others; returns the unsubscribe. */
  subscribe(listener: (session: SessionSummary) => void): () => void
}

const popupName = 'doorway:popup'
const callbackType = 'doorway:callback'
const sessionType = 'doorway:session'

// Per page, not per client: StrictMode and remounts may build more than one client.
const redemptions = new Map<string, Promise<CallbackResult>>()
// The address bar after stripping and its state, so that a second effect (StrictMode) reading
// it still gets the result.
let stripped: [href: string, state: string] | undefined

const channel = () =>
  typeof BroadcastChannel === 'function' ? new BroadcastChannel('doorway') : undefined

/**
 * Creates the browser client: PKCE sign-in by redirect or popup, callback redemption
 * through the BFF (the authorization code grant of
 * [RFC 6749 §4.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1) with
 * [RFC 7636](https://www.rfc-editor.org/rfc/rfc7636), in the BFF pattern of
 * draft-ietf-oauth-browser-based-apps), and session changes shared between tabs.
 */
export function createDoorwayClient(options: DoorwayClientOptions = {}): DoorwayClient {
  const {
    callbackPath: path = '/oauth/callback',
    popupTimeoutMs = transactionTtlMs,
    now = Date.now,
  } = options
  const bff = createBffClient(options)
  const win = () => options.window ?? window
  const store = () => createTransactionStore(options.storage ?? win().sessionStorage, now)
  const listeners = new Set<(session: SessionSummary) => void>()
  let ch: BroadcastChannel | undefined
  let config: Promise<PublicConfig> | undefined
  let pending: Promise<SessionSummary | undefined> | undefined

  const parse = (href: string) => parseCallback(href, { path })

  const notify = (session: SessionSummary) => {
    for (const listener of listeners) listener(session)
  }
  const emit = (session: SessionSummary) => {
    notify(session)
    const c = ch ?? channel()
    c?.postMessage({ type: sessionType, session })
    if (c !== ch) c?.close()
    return session
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
      stripped = [u.href, tx.state]
    }
    // The message is the provider's error_description, kept in the options too.
    if (p.error) throw new DoorwayError(p.error, undefined, p)
    if (!p.code && !p.accessToken) throw new DoorwayError('invalid_callback')
    const session = await bff.exchangeRhombus({
      ...(p.code && { code: p.code, codeVerifier: tx.codeVerifier }),
      redirectUri: tx.redirectUri,
      ...(p.isPartner === 'true' && { isPartner: true }),
      ...(p.accessToken && { accessToken: p.accessToken }),
    })
    return { provider: tx.provider, session: emit(session), returnTo: tx.returnTo }
  }

  async function start(
    provider: 'rhombus',
    { mode, returnTo }: SignInOptions,
  ): Promise<SessionSummary | undefined> {
    const w = win()
    // Opened before any await, while the click still grants user activation.
    const popup = mode === 'popup' ? w.open('', popupName, 'popup,width=500,height=700') : undefined
    if (popup === null) throw new DoorwayError('popup_blocked')
    try {
      const { pathname, search, hash, origin } = w.location
      const back = safeReturnTo(returnTo ?? pathname + search + hash, origin)
      const c = (await getConfig()).providers[provider]
      if (!c) throw new DoorwayError('not_configured')
      const { codeVerifier, codeChallenge } = await createPKCE()
      const state = createState()
      store().save({ provider, state, codeVerifier, redirectUri: c.redirectUri, returnTo: back })
      const { href } = buildAuthorizeUrl(c.consoleUrl, rhombusDialects[c.protocol], {
        ...c,
        state,
        codeChallenge,
      })
      if (!popup) return void w.location.assign(href)
      popup.location.replace(href)
      const p = parse(await waitForPopup(w, popup, popupTimeoutMs))
      if (p?.state !== state) throw new DoorwayError('state_mismatch')
      return (await redeem(p)).session
    } finally {
      popup?.close()
    }
  }

  return {
    getConfig,
    getSession: bff.getSession,
    signIn(provider: 'rhombus', options: SignInOptions = {}): Promise<SessionSummary> {
      pending ??= start(provider, options).finally(() => {
        pending = undefined
      })
      return pending as Promise<SessionSummary>
    },
    isCallback(url) {
      const href = String(url ?? win().location.href)
      return !!parse(href) || stripped?.[0] === href
    },
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
    signOut: async () => emit(await bff.signOut()),
    rhombus: { request: bff.rhombusRequest },
    subscribe(listener) {
      listeners.add(listener)
      if (!ch) {
        ch = channel()
        if (ch) ch.onmessage = (e) => e.data?.type === sessionType && notify(e.data.session)
      }
      return () => {
        listeners.delete(listener)
        if (!listeners.size) {
          ch?.close()
          ch = undefined
        }
      }
    },
  }
}

/** Resolves with the callback URL our popup posts; rejects when it closes or times out. */
function waitForPopup(w: Window, popup: Window, ms: number): Promise<string> {
  let stop = () => {}
  return new Promise<string>((resolve, reject) => {
    const onMessage = (e: MessageEvent) => {
      if (
        e.origin === w.location.origin &&
        e.source === popup &&
        e.data?.type === callbackType &&
        typeof e.data.url === 'string'
      ) {
        resolve(e.data.url)
      }
    }
    // The popup posts, then closes itself: allow one more poll for its message to land.
    let closed = false
    const poll = setInterval(() => {
      if (closed) reject(new DoorwayError('popup_closed'))
      closed = popup.closed
    }, 500)
    const timer = setTimeout(() => reject(new DoorwayError('timeout')), ms)
    w.addEventListener('message', onMessage)
    stop = () => {
      clearInterval(poll)
      clearTimeout(timer)
      w.removeEventListener('message', onMessage)
    }
  }).finally(() => stop())
}
