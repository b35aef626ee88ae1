import type { BffConfig } from './BffConfig.js'
import type { BffConfigIssue } from './BffConfigError.js'
import {
  type BffServerSettings,
  Derived,
  enablingVariables,
  renderSettingText,
  type SettingEntry,
  type SettingGroupKey,
  settingAt,
  settingEntries,
  settingGroups,
} from './bffSettings.js'
import type { Parsed } from './settingTypes.js'

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>

/** What {@link readBffSettings} reads: the environment (`loadBffConfig`) or a config (`resolveBffConfig`). */
export type SettingSource = { environment: Environment } | { config: BffConfig }

/** A path of {@link bffSettings}: `sessionSecret`, `rhombus.clientId`, or a server setting. */
export type SettingPath =
  | keyof BffServerSettings
  | Exclude<keyof BffConfig, SettingGroupKey>
  | {
      [G in SettingGroupKey]: `${G}.${keyof NonNullable<BffConfig[G]> & string}`
    }[SettingGroupKey]

/** The type of the setting at `P`. */
export type SettingValue<P extends SettingPath> = P extends keyof BffServerSettings
  ? BffServerSettings[P]
  : P extends `${infer G extends SettingGroupKey}.${infer K}`
    ? NonNullable<NonNullable<BffConfig[G]>[K & keyof NonNullable<BffConfig[G]>]>
    : NonNullable<BffConfig[P & keyof BffConfig]>

/** The settings as {@link readBffSettings} found them. */
export interface BffSettings {
  /** Every issue, naming the variable when the source is the environment, else the config key. */
  readonly issues: readonly BffConfigIssue[]
  /** The groups that are on (in the environment: one of their variables is set). */
  readonly groups: ReadonlySet<SettingGroupKey>
  /** What the source gave, checked and normalised, before defaults (and variables' `envDefault`). */
  readonly given: ReadonlyMap<string, unknown>
  /** The value at `path` (default applied), or `undefined`: unset, invalid, or its group off. */
  get<P extends SettingPath>(path: P): SettingValue<P> | undefined
  /** The value at `path`, for a setting that is required or has a default, once there are no issues. */
  value<P extends SettingPath>(path: P): SettingValue<P>
  /**
   * The text of the variable at `path`, its group on or off: as set, else its `envDefault`
   * with each `$NAME` expanded (`RHOMBUS_REDIRECT_URI`: `$DOORWAY_APP_ORIGIN/oauth/callback/rhombus`);
   * `undefined` when it has neither, or a variable its default is made from is invalid.
   * Environment only.
   */
  variableText(path: SettingPath): string | undefined
}

/**
 * Reads every setting of {@link bffSettings} from `source`, in table order: parses it (a
 * variable's text), checks and normalises it, applies its default, then checks what is
 * required. The one place every rule is decided, for the environment and for code alike.
 */
export function readBffSettings(source: SettingSource): BffSettings {
  const fromEnvironment = 'environment' in source
  const issues: BffConfigIssue[] = []
  const given = new Map<string, unknown>()
  const values = new Map<string, unknown>()
  const failed = new Set<string>()
  const groups = new Map<SettingGroupKey, string | undefined>()

  const name = (entry: SettingEntry) =>
    fromEnvironment ? (entry.setting.env ?? entry.path) : entry.path
  const render = (template: string) => renderSettingText(template, name)
  const read = (entry: SettingEntry, parsed: Parsed<unknown>): unknown => {
    const checked = 'issue' in parsed ? parsed : entry.setting.type.check(parsed.value)
    if ('value' in checked) return checked.value
    const quoted =
      checked.got !== undefined && !entry.setting.secret ? `, got "${checked.got}"` : ''
    issues.push({ key: name(entry), message: `${checked.issue}${quoted}` })
    failed.add(entry.path)
    return undefined
  }
  const fromText = (entry: SettingEntry, text: string) =>
    read(entry, entry.setting.type.fromText?.(text) ?? { value: text })
  const text = (variable: string | undefined) => {
    const value = variable && 'environment' in source ? source.environment[variable]?.trim() : ''
    return value === '' ? undefined : value
  }

  for (const [key, group] of settingGroups) {
    if ('environment' in source) {
      const by = enablingVariables(group, key).find((variable) => text(variable) !== undefined)
      if (by !== undefined) groups.set(key, by)
    } else if (source.config[key] !== undefined) {
      if (typeof source.config[key] === 'object' && source.config[key] !== null) {
        groups.set(key, undefined)
      } else {
        issues.push({ key, message: 'must be an object' })
      }
    }
  }

  /** The entry's `envDefault`, expanded from the settings read so far. */
  const envDefault = (entry: SettingEntry) =>
    entry.setting.envDefault === undefined
      ? undefined
      : expand(entry.setting.envDefault, (variable) => {
          const at = settingEntries.find((other) => other.setting.env === variable)
          return at && !failed.has(at.path) ? values.get(at.path) : undefined
        })

  const isRead = (entry: SettingEntry) =>
    (entry.group === undefined || groups.has(entry.group)) && (fromEnvironment || entry.inConfig)
  const get = (path: string) => values.get(path)

  for (const entry of settingEntries) {
    const { setting } = entry
    let value: unknown
    if ('environment' in source) {
      // Every variable is checked, even one whose group is off.
      const variable = text(setting.env)
      if (variable !== undefined) value = fromText(entry, variable)
    } else if (entry.inConfig) {
      const holder: unknown = entry.group ? source.config[entry.group] : source.config
      const raw =
        typeof holder === 'object' && holder !== null
          ? (holder as Record<string, unknown>)[entry.key]
          : undefined
      if (raw !== undefined) value = read(entry, { value: raw })
    }
    if (!isRead(entry) || failed.has(entry.path)) continue
    if (value === undefined && fromEnvironment && setting.envDefault !== undefined) {
      const expanded = envDefault(entry)
      if (expanded === undefined) {
        failed.add(entry.path)
        continue
      }
      value = fromText(entry, expanded)
    }
    if (value !== undefined) given.set(entry.path, value)
    if (value === undefined && setting.default !== undefined) {
      value = setting.default instanceof Derived ? setting.default.derive(get) : setting.default
    }
    if (value !== undefined) values.set(entry.path, value)
  }

  for (const entry of settingEntries) {
    const { required } = entry.setting
    if (!required || !isRead(entry) || failed.has(entry.path) || values.has(entry.path)) continue
    if (required !== true && !required.when(get)) continue
    const fallback =
      entry.setting.default instanceof Derived && entry.setting.default.from
        ? ` (or ${name(settingAt(entry.setting.default.from))})`
        : ''
    const enabledBy = entry.group && groups.get(entry.group)
    const when =
      required !== true
        ? ` when ${render(required.reason)}`
        : enabledBy
          ? ` when ${enabledBy} is set`
          : ''
    const hint = entry.setting.type.hint ? ` (${entry.setting.type.hint})` : ''
    issues.push({ key: name(entry), message: `is required${fallback}${when}${hint}` })
  }

  return {
    issues,
    groups: new Set(groups.keys()),
    given,
    get: (path) => values.get(path) as never,
    value: (path) => {
      if (!values.has(path)) throw new Error(`no value for ${path}: read the issues first`)
      return values.get(path) as never
    },
    variableText: (path) => {
      const entry = settingAt(path)
      return text(entry.setting.env) ?? envDefault(entry)
    },
  }
}

/** `template` with each `$NAME` replaced by `lookup(NAME)`; `undefined` when one has no value. */
function expand(template: string, lookup: (name: string) => unknown): string | undefined {
  let missing = false
  const expanded = template.replace(/\$([A-Z_]+)/g, (_, variable: string) => {
    const value = lookup(variable)
    if (value === undefined) missing = true
    return String(value)
  })
  return missing ? undefined : expanded
}
