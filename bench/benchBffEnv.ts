import type { SandboxRhombusUrls } from '@doorway/sandbox'
import { benchSettings } from './benchSettings.js'

/**
 * The environment `bffServer.ts` is started with (read by `loadBffConfig`, as
 * `doorway-bff` reads it): Rhombus in the `oauth2` dialect at `rhombus`'s hosts (the
 * sandbox's, or a stub's API host), the bench client and session secret, and the default
 * credential store in `databaseFile` (`DOORWAY_DB`: SQLite, as a deployment has it; see
 * `benchDatabase`).
 */
export function benchBffEnv(
  rhombus: Pick<SandboxRhombusUrls, 'consoleUrl' | 'authWebUrl' | 'apiUrl'>,
  databaseFile: string,
): Record<string, string> {
  return {
    SESSION_SECRET: benchSettings.sessionSecret,
    RHOMBUS_CLIENT_ID: benchSettings.clientId,
    RHOMBUS_CLIENT_SECRET: benchSettings.clientSecret,
    RHOMBUS_PROTOCOL: 'oauth2',
    RHOMBUS_CONSOLE_URL: rhombus.consoleUrl,
    RHOMBUS_AUTH_URL: rhombus.authWebUrl,
    RHOMBUS_API_URL: rhombus.apiUrl,
    RHOMBUS_REDIRECT_URI: benchSettings.redirectUri,
    DOORWAY_DB: databaseFile,
  }
}
