import type { UpstreamRequest } from '../http/callUpstream.js'
import { clientSecretBasic } from './clientSecretBasic.js'
import type { OAuthClient, OAuthProvider } from './OAuthProvider.js'

/**
 * A token request for any grant: the grant's `parameters` in their order, then the client
 * credentials as `provider.clientAuth` says (in the body after the grant's parameters, or
 * as HTTP Basic; never both; a public client's `client_id` alone), encoded as `provider.encoding` says. `Accept: application/json`
 * always. Members whose value is `undefined` are left out.
 */
export function tokenEndpointRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  parameters: Readonly<Record<string, string | undefined>>,
): UpstreamRequest {
  const fields: [string, string][] = Object.entries(parameters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  const headers: Record<string, string> = {
    'content-type':
      provider.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (provider.clientAuth === 'none') {
    fields.push(['client_id', client.clientId])
  } else if (client.clientSecret === undefined) {
    throw new Error(`${provider.clientAuth} needs a client secret; a public client uses 'none'.`)
  } else if (provider.clientAuth === 'client_secret_basic') {
    headers.authorization = clientSecretBasic(client.clientId, client.clientSecret)
  } else {
    fields.push(['client_id', client.clientId], ['client_secret', client.clientSecret])
  }
  const body =
    provider.encoding === 'json'
      ? JSON.stringify(Object.fromEntries(fields))
      : new URLSearchParams(fields).toString()
  return { url: provider.tokenEndpoint, method: 'POST', headers, body }
}
