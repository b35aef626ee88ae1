import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('.', import.meta.url))

/** Every source file of the package (tests and test kits left out). */
function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('node-postgres is never imported where a bundler follows it', () => {
  it('only the doorway-bff command loads "pg" at run time; every other module names its types only', () => {
    const loading = sources()
      .filter((file) => {
        const text = readFileSync(file, 'utf8')
        return (
          /import\(\s*['"]pg['"]\s*\)/.test(text) ||
          /^import (?!type )[^\n]*from ['"]pg['"]/m.test(text) ||
          /require\(\s*['"]pg['"]\s*\)/.test(text)
        )
      })
      .map((file) => relative(src, file))
    expect(loading).toEqual(['cli/runCli.ts'])
  })
})
