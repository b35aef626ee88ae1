import { describe } from 'vitest'
import { bffRoutes, fuzzRoutes } from './__tests__/bffFuzzKit.js'

describe('fuzz: connecting Envoy through Versori', () => {
  fuzzRoutes([bffRoutes.versoriInitialise, bffRoutes.versoriComplete])
})
