#!/usr/bin/env node
import { startSandbox } from './startSandbox.js'

/**
 * `doorway-sandbox`: serves the sandbox on `PORT` (default 4010) at 127.0.0.1 until
 * SIGINT or SIGTERM. Prints the Rhombus, Envoy and Versori URLs to configure the BFF
 * with; never a secret.
 */
const port = Number(process.env.PORT ?? 4010)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`doorway-sandbox: PORT must be a port number, not "${process.env.PORT}".`)
  process.exit(1)
}

const sandbox = await startSandbox({ port })
console.log(`Doorway sandbox listening on ${sandbox.url}
  Rhombus console                   ${sandbox.rhombus.consoleUrl}
  Rhombus auth-web (oauth2 token)   ${sandbox.rhombus.authWebUrl}
  Rhombus auth (legacy token)       ${sandbox.rhombus.authUrl}
  Rhombus API                       ${sandbox.rhombus.apiUrl}
  Envoy app (authorize, token)      ${sandbox.envoy.authUrl}
  Envoy API                         ${sandbox.envoy.apiUrl}
  Versori platform                  ${sandbox.versori.platformUrl}
  Versori callback origin           ${sandbox.versori.callbackOrigin}
  Request log                       ${sandbox.url}/__sandbox/requests`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await sandbox.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
