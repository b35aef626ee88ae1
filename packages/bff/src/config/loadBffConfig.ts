import type { BffConfig } from './BffConfig.js'
import { BffConfigError } from './BffConfigError.js'
import { settingEntries } from './bffSettings.js'
import { type Environment, readBffSettings } from './readBffSettings.js'
import { settingDocLine } from './settingsDocs.js'
import { unknownVariableWarnings } from './unknownVariables.js'

/**
 * The environment variables {@link loadBffConfig} (and `doorway-bff`) read, each with one
 * line saying what it does, its default and whether it is secret. Generated from
 * `bffSettings`.
 */
export const bffEnvironment: Readonly<Record<string, string>> = Object.fromEntries(
  settingEntries.flatMap((entry) =>
    entry.setting.env ? [[entry.setting.env, settingDocLine(entry)]] : [],
  ),
)

/** What the environment configures: the BFF, and where `doorway-bff` listens. */
export interface LoadedBffEnvironment {
  config: BffConfig
  /**
   * One line per variable that looks like the BFF's but is not one (a typo, most likely),
   * with the closest known name: `RHOMBUS_CONSOLE_ULR … did you mean RHOMBUS_CONSOLE_URL?`
   */
  warnings: string[]
  /** `PORT`, default 8787. */
  port: number
  /** `HOST`, default `localhost`. */
  host: string
  /** `DOORWAY_APP_ORIGIN`, default `http://localhost:5173`: the default redirect URIs' origin. */
  appOrigin: string
}

/** `process.env` where there is one (Node, Bun, Deno), else nothing. */
function processEnvironment(): Environment {
  return typeof process === 'undefined' ? {} : process.env
}

/**
 * Reads the BFF's environment (see {@link loadBffConfig}) and, besides the config, the
 * `PORT` and `HOST` that `doorway-bff` listens on and the `DOORWAY_APP_ORIGIN` of the app.
 */
export function loadBffEnvironment(env: Environment = processEnvironment()): LoadedBffEnvironment {
  const settings = readBffSettings({ environment: env })
  if (settings.issues.length > 0) throw new BffConfigError(settings.issues)
  const config: Record<string, unknown> = {}
  for (const entry of settingEntries) {
    if (!entry.inConfig || !settings.given.has(entry.path)) continue
    if (entry.group !== undefined && !settings.groups.has(entry.group)) continue
    let holder = config
    if (entry.group !== undefined) {
      holder = (config[entry.group] as Record<string, unknown> | undefined) ?? {}
      config[entry.group] = holder
    }
    holder[entry.key] = settings.given.get(entry.path)
  }
  return {
    config: config as unknown as BffConfig,
    warnings: unknownVariableWarnings(env),
    port: settings.value('port'),
    host: settings.value('host'),
    appOrigin: settings.value('appOrigin'),
  }
}

/**
 * Builds a {@link BffConfig} from environment variables (default `process.env`; see
 * {@link bffEnvironment}). An empty variable counts as unset. Rhombus is on when
 * `RHOMBUS_CLIENT_ID` (or `RHOMBUS_CLIENT_SECRET`, `RHOMBUS_API_KEY`) is set, Envoy by its
 * client id or secret, Versori by any `VERSORI_*` variable; then what they require must be
 * set too. The config holds what the environment says, plus each variable's own default
 * (`envDefault` in `bffSettings`: the redirect URIs on `DOORWAY_APP_ORIGIN`, the Rhombus dialect and region,
 * the Versori API); `createDoorwayBff` applies the rest of the defaults. Throws
 * {@link BffConfigError} naming every invalid variable at once; secret values are never
 * echoed. A variable that looks like one of the BFF's but is not (`RHOMBUS_CONSOLE_ULR`) is
 * reported through `options.warn` (default `console.warn`) with the closest known name.
 */
export function loadBffConfig(
  env?: Environment,
  options: { warn?: (message: string) => void } = {},
): BffConfig {
  const { config, warnings } = loadBffEnvironment(env)
  const warn = options.warn ?? ((message: string) => console.warn(`doorway-bff: ${message}`))
  for (const warning of warnings) warn(warning)
  return config
}
