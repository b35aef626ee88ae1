/**
 * A throwaway PostgreSQL server for tests (initdb in a temp directory, 127.0.0.1, a free
 * port, run as the `postgres` account when we are root). One implementation for the BFF's
 * unit tests and these: it lives beside them, since the BFF's tsconfig cannot reach here.
 */
export {
  type PostgresServer,
  postgresUnavailable,
  startPostgres,
} from '../../packages/bff/src/__tests__/startPostgres.js'
