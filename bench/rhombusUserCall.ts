import { rhombusUserRequest } from '../packages/bff/src/rhombus/rhombusApi.js'

/**
 * `POST {apiUrl}/api/<path>` `{}` with a user's access token, straight from the driver:
 * the request the BFF builds for it (`rhombusUserRequest`, `x-auth-scheme:
 * api-oauth-token`), sent with fetch, its body read whole. Throws unless it is 200 with a
 * JSON object; resolves with that object. For the direct ways of the latency comparisons.
 */
export async function rhombusUserCall(
  apiUrl: string,
  accessToken: string,
  path = 'org/getOrgV2',
): Promise<Record<string, unknown>> {
  const request = rhombusUserRequest(apiUrl, path, accessToken, 'api-oauth-token')
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    redirect: 'manual',
  })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`Direct ${path} failed: ${response.status} ${text}`)
  return JSON.parse(text) as Record<string, unknown>
}
