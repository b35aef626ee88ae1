// The page of comparison c (bundled by compareRedirectStart.ts, served next to a BFF): two
// buttons on one page, one starting Doorway's sign-in by redirect (`signIn('rhombus')` of
// @doorway/core, what RhombusLoginButton calls), the other oidc-client-ts's
// `UserManager.signinRedirect()` (what react-oidc-context calls), both to the same
// authorize endpoint. Each does its whole job (PKCE pair, state, stored transaction,
// authorize URL) and navigates. The time from the click event to the `navigate` event of
// the Navigation API (fired as `location.assign` starts the navigation) is kept in
// localStorage, and read back by the driver on the next load of this page.
import { createDoorwayClient } from '@doorway/core'
import { UserManager } from 'oidc-client-ts'

interface NavigateEvent extends Event {
  destination: { url: string }
}
declare const navigation: EventTarget

const resultKey = 'bench:navigate'
// Set by the driver on <body>: the authorize endpoint, client id and redirect URI.
const settings = document.body.dataset
const authorizeEndpoint = settings.authorize ?? ''

// The previous sample's result, handed to the driver; then a clean slate for this one.
;(window as { benchLast?: string | null }).benchLast = localStorage.getItem(resultKey)
localStorage.clear()
sessionStorage.clear()

const doorway = createDoorwayClient({ baseUrl: '/bff' })
const oidc = new UserManager({
  authority: new URL(authorizeEndpoint).origin,
  client_id: settings.clientId ?? '',
  redirect_uri: settings.redirectUri ?? '',
  response_type: 'code',
  scope: 'openid',
  // Given inline, as the BFF's /config is read before the click: no discovery request.
  metadata: {
    issuer: new URL(authorizeEndpoint).origin,
    authorization_endpoint: authorizeEndpoint,
    token_endpoint: `${new URL(authorizeEndpoint).origin}/token`,
  },
})

let clickedAt = Number.NaN
let which = ''
addEventListener(
  'click',
  (event) => {
    clickedAt = event.timeStamp
    which = (event.target as HTMLElement).id
  },
  { capture: true },
)
navigation.addEventListener('navigate', (event) => {
  const ms = performance.now() - clickedAt
  const url = (event as NavigateEvent).destination.url
  localStorage.setItem(resultKey, JSON.stringify({ which, ms, url }))
})

document.getElementById('doorway')?.addEventListener('click', () => {
  void doorway.signIn('rhombus')
})
document.getElementById('oidc-client-ts')?.addEventListener('click', () => {
  void oidc.signinRedirect()
})

// What DoorwayProvider does on mount: the BFF's public config, read once and kept.
await doorway.getConfig()
document.body.dataset.ready = 'true'
