import type { DoorwayErrorCode } from '@doorway/core'

/**
 * The codes the BFF answers with: core's one closed {@link DoorwayErrorCode} set, which
 * browser and BFF share (`code.test.ts` fails on a code raised outside it).
 */
export type BffErrorCode = DoorwayErrorCode
