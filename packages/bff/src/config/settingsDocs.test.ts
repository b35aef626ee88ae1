import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cliHelp } from '../cli/runCli.js'
import { renderSettingText, settingEntries, settingGroups } from './bffSettings.js'
import { bffEnvironment } from './loadBffConfig.js'
import { settingDocLine, settingsEnvExample, settingsMarkdown } from './settingsDocs.js'

/*
 * The docs generated from `bffSettings` are checked in: this fails when they drift from the
 * table. `DOORWAY_WRITE_DOCS=1 pnpm vitest run --project bff settingsDocs` rewrites them.
 */

const readme = fileURLToPath(new URL('../../README.md', import.meta.url))
const envExample = fileURLToPath(new URL('../../../../.env.example', import.meta.url))

/** `file`'s text between the line that starts with `start` and the one that starts with `end`. */
function region(file: string, start: string, end: string) {
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n')
  const from = lines.findIndex((line) => line.startsWith(start))
  const to = lines.findIndex((line, index) => index > from && line.startsWith(end))
  if (from < 0 || to < 0) throw new Error(`${file} has no "${start}" … "${end}" region`)
  const body = from + 1
  return {
    current: lines.slice(body, to).join('\n'),
    write: (generated: string) =>
      writeFileSync(
        file,
        [...lines.slice(0, body), generated, ...lines.slice(to)].join('\n'),
        'utf8',
      ),
  }
}

describe.each([
  {
    file: 'packages/bff/README.md',
    at: () => region(readme, '<!-- bff-settings:start', '<!-- bff-settings:end'),
    generated: `\n${settingsMarkdown()}\n`,
  },
  {
    file: '.env.example',
    at: () => region(envExample, '# >>> bff-settings', '# <<< bff-settings'),
    generated: `\n${settingsEnvExample()}\n`,
  },
])('$file', ({ at, generated }) => {
  it('is what bffSettings generates', () => {
    const place = at()
    if (process.env.DOORWAY_WRITE_DOCS === '1' && place.current !== generated) {
      place.write(generated)
    }
    expect(
      at().current,
      'run DOORWAY_WRITE_DOCS=1 pnpm vitest run --project bff settingsDocs',
    ).toBe(generated)
  })
})

describe('bffSettings', () => {
  it('gives every variable one line in bffEnvironment and in --help', () => {
    const variables = settingEntries.flatMap((entry) => entry.setting.env ?? [])
    expect(new Set(variables).size).toBe(variables.length)
    expect(Object.keys(bffEnvironment)).toEqual(variables)
    for (const entry of settingEntries) {
      if (entry.setting.env)
        expect(cliHelp).toContain(`${entry.setting.env.padEnd(35)} ${settingDocLine(entry)}`)
    }
  })

  it('reads every variable from text, and only settings given in code have no variable', () => {
    for (const { path, setting } of settingEntries) {
      const inCodeOnly = ['basePath', 'secureCookies', 'upstreamTimeoutMs', 'maxBodyBytes']
      const programmatic = ['sessionTtlSeconds', 'store', 'fetch', 'logger', 'oauthProviders']
      expect(setting.env === undefined, path).toBe([...inCodeOnly, ...programmatic].includes(path))
    }
  })

  it('names only settings that exist in its docs and rules', () => {
    for (const { setting } of settingEntries) {
      const texts = [setting.doc, setting.defaultDoc ?? '']
      if (setting.required !== undefined && setting.required !== true) {
        texts.push(setting.required.reason)
      }
      for (const text of texts) expect(() => renderSettingText(text, (e) => e.path)).not.toThrow()
    }
    for (const [, group] of settingGroups) {
      if (group.enabledBy === 'any') continue
      for (const variable of group.enabledBy) {
        expect(settingEntries.some((entry) => entry.setting.env === variable)).toBe(true)
      }
    }
  })
})
