import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Vitest runs from the repository root (this project's environment is happy-dom, whose
// import.meta.url is not a file URL).
const src = join(process.cwd(), 'packages/react/src')
const read = (file: string) => readFileSync(join(src, file), 'utf8')

/** Modules that export a React component (a PascalCase function rendering JSX). */
const componentModules = readdirSync(src)
  .filter((file) => file.endsWith('.tsx') && !file.includes('.test.'))
  .filter((file) => /export (?:function|const) [A-Z]\w*/.test(read(file)))

describe("'use client' where Next.js needs it", () => {
  it('finds the components (a failure here means the scan, not the modules, is wrong)', () => {
    expect(componentModules).toEqual(
      expect.arrayContaining([
        'DoorwayProvider.tsx',
        'RhombusLoginButton.tsx',
        'RhombusSignOutButton.tsx',
        'EnvoyConnectButton.tsx',
        'RhombusAccount.tsx',
      ]),
    )
  })

  it.each(componentModules)(
    '%s starts with the directive, so a Server Component can render it',
    (file) => {
      const first = read(file).split('\n')[0]
      expect(first).toBe("'use client'")
    },
  )
})
