#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { defaultEnvoyClient } from './envoy/envoyClient.js'
import { isRedirectUri } from './rhombus/rhombusApplicationRoutes.js'
import { defaultRhombusClient } from './rhombus/rhombusClient.js'
import { startSandbox } from './startSandbox.js'

const help = `doorway-sandbox: strict local emulators of Rhombus, Envoy and Versori.

Usage: doorway-sandbox [--port N] [--host NAME] [--redirect-uri URI ...]

Options:
  --port N            where to listen (env PORT; default 4010; 0 picks a free port)
  --host NAME         the address to listen on (env HOST; default 127.0.0.1)
  --redirect-uri URI  one more redirect URI for the default clients, Rhombus's
                      ${defaultRhombusClient.clientId} and Envoy's ${defaultEnvoyClient.clientId}; repeat it for several
                      (env DOORWAY_SANDBOX_REDIRECT_URIS, separated by commas or spaces)
  -h, --help          print this and exit

Registered without options:
  ${[...defaultRhombusClient.redirectUris, ...defaultEnvoyClient.redirectUris].join('\n  ')}

A running sandbox takes more at once:
  curl -X POST http://127.0.0.1:4010/__sandbox/redirect-uris -H 'content-type: application/json' \\
    -d '{"provider":"rhombus","clientId":"${defaultRhombusClient.clientId}","redirectUri":"http://localhost:3000/oauth/callback/rhombus"}'

Stops on Ctrl-C (SIGINT) or SIGTERM. Prints the URLs to configure the BFF with, never a secret.`

/** Stops with `message` on stderr and exit status 2 (a usage error). */
function usage(message: string): never {
  console.error(`doorway-sandbox: ${message}\nRun doorway-sandbox --help for the options.`)
  process.exit(2)
}

let args: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
}
try {
  args = parse()
} catch (error) {
  usage((error as Error).message)
}
if (args.values.help) {
  console.log(help)
  process.exit(0)
}

const portText = args.values.port ?? process.env.PORT ?? '4010'
const port = Number(portText)
if (!/^\d+$/.test(portText) || port > 65535) {
  usage(`the port must be a number from 0 to 65535, not "${portText}".`)
}
const hostname = args.values.host ?? process.env.HOST ?? '127.0.0.1'
const extra = [
  ...(process.env.DOORWAY_SANDBOX_REDIRECT_URIS ?? '').split(/[\s,]+/).filter(Boolean),
  ...(args.values['redirect-uri'] ?? []),
]
for (const uri of extra) {
  if (!isRedirectUri(uri)) {
    usage(`"${uri}" is not a redirect URI: give an absolute http(s) URL without a fragment.`)
  }
}
const withExtra = (uris: readonly string[]) => [...new Set([...uris, ...extra])]

const sandbox = await startSandbox({
  port,
  hostname,
  clients: [
    { ...defaultRhombusClient, redirectUris: withExtra(defaultRhombusClient.redirectUris) },
  ],
  envoyClients: [
    { ...defaultEnvoyClient, redirectUris: withExtra(defaultEnvoyClient.redirectUris) },
  ],
})
console.log(`Doorway sandbox listening on ${sandbox.url}
  Rhombus console                   ${sandbox.rhombus.consoleUrl}
  Rhombus auth-web (oauth2 token)   ${sandbox.rhombus.authWebUrl}
  Rhombus auth (legacy token)       ${sandbox.rhombus.authUrl}
  Rhombus API                       ${sandbox.rhombus.apiUrl}
  Envoy app (authorize, token)      ${sandbox.envoy.authUrl}
  Envoy API                         ${sandbox.envoy.apiUrl}
  Versori platform                  ${sandbox.versori.platformUrl}
  Versori callback origin           ${sandbox.versori.callbackOrigin}
  Request log                       ${sandbox.url}/__sandbox/requests
Redirect URIs of ${defaultRhombusClient.clientId} (Rhombus) and ${defaultEnvoyClient.clientId} (Envoy):
  ${withExtra([...defaultRhombusClient.redirectUris, ...defaultEnvoyClient.redirectUris]).join('\n  ')}`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await sandbox.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
