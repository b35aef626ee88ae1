import { describe } from 'vitest'
import { bffRoutes, fuzzRoutes } from './__tests__/bffFuzzKit.js'

describe('fuzz: the Rhombus API proxy and API keys', () => {
  fuzzRoutes([bffRoutes.rhombusApi, bffRoutes.apiKeys, bffRoutes.apiKey, bffRoutes.partnerClients])
})
