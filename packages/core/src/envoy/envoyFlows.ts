import type { Flow } from '../doorwayClient.js'
import { providerError } from '../errors.js'
import { standardFlow } from '../standard/authorizeStandard.js'
import { type EnvoyConnection, type EnvoyVia, envoyFlowIds } from './EnvoyConnection.js'
import { envoyChanges } from './envoyChanges.js'
import { getEnvoyConnection } from './getEnvoyConnection.js'

/**
 * The Envoy connect through Rhombus as a {@link Flow} (id `envoy-rhombus`):
 * `POST /envoy/rhombus/initiate` with this app's callback
 * `/oauth/callback/envoy-rhombus?state=…` as `returnTo` (and `param`, `initiateEnvoyOAuth`'s,
 * when given); the user goes to the `redirectUrl` Rhombus gives, and Rhombus sends them
 * back to that callback, with `error` appended when the user declined or Envoy refused.
 * There is no code to exchange (Rhombus keeps the tokens): the connection is read from
 * `GET /envoy/connection?via=rhombus`, with the warning Rhombus gave when the connect
 * started, and told to {@link envoyChanges}.
 */
export function envoyThroughRhombus(param?: string): Flow<EnvoyConnection> {
  const id = envoyFlowIds.rhombus
  return {
    id,
    async start({ state, callbackPath }, client) {
      const { redirectUrl, warning } = await client.request<{
        redirectUrl: string
        warning?: string
      }>('POST', '/envoy/rhombus/initiate', {
        returnTo: `${callbackPath}/${id}?state=${state}`,
        param,
      })
      return { url: redirectUrl, ...(warning && { data: { warning } }) }
    },
    async finish(callback, tx, bff) {
      if (callback.error) throw providerError(callback.error, callback)
      const connection = await getEnvoyConnection(bff, 'rhombus')
      const warning = tx.data?.warning
      return { data: envoyChanges.emit(warning ? { ...connection, warning } : connection) }
    },
  }
}

/**
 * The flows of the two redirecting ways to connect Envoy, by {@link EnvoyVia}: `direct`
 * (the standards-based provider `envoy`, back on `/oauth/callback/envoy`, its connection
 * told to {@link envoyChanges}) and `rhombus` ({@link envoyThroughRhombus}). `connectEnvoy`
 * starts them; an app that connects Envoy by redirect lists them in its client's flows, so
 * that the page the user comes back to finishes the connect.
 *
 * @example
 * createDoorwayClient({ flows: [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus] })
 */
export const envoyFlows: Readonly<Record<Exclude<EnvoyVia, 'versori'>, Flow<EnvoyConnection>>> = {
  direct: /* @__PURE__ */ standardFlow(envoyFlowIds.direct, (connection) =>
    envoyChanges.emit(connection as EnvoyConnection),
  ),
  rhombus: /* @__PURE__ */ envoyThroughRhombus(),
}
