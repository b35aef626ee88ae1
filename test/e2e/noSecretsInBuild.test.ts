import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoRoot } from '../support/demo.js'
import { buildSecrets } from '../support/globalSetup.js'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('the demo build', () => {
  it('13. no secret reaches the browser: no configured secret value and no client_secret in any emitted file', async () => {
    const files = await filesUnder(join(demoRoot, 'dist'))
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    const needles = [
      ...Object.values(buildSecrets),
      'sandbox-secret',
      'client_secret',
      'clientSecret',
    ]
    const hits: string[] = []
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const needle of needles) if (text.includes(needle)) hits.push(`${needle} in ${file}`)
    }
    expect(hits).toEqual([])
  })
})
