// Makes sure a Chromium the end-to-end tests can drive is installed (Debian's package).
// `npx playwright install` cannot download here, so the system package is the source.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const sudo = isRoot ? [] : ['sudo']
console.log(`Chromium not found at ${path}; installing Debian's chromium package…`)
try {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args) =>
    execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env })
  run(['apt-get', 'update'])
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'])
} catch (error) {
  console.error(
    `Could not install Chromium (${error.message}).\n` +
      'Install it yourself (Debian/Ubuntu: `sudo apt-get install -y chromium`) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  )
  process.exit(1)
}
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing; set CHROMIUM_PATH.`)
  process.exit(1)
}
