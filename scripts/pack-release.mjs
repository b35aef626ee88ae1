// `pnpm release:pack [folder]`: builds and packs the four publishable packages into one
// folder (default `release/`), then checks each tarball as npm would install it: built
// `dist/` inside, LICENSE and README, no `workspace:` range left (pnpm writes the siblings'
// versions), every `files`/`exports` target present. Prints the tarballs and the npm command
// that installs them into an app. Exits 1 on a bad tarball.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
// In dependency order: each package's build (its prepack) needs the built packages before it.
const packages = ['core', 'sandbox', 'react', 'bff']
const destination = resolve(process.argv[2] ?? join(root, 'release'))

rmSync(destination, { recursive: true, force: true })
mkdirSync(destination, { recursive: true })

for (const name of packages) {
  // `pnpm pack` runs each package's `prepack` (its build) and writes sibling versions.
  execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(root, 'packages', name),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

const tarballs = readdirSync(destination)
  .filter((file) => file.endsWith('.tgz'))
  .sort()
const problems = []
for (const tarball of tarballs) {
  const file = join(destination, tarball)
  const entries = new Set(
    execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n'),
  )
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' }),
  )
  const need = ['package/LICENSE', 'package/README.md', 'package/package.json']
  for (const target of exportTargets(manifest)) need.push(join('package', target))
  for (const bin of Object.values(manifest.bin ?? {})) need.push(join('package', bin))
  for (const entry of need) {
    if (!entries.has(entry))
      problems.push(`${tarball}: ${entry.slice('package/'.length)} is missing`)
  }
  const ranges = { ...manifest.dependencies, ...manifest.peerDependencies }
  for (const [dependency, range] of Object.entries(ranges)) {
    if (String(range).startsWith('workspace:')) {
      problems.push(`${tarball}: ${dependency} is still "${range}"`)
    }
  }
  if (![...entries].some((entry) => entry.startsWith('package/dist/'))) {
    problems.push(`${tarball}: no dist/ (the package was not built)`)
  }
}
if (tarballs.length !== packages.length) {
  problems.push(`expected ${packages.length} tarballs, found ${tarballs.length}`)
}

if (problems.length > 0) {
  console.error(`release:pack: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
const shown = relative(process.cwd(), destination) || '.'
console.log(`Packed into ${shown}/:\n  ${tarballs.join('\n  ')}`)
console.log(
  `\nInstall them into an app (before they are on the registry):\n  npm install ${tarballs
    .filter((tarball) => !tarball.includes('sandbox'))
    .map((tarball) => join(destination, tarball))
    .join(' ')}\nand, for development against the local sandbox:\n  npm install --save-dev ${join(
    destination,
    tarballs.find((tarball) => tarball.includes('sandbox')) ?? '',
  )}`,
)

/** The files a manifest's `exports` map points at (types and code). */
function exportTargets(manifest) {
  const targets = []
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./')) targets.push(value.slice(2))
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk(manifest.exports)
  return targets
}
