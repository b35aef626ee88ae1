import type { VersoriCompleteRequest } from '@doorway/core'
import { parseBodyObject } from '../http/parseBodyObject.js'

/** Checks `body` (`POST /envoy/versori/complete`) against {@link VersoriCompleteRequest}; 400 `bad_request` naming the field otherwise. */
export function parseVersoriCompleteRequest(body: unknown): VersoriCompleteRequest {
  const fields = parseBodyObject(body)
  return {
    code: fields.string('code', { maxLength: 2048 }),
    state: fields.string('state', { maxLength: 2048 }),
  }
}
