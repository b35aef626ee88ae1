import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packages = fileURLToPath(new URL('../../', import.meta.url))
const wire = 'core/src/wire.ts'

/**
 * Contract names still declared beside the flow that uses them, in files another change
 * owns; `wire.ts` re-exports each from there. Move the declaration into `wire.ts` and drop
 * its entry here (the test fails on an entry that is no longer true).
 */
const declaredElsewhere: Readonly<Record<string, string>> = {}

/**
 * Every non-test source file of every package that speaks the contract, as
 * `<package>/src/…`. The sandbox is left out: it emulates the providers, whose own shapes
 * (Envoy's stored connection, say) it declares by design.
 */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return name === '__tests__' ? [] : walk(path)
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
    })
  return readdirSync(packages)
    .filter((pkg) => pkg !== 'sandbox')
    .filter((pkg) => statSync(join(packages, pkg, 'src'), { throwIfNoEntry: false })?.isDirectory())
    .flatMap((pkg) => walk(join(packages, pkg, 'src')))
    .map((path) => relative(packages, path).split('\\').join('/'))
}

/** The names `source` declares: types, interfaces, classes, enums, functions and variables. */
function declaredNames(source: string): string[] {
  const declaration =
    /^[ \t]*(?:export[ \t]+)?(?:declare[ \t]+)?(?:interface|type|class|enum|function|const|let|var)[ \t]+([A-Za-z_$][\w$]*)(?=\s*[=<{:(]|\s+(?:extends|implements)\b)/gm
  return [...source.matchAll(declaration)].map((match) => match[1] as string)
}

const wireSource = readFileSync(join(packages, wire), 'utf8')
const declaredInWire = declaredNames(wireSource)
const reexported = new Map(
  [...wireSource.matchAll(/^export type \{([^}]*)\} from '\.\/([^']+)\.js'/gm)].flatMap((match) =>
    (match[1] as string)
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => [name, `core/src/${match[2]}.ts`] as const),
  ),
)
const contract = new Set([...declaredInWire, ...reexported.keys()])

describe('one wire contract (core/src/wire.ts)', () => {
  it('names the bodies and codes core and the BFF exchange', () => {
    for (const name of [
      'PublicConfig',
      'RhombusPublicConfig',
      'ProviderPublicConfig',
      'SessionSummary',
      'RhombusExchangeRequest',
      'VersoriInitialiseRequest',
      'ProblemDetails',
      'DoorwayErrorCode',
      'doorwayErrorCodes',
    ]) {
      expect(contract, name).toContain(name)
    }
  })

  it('declares each of its names once: no other source file declares one', () => {
    const twice: string[] = []
    for (const file of sources()) {
      if (file === wire) continue
      const text = readFileSync(join(packages, file), 'utf8')
      for (const name of declaredNames(text)) {
        if (contract.has(name) && declaredElsewhere[name] !== file) twice.push(`${name} in ${file}`)
      }
    }
    expect(twice).toEqual([])
  })

  it('re-exports exactly the names still declared elsewhere, from where they are declared', () => {
    expect(Object.fromEntries(reexported)).toEqual(declaredElsewhere)
    for (const [name, file] of Object.entries(declaredElsewhere)) {
      expect(declaredNames(readFileSync(join(packages, file), 'utf8')), file).toContain(name)
      expect(declaredInWire, name).not.toContain(name)
    }
  })

  it('finds declarations of every form', () => {
    expect(
      declaredNames(
        [
          'export interface A {',
          'type B = string',
          '  export type C<T> = T',
          'export class D extends Error {',
          'export const e = 1',
          'declare const f: number',
          'export function g() {}',
          'export type { H } from "./h.js"',
          'import {',
          '  type I,',
          '  type J as K,',
          '} from "./i.js"',
        ].join('\n'),
      ),
    ).toEqual(['A', 'B', 'C', 'D', 'e', 'f', 'g'])
  })
})
