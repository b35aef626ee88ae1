import {
  Derived,
  enablingVariables,
  renderSettingText,
  type SettingEntry,
  type SettingGroupKey,
  settingEntries,
  settingGroups,
} from './bffSettings.js'

/*
 * The docs of the settings, generated from `bffSettings`: `bffEnvironment` and the CLI's
 * help (one line per variable), the table in packages/bff/README.md and the template in
 * .env.example (settingsDocs.test.ts fails when those two drift from it).
 */

/** A part of the docs: the server settings, the BFF's own, or one group. */
interface Section {
  title: string
  /** One line under the title. */
  doc: string
  entries: readonly SettingEntry[]
}

/** How the docs name a setting: by its variable where it has one. */
const plainName = (entry: SettingEntry) => entry.setting.env ?? entry.path
const codeName = (entry: SettingEntry) => `\`${plainName(entry)}\``

/** A list as prose: `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

function sections(): Section[] {
  const of = (group: SettingGroupKey | undefined, inConfig: boolean) =>
    settingEntries.filter((entry) => entry.group === group && entry.inConfig === inConfig)
  return [
    {
      title: 'Server',
      doc: 'where doorway-bff listens, and the app users come back to.',
      entries: of(undefined, false),
    },
    {
      title: 'The BFF',
      doc: 'sessions, limits and the store.',
      entries: of(undefined, true),
    },
    ...[...settingGroups].map(([key, group]) => ({
      title: group.label,
      doc: `${group.doc} On when ${
        group.enabledBy === 'any' ? 'any of its variables' : orList(enablingVariables(group, key))
      } is set.`,
      entries: of(key, true),
    })),
  ]
}

/** A default value as the docs write it. */
function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(' ')
  return typeof value === 'function' ? '' : String(value)
}

/** What the setting is when unset, in words (`none` when nothing), its names by `name`. */
function defaultText(entry: SettingEntry, name: (entry: SettingEntry) => string): string {
  const { setting } = entry
  const render = (text: string) => renderSettingText(text, name)
  if (setting.envDefault !== undefined) return setting.envDefault
  if (setting.defaultDoc !== undefined) return render(setting.defaultDoc)
  if (setting.default instanceof Derived) return render(setting.default.doc)
  if (setting.default !== undefined) return formatValue(setting.default) || 'none'
  return 'none'
}

/**
 * "Required." or "Required when …." or "Default ….", for one setting; `inCode` also says
 * what holds in code when only the variable has a default.
 */
function requirementText(
  entry: SettingEntry,
  name: (entry: SettingEntry) => string,
  inCode = false,
): string {
  const { required, envDefault } = entry.setting
  const group = entry.group && settingGroups.get(entry.group)
  const defaults = `Default ${defaultText(entry, name)}.`
  if (required === undefined) return defaults
  const andDefault =
    entry.setting.default === undefined && entry.setting.defaultDoc === undefined
      ? ''
      : ` ${defaults}`
  if (required !== true) {
    return `Required when ${renderSettingText(required.reason, name)}.${andDefault}`
  }
  if (envDefault !== undefined) {
    return inCode ? `Required in code; the variable defaults to ${envDefault}.` : defaults
  }
  return `Required${group ? ` for ${group.label}` : ''}.${andDefault}`
}

/** One line about a setting: what it does, its default or why it is required, whether it is secret. */
export function settingDocLine(entry: SettingEntry): string {
  const doc = renderSettingText(entry.setting.doc, plainName)
  return `${doc} ${requirementText(entry, plainName)}${entry.setting.secret ? ' Secret.' : ''}`
}

/** The variables, one line each under their section's title: for `doorway-bff --help`. */
export function settingsHelp(): string {
  return sections()
    .map(({ title, doc, entries }) => {
      const lines = entries
        .filter((entry) => entry.setting.env)
        .map((entry) => `  ${plainName(entry).padEnd(35)} ${settingDocLine(entry)}`)
      return `${title}: ${doc}\n${lines.join('\n')}`
    })
    .join('\n\n')
}

/** Every setting as one Markdown table (packages/bff/README.md), columns aligned. */
export function settingsMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  const rows = sections().flatMap(({ entries }) =>
    entries.map((entry) => [
      entry.setting.env ? `\`${entry.setting.env}\`` : '—',
      entry.inConfig ? `\`${entry.path}\`` : '—',
      cell(
        `${renderSettingText(entry.setting.doc, codeName)} ${requirementText(entry, codeName, true)}${
          entry.setting.secret ? ' **Secret.**' : ''
        }`,
      ),
    ]),
  )
  const header = ['variable', '`BffConfig`', 'meaning']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(row)),
  ].join('\n')
}

/** `text` as `# ` comment lines of at most `width` characters. */
function comment(text: string, width = 92): string[] {
  const lines: string[] = []
  let current = '#'
  for (const word of text.split(' ')) {
    if (current.length + 1 + word.length > width && current !== '#') {
      lines.push(current)
      current = '#'
    }
    current += ` ${word}`
  }
  lines.push(current)
  return lines
}

/**
 * The variables as a commented `.env` template: the ones to fill in (required, or turning
 * a group on) as `NAME=`, the others commented out with their default.
 */
export function settingsEnvExample(): string {
  const rule = `# ${'-'.repeat(90)}`
  return sections()
    .map(({ title, doc, entries }) => {
      const blocks = entries
        .filter((entry) => entry.setting.env)
        .map((entry) => {
          const variable = entry.setting.env ?? ''
          const group = entry.group && settingGroups.get(entry.group)
          const fillIn =
            (entry.setting.required === true && entry.setting.envDefault === undefined && !group) ||
            (group !== undefined && group.enabledBy !== 'any' && group.enabledBy.includes(variable))
          // A `$NAME` stays out of a value: dotenv-expand would expand it.
          const envDefault = entry.setting.envDefault?.includes('$') ? '' : entry.setting.envDefault
          const example =
            envDefault ??
            (entry.setting.default instanceof Derived
              ? ''
              : formatValue(entry.setting.default ?? ''))
          return [
            ...comment(settingDocLine(entry)),
            fillIn ? `${variable}=` : `# ${variable}=${example}`,
          ].join('\n')
        })
      return [rule, ...comment(`${title}: ${doc}`), '', blocks.join('\n\n')].join('\n')
    })
    .join('\n\n')
}
