// A stand-in for the Rhombus API host (started by startChild) that costs next to nothing,
// so that the proxy benchmark measures the two proxies and not the upstream:
// `POST /api/user/getUsersInOrg` with an access token answers the sandbox's own body for
// the standard account (`{users: [...]}`); anything else is 404, no token is 401.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rhombusAccounts } from '@doorway/sandbox'
import { answerIpc } from './answerIpc.js'

const users = JSON.stringify({ users: rhombusAccounts.standard.org.users })

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/api/user/getUsersInOrg') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":true}')
    } else if (!request.headers['x-auth-access-token']) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":true}')
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(users)
    }
  })
})
server.keepAliveTimeout = 60_000
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo
answerIpc(`http://127.0.0.1:${port}`, {})
