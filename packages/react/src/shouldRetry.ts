import type { DoorwayError } from '@doorway/core'

/**
 * Retries network failures, timeouts and 5xx twice; an answer the BFF gave on purpose
 * (401, 403, any 4xx) is final, so a signed-out user is not kept waiting.
 */
export const shouldRetry = (failureCount: number, error: DoorwayError): boolean =>
  failureCount < 2 && (error.status ?? 500) >= 500
