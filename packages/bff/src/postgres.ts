/**
 * `@doorway/bff/postgres`: the PostgreSQL credential store, for more than one BFF instance
 * (docs/postgres.md). It takes node-postgres from the app (`import pg from 'pg'`), so the
 * main entry point never names `pg` and bundlers never look for it.
 *
 * @example
 * import { createDoorwayBff, loadBffConfig } from '@doorway/bff'
 * import { createPostgresCredentialStore } from '@doorway/bff/postgres'
 * import pg from 'pg'
 *
 * const config = loadBffConfig(process.env)
 * const bff = createDoorwayBff({
 *   ...config,
 *   store: createPostgresCredentialStore(process.env.DOORWAY_DB!, {
 *     pg,
 *     secret: config.encryptionKey ?? config.sessionSecret,
 *   }),
 * })
 */
export type {
  PostgresCredentialStoreOptions,
  PostgresDriver,
} from './store/createPostgresCredentialStore.js'
export {
  createPostgresCredentialStore,
  isPostgresUrl,
  redactPostgresUrl,
} from './store/createPostgresCredentialStore.js'
