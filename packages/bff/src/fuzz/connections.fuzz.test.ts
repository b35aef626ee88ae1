import { describe } from 'vitest'
import { bffRoutes, fuzzRoutes } from './__tests__/bffFuzzKit.js'

describe('fuzz: provider connections (Envoy and an OAuth provider)', () => {
  fuzzRoutes([
    bffRoutes.oauthState,
    bffRoutes.oauthExchange,
    bffRoutes.connectionStatus,
    bffRoutes.connectionDisconnect,
  ])
})
