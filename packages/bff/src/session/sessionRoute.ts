import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { summarizeSession } from './SessionSummary.js'

/** `GET /session`: the {@link SessionSummary}, never a token. */
export function sessionRoute({ sessions }: BffServices): Handler {
  return async (c) => c.json(summarizeSession(await sessions.read(c)))
}
