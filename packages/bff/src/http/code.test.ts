import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { doorwayErrorCodes, oauthErrorCodes } from '@doorway/core/wire'
import { describe, expect, it } from 'vitest'

const packages = fileURLToPath(new URL('../../../', import.meta.url))

/** Every non-test source file of `pkg`. */
function sources(pkg: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return name === '__tests__' ? [] : walk(path)
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
    })
  return walk(join(packages, pkg, 'src'))
}

/** The closed set, as core's wire contract lists it. */
const closedSet = new Set<string>(doorwayErrorCodes)

/** Codes raised as literals: `new BffError('code'` / `new DoorwayError('code'`, and `code: 'x'` problem literals. */
const raised = (() => {
  const codes = new Map<string, string>()
  for (const pkg of ['core', 'react', 'bff']) {
    for (const file of sources(pkg)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/new (?:BffError|DoorwayError)\(\s*'([a-z_]+)'/g)) {
        codes.set(match[1] as string, file)
      }
    }
  }
  return codes
})()

/**
 * Codes named as a string anywhere in core, react or bff outside the code table itself (a
 * mapping such as the legacy troubleshooting causes, or a ternary): raised, if not literally.
 */
const named = (() => {
  const codes = new Set<string>()
  for (const pkg of ['core', 'react', 'bff']) {
    for (const file of sources(pkg)) {
      if (/(core\/src\/(wire|errors)|bff\/src\/http\/BffError)\.ts$/.test(file)) continue
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/'([a-z_]+)'/g)) codes.add(match[1] as string)
    }
  }
  return codes
})()

describe('one closed set of codes (core DoorwayErrorCode)', () => {
  it('has the codes it must (doorwayErrorCodes in wire.ts)', () => {
    expect(closedSet.size).toBeGreaterThan(30)
    expect(closedSet).toContain('session_expired')
  })

  it('every code raised anywhere in core, react or bff is in the closed set', () => {
    expect(raised.size).toBeGreaterThan(20)
    for (const [code, file] of raised) expect(closedSet, `${code} in ${file}`).toContain(code)
  })

  it('every code in the closed set is raised somewhere, or is a provider code passed through', () => {
    const dead = [...closedSet].filter(
      (code) =>
        !raised.has(code) &&
        !named.has(code) &&
        !(oauthErrorCodes as readonly string[]).includes(code),
    )
    expect(dead).toEqual([])
  })
})
