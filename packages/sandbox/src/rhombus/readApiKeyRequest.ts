import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { authenticateRhombusApiKey } from './authenticateRhombusApiKey.js'
import type { RhombusState } from './createRhombusState.js'
import type { RhombusAccount } from './rhombusAccounts.js'

/** An error of an API-key route in Rhombus's shape, `{error: true, errorMsg}`. */
export function rhombusApiError(status: 400 | 401 | 403 | 404 | 415, errorMsg: string): Response {
  return jsonResponse({ error: true, errorMsg }, status)
}

/**
 * The first steps of every API-key route (`api-token` + `x-auth-apikey`): the key's
 * account and the JSON object body, or the error response (401, 415, 400) with the
 * route group's own texts.
 */
export async function readApiKeyRequest(
  state: RhombusState,
  request: Request,
  texts: { unsupportedMediaType: string; invalidBody: string },
): Promise<{ account: RhombusAccount; body: Record<string, unknown> } | Response> {
  const account = authenticateRhombusApiKey(state, request.headers)
  if (typeof account === 'string') return rhombusApiError(401, account)
  if (!hasMediaType(request.headers, 'application/json')) {
    return rhombusApiError(415, texts.unsupportedMediaType)
  }
  const body = parseJsonObject(await request.text())
  if (body === undefined) return rhombusApiError(400, texts.invalidBody)
  return { account, body }
}
