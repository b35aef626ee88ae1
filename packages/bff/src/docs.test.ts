import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { doorwayErrorCodes } from '@doorway/core/wire'
import { describe, expect, it } from 'vitest'
import { bffEnvironment } from './config/loadBffConfig.js'
import { BffError } from './http/BffError.js'

/*
 * Keeps the docs honest: every error code is documented (with the status the BFF really
 * answers), every variable is explained, every relative link resolves, and every name a
 * code example imports from a Doorway package is one the package exports.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

// One closed set: the BFF's codes are core's (BffErrorCode is an alias of DoorwayErrorCode).
const allCodes: readonly string[] = doorwayErrorCodes

/** Markdown without its fenced code blocks and inline code spans (their brackets are not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** The rows of every table in `markdown`, as trimmed cells. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => /^\|.*\|$/.test(line.trim()) && !/^\|[\s|:-]+\|$/.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
}

describe('docs/guides/errors.md', () => {
  const errors = read('docs/guides/errors.md')
  const everyCode = errors.slice(
    errors.indexOf('## Every code'),
    errors.indexOf("## Rhombus's troubleshooting list"),
  )
  const rows = tableRows(everyCode)
  /** The row whose first cell is exactly the code. */
  const rowOf = (code: string) => rows.find((cells) => cells[0] === `\`${code}\``)

  it('parses the union types (a failure here means the parser, not the docs, is out of date)', () => {
    expect(allCodes.length).toBeGreaterThan(30)
    expect(allCodes).toContain('session_expired')
    expect(allCodes).toContain('envoy_disconnected')
  })

  it.each(allCodes)('documents %s in a row of its own', (code) => {
    expect(rowOf(code), `no table row starts with \`${code}\``).toBeDefined()
  })

  it.each(allCodes)(
    'gives %s the status the BFF answers it with (or — when only the browser raises it)',
    (code) => {
      const status = rowOf(code)?.[1] ?? ''
      const listed = status.match(/\d{3}/g) ?? []
      if (listed.length === 0) {
        expect(status).toBe('—')
        return
      }
      expect(listed).toContain(String(new BffError(code as never, 'x').status))
    },
  )

  it('documents no code that does not exist', () => {
    const documented = rows
      .map((cells) => /^`([a-z_]+)`$/.exec(cells[0] ?? '')?.[1])
      .filter((code): code is string => code !== undefined)
    expect(documented.filter((code) => !allCodes.includes(code))).toEqual([])
  })

  it("maps each cause of Rhombus's troubleshooting list to codes that exist", () => {
    const section = errors.slice(errors.indexOf("## Rhombus's troubleshooting list"))
    const mapped = tableRows(section).slice(1)
    // The guide's causes: state, redirect URI, expired code, verifier, x-auth-scheme,
    // API headers, client_id, partner accounts, token lifetime; plus the dialect's 415.
    expect(mapped.length).toBeGreaterThanOrEqual(10)
    for (const cells of mapped) {
      const codes = [...(cells[1] ?? '').matchAll(/`([a-z_]+)`/g)].map((match) => match[1])
      expect(codes.length, cells[0]).toBeGreaterThan(0)
      for (const code of codes) expect(allCodes, cells[0]).toContain(code)
    }
  })
})

describe('every BFF variable is explained', () => {
  const places = read('docs/guides/sandbox-to-production.md') + read('.env.example')
  it.each(Object.keys(bffEnvironment))('%s', (name) => {
    expect(places).toMatch(new RegExp(`(^|[^A-Z_])${name}([^A-Z_]|$)`))
  })
})

/** Every Markdown file of the repository, outside dependencies and build output. */
function markdownFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.git'].includes(entry.name)) return []
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return markdownFiles(path)
    return entry.name.endsWith('.md') ? [path] : []
  })
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchorsOf(markdown: string): Set<string> {
  const headings = markdown
    .replace(/^```[\s\S]*?^```$/gm, '')
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => anchorOf(line.replace(/^#+\s*/, '')))
  return new Set(headings)
}

describe('relative links resolve', () => {
  const files = markdownFiles().map((path) => relative(root, path))

  it('finds the docs (docs/README.md, every guide, README.md)', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/README.md',
        'docs/guides/quick-start.md',
        'docs/guides/mounting-the-bff.md',
        'docs/guides/registering-an-app.md',
        'docs/guides/sandbox-to-production.md',
        'docs/guides/errors.md',
        'docs/guides/partners-and-api-keys.md',
      ]),
    )
  })

  it.each(files)('in %s', (file) => {
    const markdown = read(file)
    const text = prose(markdown)
    const targets = [
      ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]),
    ].filter((target): target is string => target !== undefined)
    const broken: string[] = []
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:
      const [path = '', anchor] = target.split('#')
      const resolved = path === '' ? join(root, file) : resolve(dirname(join(root, file)), path)
      if (!existsSync(resolved)) {
        broken.push(`${target} (no ${relative(root, resolved)})`)
        continue
      }
      if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
        const anchors = anchorsOf(readFileSync(resolved, 'utf8'))
        if (!anchors.has(decodeURIComponent(anchor)))
          broken.push(`${target} (no heading #${anchor})`)
      }
    }
    expect(broken).toEqual([])
  })
})

/** The names each package entry point exports, read from its source. */
function exportedNames(entry: string): Set<string> {
  const source = read(entry)
  const names = new Set<string>()
  for (const match of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .at(-1)
      if (name) names.add(name)
    }
  }
  for (const match of source.matchAll(
    /export\s+(?:declare\s+)?(?:async\s+)?(?:function|const|let|class|interface|type)\s+([A-Za-z_$][\w$]*)/g,
  )) {
    if (match[1]) names.add(match[1])
  }
  return names
}

const entries: Record<string, string> = {
  '@doorway/core': 'packages/core/src/index.ts',
  '@doorway/core/wire': 'packages/core/src/wire.ts',
  '@doorway/react': 'packages/react/src/index.ts',
  '@doorway/bff': 'packages/bff/src/index.ts',
  '@doorway/bff/node': 'packages/bff/src/node.ts',
  '@doorway/bff/postgres': 'packages/bff/src/postgres.ts',
  '@doorway/bff/vite': 'packages/bff/src/vite.ts',
  '@doorway/sandbox': 'packages/sandbox/src/index.ts',
}

describe('code examples import only what the packages export', () => {
  const exports = Object.fromEntries(
    Object.entries(entries).map(([name, entry]) => [name, exportedNames(entry)]),
  )
  const files = markdownFiles().map((path) => relative(root, path))

  it.each(files)('in %s', (file) => {
    const blocks = [...read(file).matchAll(/^```(?:ts|tsx|js|jsx)\n([\s\S]*?)^```$/gm)]
    const unknown: string[] = []
    for (const [, code = ''] of blocks) {
      for (const [, names = '', from = ''] of code.matchAll(
        /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(@doorway\/[\w/-]+)'/g,
      )) {
        const known = exports[from]
        if (!known) {
          unknown.push(`${from} (no such entry point)`)
          continue
        }
        for (const part of names.split(',')) {
          const name = part
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]
          if (name && !known.has(name)) unknown.push(`${name} from ${from}`)
        }
      }
    }
    expect(unknown).toEqual([])
  })
})
