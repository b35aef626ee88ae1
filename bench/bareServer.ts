// The bare comparison server of `pnpm bench` (started by startChild): node:http and
// nothing else but the store lookup a server-side session needs, doing the work of the two
// BFF routes it is compared with, no more:
// - `GET /bff/session`: reads the `doorway_session` cookie, decrypts it with jose
//   (`dir` + `A256GCM`, the key the BFF derives: SHA-256 of the session secret) for the
//   session id, reads that `session` record from the same kind of store the BFF uses (the
//   BFF's own SQLite credential store, `createSqliteCredentialStore(DOORWAY_DB)`, secrets
//   encrypted under the session secret), and answers the same session summary JSON;
// - `POST /bff/rhombus/api/<path>`: needs `x-doorway-csrf: 1`, finds the session the same
//   way for its access token, forwards the JSON body (undici request, the BFF's own client) to
//   `RHOMBUS_API_URL/api/<path>` with the same headers the BFF sends, and relays the status
//   and JSON body;
// - `POST /bff/auth/rhombus/exchange`: the sign-in's work and no more: the BFF's token
//   request (form-encoded, HTTP Basic: `directTokenRequest`) and `POST /api/org/getOrgV2` with the new
//   token, both with undici's request (the BFF's default transport), then the session record written to the store (the BFF's own
//   `sessionRecord`) and its id sealed into the cookie (`sealSessionId`), answered with the
//   session summary.
// One store read (or write) per request; no origin checks, body limits, path validation,
// refresh logic, logging or error documents: what is left is the floor a framework-free
// server could reach for the same answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSqliteCredentialStore, type StoredRecord } from '@doorway/bff'
import { type UpstreamRequest, undiciTransport } from '../packages/bff/src/http/callUpstream.js'
import { rhombusUserRequest } from '../packages/bff/src/rhombus/rhombusApi.js'
import {
  expiredSessionGraceSeconds,
  sealSessionId,
  sessionRecord,
} from '../packages/bff/src/session/createSessionManager.js'
import type { Session } from '../packages/bff/src/session/Session.js'
import { answerIpc } from './answerIpc.js'
import { loadJose } from './loadJose.js'
import { directTokenRequest } from './rhombusTokenRequests.js'

const { jwtDecrypt } = await loadJose()
const secret = process.env.SESSION_SECRET ?? ''
const key = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)))
const store = createSqliteCredentialStore(process.env.DOORWAY_DB ?? '', { secret })
const apiUrl = process.env.RHOMBUS_API_URL ?? ''
const authUrl = process.env.RHOMBUS_AUTH_URL ?? ''
const proxyPrefix = '/bff/rhombus/api/'
/** Refreshable sessions last this long (the BFF's default `DOORWAY_SESSION_MAX_AGE_SECONDS`). */
const sessionMaxAgeMs = 30 * 24 * 3600 * 1000

/** The fields of a session record's `data` this server reads. */
interface SessionData {
  userIdFrom?: string
  provider?: string
  isPartner?: boolean
  org?: unknown
  endsAt?: number
  ended?: string
}

/** The request's live session record: cookie → session id → `session` record. */
async function session(request: IncomingMessage): Promise<StoredRecord | null> {
  const cookie = request.headers.cookie
    ?.split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith('doorway_session='))
    ?.slice('doorway_session='.length)
  if (!cookie) return null
  let sid: unknown
  try {
    const { payload } = await jwtDecrypt(cookie, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
    })
    sid = payload.sid
  } catch {
    return null
  }
  if (typeof sid !== 'string') return null
  const record = await store.getRecord('session', sid)
  const data = record?.data as SessionData | undefined
  if (record === undefined || data === undefined || data.ended !== undefined) return null
  if (record.secrets.accessToken === undefined || Date.now() >= (data.endsAt ?? 0)) return null
  return record
}

function reply(response: ServerResponse, status: number, body: string) {
  response
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body)
}

/**
 * One upstream request with the BFF's own HTTP client (undici's request, its default
 * transport), the whole body read as text: the same client, none of callUpstream's checks.
 */
async function send(request: UpstreamRequest): Promise<{ status: number; body: string }> {
  const answer = await undiciTransport(request, AbortSignal.timeout(10_000))
  const chunks: Uint8Array[] = []
  for await (const chunk of answer.body ?? []) chunks.push(chunk)
  return { status: answer.status, body: Buffer.concat(chunks).toString('utf8') }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** `POST /bff/auth/rhombus/exchange`: token request, getOrgV2, session record, cookie. */
async function exchange(request: IncomingMessage, response: ServerResponse) {
  if (request.headers['x-doorway-csrf'] !== '1') return reply(response, 403, '{"error":"csrf"}')
  const grant = JSON.parse(await readBody(request)) as {
    code: string
    codeVerifier: string
    redirectUri: string
  }
  const tokenAnswer = await send(directTokenRequest(authUrl, grant.code))
  const tokens = JSON.parse(tokenAnswer.body) as {
    access_token?: string
    refresh_token?: string
    expires_in?: number
  }
  if (tokenAnswer.status !== 200 || tokens.access_token === undefined) {
    return reply(response, 502, '{"error":"token"}')
  }
  const orgRequest = rhombusUserRequest(
    apiUrl,
    'org/getOrgV2',
    tokens.access_token,
    'api-oauth-token',
  )
  const orgAnswer = await send(orgRequest)
  const { org } = JSON.parse(orgAnswer.body) as { org?: { uuid: string; name: string } }
  if (orgAnswer.status !== 200 || org === undefined) return reply(response, 502, '{"error":"org"}')
  const payload = tokens.access_token.split('.')[1] ?? ''
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }
  const now = Date.now()
  const session: Session = {
    id: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'),
    userId: sub,
    userIdFrom: 'token',
    provider: 'rhombus',
    isPartner: false,
    org: { uuid: org.uuid, name: org.name },
    accessToken: tokens.access_token,
    accessExpiresAt: now + (tokens.expires_in ?? 3600) * 1000,
    accessIssuedAt: now,
    expiresAt: now + sessionMaxAgeMs,
    createdAt: now,
  }
  if (tokens.refresh_token !== undefined) session.refreshToken = tokens.refresh_token
  await store.putRecord(sessionRecord(session, now))
  const until = session.expiresAt + expiredSessionGraceSeconds * 1000
  const sealed = await sealSessionId(session.id, until, key)
  response
    .writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'set-cookie': `doorway_session=${sealed}; Max-Age=${Math.ceil((until - now) / 1000)}; Path=/; HttpOnly; SameSite=Lax`,
    })
    .end(
      JSON.stringify({
        authenticated: true,
        provider: 'rhombus',
        user: { id: sub },
        org: session.org,
        isPartner: false,
        expiresAt: session.expiresAt,
      }),
    )
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  const url = request.url ?? '/'
  if (request.method === 'POST' && url === '/bff/auth/rhombus/exchange') {
    return exchange(request, response)
  }
  if (request.method === 'GET' && url === '/bff/session') {
    const record = await session(request)
    const data = record?.data as SessionData | undefined
    return reply(
      response,
      200,
      JSON.stringify(
        record === null || data === undefined
          ? { authenticated: false }
          : {
              authenticated: true,
              provider: data.provider,
              user: data.userIdFrom === 'token' ? { id: record.ownerId } : null,
              org: data.org,
              isPartner: data.isPartner,
              expiresAt: data.endsAt,
            },
      ),
    )
  }
  if (request.method === 'POST' && url.startsWith(proxyPrefix)) {
    if (request.headers['x-doorway-csrf'] !== '1') return reply(response, 403, '{"error":"csrf"}')
    const body = await readBody(request)
    const record = await session(request)
    const accessToken = record?.secrets.accessToken
    if (record === null || accessToken === undefined) {
      return reply(response, 401, '{"error":"session"}')
    }
    const answer = await send({
      url: `${apiUrl}/api/${url.slice(proxyPrefix.length)}`,
      method: 'POST',
      headers: {
        accept: request.headers.accept ?? 'application/json',
        'content-type': request.headers['content-type'] ?? 'application/json',
        'x-auth-scheme': record.data.isPartner ? 'partner-api-oauth-token' : 'api-oauth-token',
        'x-auth-access-token': accessToken,
      },
      body,
    })
    return reply(response, answer.status, answer.body)
  }
  return reply(response, 404, '{"error":"not_found"}')
}

const server = createServer((request, response) => {
  handle(request, response).catch(() => reply(response, 502, '{"error":"upstream"}'))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo
answerIpc(`http://127.0.0.1:${port}`, {})
