// The bare comparison server of `pnpm bench` (started by startChild): node:http and
// nothing else, doing the work of the two BFF routes it is compared with, no more:
// - `GET /bff/session`: reads the `doorway_session` cookie, decrypts it with jose
//   (`dir` + `A256GCM`, the key the BFF derives: SHA-256 of the session secret), and
//   answers the same session summary JSON;
// - `POST /bff/rhombus/api/<path>`: needs `x-doorway-csrf: 1`, decrypts the cookie for the
//   access token, forwards the JSON body with fetch to `RHOMBUS_API_URL/api/<path>` with
//   the same headers the BFF sends, and relays the status and JSON body.
// No origin checks, body limits, path validation, logging or error documents: what is
// left is the floor a framework-free server could reach for the same answers.
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerIpc } from './answerIpc.js'
import { loadJose } from './loadJose.js'

const { jwtDecrypt } = await loadJose()
const key = new Uint8Array(
  createHash('sha256')
    .update(process.env.SESSION_SECRET ?? '')
    .digest(),
)
const apiUrl = process.env.RHOMBUS_API_URL ?? ''
const proxyPrefix = '/bff/rhombus/api/'

interface Claims {
  userId?: string
  userIdFrom?: string
  provider?: string
  accessToken?: string
  isPartner?: boolean
  exp?: number
}

async function session(request: IncomingMessage): Promise<Claims | null> {
  const cookie = request.headers.cookie
    ?.split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith('doorway_session='))
    ?.slice('doorway_session='.length)
  if (!cookie) return null
  try {
    const { payload } = await jwtDecrypt(cookie, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
    })
    return payload as Claims
  } catch {
    return null
  }
}

function send(response: ServerResponse, status: number, body: string) {
  response
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body)
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  const url = request.url ?? '/'
  if (request.method === 'GET' && url === '/bff/session') {
    const claims = await session(request)
    return send(
      response,
      200,
      JSON.stringify(
        claims === null
          ? { authenticated: false }
          : {
              authenticated: true,
              provider: claims.provider,
              user: claims.userIdFrom === 'token' ? { id: claims.userId } : null,
              isPartner: claims.isPartner,
              expiresAt: (claims.exp ?? 0) * 1000,
            },
      ),
    )
  }
  if (request.method === 'POST' && url.startsWith(proxyPrefix)) {
    if (request.headers['x-doorway-csrf'] !== '1') return send(response, 403, '{"error":"csrf"}')
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const claims = await session(request)
    if (claims?.accessToken === undefined) return send(response, 401, '{"error":"session"}')
    const answer = await fetch(`${apiUrl}/api/${url.slice(proxyPrefix.length)}`, {
      method: 'POST',
      headers: {
        accept: request.headers.accept ?? 'application/json',
        'content-type': request.headers['content-type'] ?? 'application/json',
        'x-auth-scheme': claims.isPartner ? 'partner-api-oauth-token' : 'api-oauth-token',
        'x-auth-access-token': claims.accessToken,
      },
      body: Buffer.concat(chunks).toString('utf8'),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
    return send(response, answer.status, await answer.text())
  }
  return send(response, 404, '{"error":"not_found"}')
}

const server = createServer((request, response) => {
  handle(request, response).catch(() => send(response, 502, '{"error":"upstream"}'))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo
answerIpc(`http://127.0.0.1:${port}`, {})
