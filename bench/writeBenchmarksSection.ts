import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))

const preamble = `# Benchmarks

Figures of issue 6 (items 3 and 4), with the goals of issue 10, each section written by the
command it names, run from the repository root. See bench/README.md for what each script
does and how to read it. Every figure depends on the machine and on what else runs on it:
compare ratios measured in the same run, not absolute numbers across machines.
`

/**
 * Writes `markdown` as the section `name` of the root BENCHMARKS.md, between
 * `<!-- name:start -->` and `<!-- name:end -->`, replacing what was there and keeping the
 * rest of the file, so that `pnpm bench --write` and `pnpm bench:load --write` each keep
 * their own section up to date. Creates the file when it is missing.
 */
export function writeBenchmarksSection(name: string, markdown: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const block = `${start}\n${markdown.trim()}\n${end}`
  const current = existsSync(file) ? readFileSync(file, 'utf8') : preamble
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`
  writeFileSync(file, next)
  return file
}
