// Makes sure the system packages the tests drive are installed, from Debian's archive:
// Chromium for the end-to-end tests (`npx playwright install` cannot download here) and the
// PostgreSQL server binaries for the multi-instance credential-store tests (each test starts a
// throwaway server of its own; the package's default cluster is not used).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasPostgres = () =>
  process.env.PG_BIN
    ? existsSync(`${process.env.PG_BIN}/postgres`)
    : existsSync('/usr/lib/postgresql') &&
      readdirSync('/usr/lib/postgresql').some((v) =>
        existsSync(`/usr/lib/postgresql/${v}/bin/postgres`),
      )

const missing = [
  ...(existsSync(chromium) ? [] : ['chromium']),
  ...(hasPostgres() ? [] : ['postgresql']),
]
if (missing.length === 0) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const sudo = isRoot ? [] : ['sudo']
console.log(`Installing Debian's ${missing.join(' and ')} package${missing.length > 1 ? 's' : ''}…`)
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args) =>
    execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env })
  run(['apt-get', 'update'])
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...missing])
} catch (error) {
  console.error(
    `Could not install ${missing.join(', ')} (${error.message}).\n` +
      `Install ${missing.length > 1 ? 'them' : 'it'} yourself (Debian/Ubuntu: \`sudo apt-get install -y ${missing.join(' ')}\`), ` +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary and PG_BIN at a PostgreSQL bin directory.',
  )
  process.exit(1)
}
if (!existsSync(chromium)) {
  console.error(`apt-get finished but ${chromium} is still missing; set CHROMIUM_PATH.`)
  process.exit(1)
}
if (!hasPostgres()) {
  console.error('apt-get finished but no PostgreSQL server binary was found; set PG_BIN.')
  process.exit(1)
}
