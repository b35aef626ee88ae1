import { describe } from 'vitest'
import { bffRoutes, fuzzRoutes } from './__tests__/bffFuzzKit.js'

describe('fuzz: the Envoy routes and the Envoy API proxy', () => {
  fuzzRoutes([
    bffRoutes.envoyConnection,
    bffRoutes.envoyDisconnect,
    bffRoutes.rhombusInitiate,
    bffRoutes.rhombusLocations,
    bffRoutes.envoyApi,
  ])
})
