import { createSqliteCredentialStore, SESSION_COOKIE } from '@doorway/bff'
import {
  expiredSessionGraceSeconds,
  sealSessionId,
  sessionKey,
  sessionRecord,
} from '../packages/bff/src/session/createSessionManager.js'
import type { Session } from '../packages/bff/src/session/Session.js'
import { benchSettings } from './benchSettings.js'

/**
 * Stores one live Rhombus session in the SQLite file `databaseFile`, as the BFF's sign-in
 * does (its own `sessionRecord`, in the default store encrypted under the bench session
 * secret), and returns the `Cookie` header naming it (the id sealed with the BFF's own
 * `sealSessionId`). Its access token lasts an hour, so nothing refreshes it during a run.
 */
export async function storeBenchSession(databaseFile: string): Promise<string> {
  const now = Date.now()
  const session: Session = {
    id: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'),
    userId: 'bench-user',
    userIdFrom: 'token',
    provider: 'rhombus',
    isPartner: false,
    org: { uuid: 'bench-org-uuid', name: 'Bench org' },
    accessToken: 'bench-access-token',
    refreshToken: 'bench-refresh-token',
    accessExpiresAt: now + 3_600_000,
    accessIssuedAt: now,
    expiresAt: now + 30 * 24 * 3_600_000,
    createdAt: now,
  }
  const store = createSqliteCredentialStore(databaseFile, { secret: benchSettings.sessionSecret })
  try {
    await store.putRecord(sessionRecord(session, now))
  } finally {
    await store.close()
  }
  const until = session.expiresAt + expiredSessionGraceSeconds * 1000
  const sealed = await sealSessionId(
    session.id,
    until,
    await sessionKey(benchSettings.sessionSecret),
  )
  return `${SESSION_COOKIE}=${sealed}`
}
