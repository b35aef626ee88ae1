import type { CredentialRow } from './CredentialTable.js'

/** The columns of `doorway_credentials` (SQLite and PostgreSQL), in {@link credentialValues}' order. */
export const credentialColumns = 'kind, id, owner, data, secrets, expires_at, version, updated_at'

/**
 * A row of `doorway_credentials` as a database driver returns it. Numbers may arrive as
 * strings (PostgreSQL `bigint`, which node-postgres keeps exact); ours fit a number.
 */
export interface CredentialColumns {
  kind: string
  id: string
  owner: string | null
  data: string
  secrets: string | null
  expires_at: number | string | null
  version: number | string
  updated_at: number | string
}

/** The {@link CredentialRow} of a database row. */
export function credentialRowOf(row: CredentialColumns): CredentialRow {
  return {
    kind: row.kind,
    id: row.id,
    owner: row.owner,
    data: row.data,
    secrets: row.secrets,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  }
}

/** `row`'s values in the order of {@link credentialColumns}, for an INSERT's parameters. */
export function credentialValues(row: CredentialRow): unknown[] {
  return [
    row.kind,
    row.id,
    row.owner,
    row.data,
    row.secrets,
    row.expiresAt,
    row.version,
    row.updatedAt,
  ]
}
