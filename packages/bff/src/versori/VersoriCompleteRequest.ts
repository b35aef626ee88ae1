import { parseBodyObject } from '../http/parseBodyObject.js'

/** The body of `POST /envoy/versori/complete`: what Versori's callback page handed the browser. */
export interface VersoriCompleteRequest {
  code: string
  /** Must be a state this BFF initialised for this user, not used yet. */
  state: string
}

/** Checks `body` against {@link VersoriCompleteRequest}; 400 `bad_request` naming the field otherwise. */
export function parseVersoriCompleteRequest(body: unknown): VersoriCompleteRequest {
  const fields = parseBodyObject(body)
  return {
    code: fields.string('code', { maxLength: 2048 }),
    state: fields.string('state', { maxLength: 2048 }),
  }
}
