import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './freePort.js'

/** A throwaway PostgreSQL server on 127.0.0.1, its data in a temp directory. */
export interface PostgresServer {
  /** `postgres://doorway:<password>@127.0.0.1:<port>/postgres`: the superuser, password auth. */
  url: string
  /** The superuser's password (random), so tests can check it is never printed. */
  password: string
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>
  /** Stops the server (fast shutdown) and deletes its directory. */
  stop(): Promise<void>
}

/** The directory holding `initdb` and `postgres`: `PG_BIN`, else the newest Debian version. */
function binaries(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

/** The uid and gid of the `postgres` account, which PostgreSQL runs as when we are root. */
function postgresAccount(): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [name, , uid, gid] = line.split(':')
    if (name === 'postgres') return { uid: Number(uid), gid: Number(gid) }
  }
  return undefined
}

const runningAsRoot = process.getuid?.() === 0

/**
 * Why {@link startPostgres} cannot run here (no binaries, or root without a `postgres`
 * account), or `undefined` when it can. CI installs Debian's `postgresql` (see .ci/run).
 */
export const postgresUnavailable: string | undefined = (() => {
  if (binaries() === undefined) {
    return 'PostgreSQL binaries not found (apt-get install postgresql, or set PG_BIN)'
  }
  if (runningAsRoot && postgresAccount() === undefined) {
    return 'running as root and there is no "postgres" account to run PostgreSQL as'
  }
  return undefined
})()

/** Resolves once the server says it accepts connections; rejects with its output if it exits. */
function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => finish(new Error(`PostgreSQL did not start:\n${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready to accept connections')) finish()
    }
    const onExit = () => finish(new Error(`PostgreSQL exited while starting:\n${output}`))
    const finish = (error?: Error) => {
      clearTimeout(timer)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      // Keep draining, so a chatty server never blocks on a full pipe.
      child.stderr?.resume()
      if (error) reject(error)
      else resolve()
    }
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
  })
}

/**
 * Starts a PostgreSQL server for one test file: `initdb` in a fresh temp directory
 * (superuser `doorway` with a random password, scram-sha-256 over TCP), then `postgres` on
 * 127.0.0.1 on a free port, its unix socket in the same directory, fsync off. PostgreSQL
 * refuses to run as root, so as root it runs as the `postgres` account. Call
 * {@link PostgresServer.stop} in `afterAll`; the server is also killed if this process
 * exits first.
 */
export async function startPostgres(): Promise<PostgresServer> {
  if (postgresUnavailable !== undefined) throw new Error(postgresUnavailable)
  const bin = binaries() as string
  const account = runningAsRoot ? postgresAccount() : undefined
  const dir = mkdtempSync(join(tmpdir(), 'doorway-pg-'))
  const password = `pg-SECRET-${randomBytes(12).toString('hex')}`
  const asPostgres = account === undefined ? {} : { uid: account.uid, gid: account.gid }
  let child: ChildProcess | undefined
  const killOnExit = () => child?.kill('SIGQUIT')
  try {
    writeFileSync(join(dir, 'password'), password, { mode: 0o600 })
    if (account !== undefined) {
      chownSync(dir, account.uid, account.gid)
      chownSync(join(dir, 'password'), account.uid, account.gid)
    }
    await promisify(execFile)(
      join(bin, 'initdb'),
      [
        '--pgdata',
        join(dir, 'data'),
        '--username',
        'doorway',
        `--pwfile=${join(dir, 'password')}`,
        '--auth-host=scram-sha-256',
        '--auth-local=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { ...asPostgres, cwd: dir },
    )

    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      child = spawn(
        join(bin, 'postgres'),
        [
          ...['-D', join(dir, 'data'), '-p', String(port), '-k', dir],
          ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
          ...['-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
          ...['-c', 'max_connections=200', '-c', 'shared_buffers=16MB'],
        ],
        { ...asPostgres, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
      )
      process.once('exit', killOnExit)
      try {
        await ready(child, 20_000)
        break
      } catch (error) {
        process.off('exit', killOnExit)
        child.kill('SIGQUIT')
        child = undefined
        // The free port can be taken before the server binds it: try another one.
        if (attempt >= 5 || !/could not (bind|create listen)/i.test(String(error))) throw error
      }
    }
    const running = child
    const url = `postgres://doorway:${password}@127.0.0.1:${port}/postgres`
    let databases = 0
    return {
      url,
      password,
      async createDatabase(name = `doorway_${process.pid}_${++databases}`) {
        const { default: pg } = await import('pg')
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        try {
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
        } finally {
          await client.end()
        }
        const created = new URL(url)
        created.pathname = `/${name}`
        return created.href
      },
      async stop() {
        process.off('exit', killOnExit)
        if (running.exitCode === null && running.signalCode === null) {
          const exited = new Promise((resolve) => running.once('exit', resolve))
          running.kill('SIGINT')
          await exited
        }
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    process.off('exit', killOnExit)
    child?.kill('SIGQUIT')
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
