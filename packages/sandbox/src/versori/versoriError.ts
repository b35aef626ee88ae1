import { jsonResponse } from '../jsonResponse.js'

/** One invalid field of a request body: a path such as `credential.id`, and what is wrong. */
export interface VersoriErrorField {
  field: string
  message: string
}

/** Versori's `Error` object (its OpenAPI `components.schemas.Error`). */
export interface VersoriErrorBody {
  code: string
  message: string
  fields?: VersoriErrorField[]
  details?: string
}

/** A Versori API error response; a 401 names the Bearer scheme (RFC 9110 §11.6.1). */
export function versoriError(
  status: 400 | 401 | 404 | 409 | 415,
  code: string,
  message: string,
  extra: Pick<VersoriErrorBody, 'fields' | 'details'> = {},
): Response {
  const body: VersoriErrorBody = { code, message, ...extra }
  return jsonResponse(
    body,
    status,
    status === 401 ? { 'www-authenticate': 'Bearer realm="versori-sandbox"' } : {},
  )
}
