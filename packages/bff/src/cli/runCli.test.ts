import { describe, expect, it } from 'vitest'
import { freePort } from '../__tests__/freePort.js'
import { bffEnvironment } from '../config/loadBffConfig.js'
import { parseCliArguments, runCli } from './runCli.js'

function capture() {
  const out = { stdout: '', stderr: '' }
  return {
    out,
    output: {
      stdout: (text: string) => {
        out.stdout += text
      },
      stderr: (text: string) => {
        out.stderr += text
      },
    },
  }
}

describe('doorway-bff', () => {
  it('--help lists every environment variable', async () => {
    const { out, output } = capture()
    expect(await runCli(['--help'], {}, output)).toEqual({ exitCode: 0 })
    for (const name of Object.keys(bffEnvironment)) expect(out.stdout).toContain(name)
  })

  it('refuses an unknown option or command, saying where the usage is, and serves nothing', async () => {
    for (const argv of [['--port', '3000'], ['serve'], ['--help', 'extra']]) {
      const { out, output } = capture()
      expect(await runCli(argv, {}, output)).toEqual({ exitCode: 1 })
      expect(out.stderr).toMatch(/^doorway-bff: .+\.\nRun doorway-bff --help for usage\.\n$/)
    }
    expect(parseCliArguments([])).toEqual({ command: 'serve' })
    expect(parseCliArguments(['-h'])).toEqual({ command: 'help' })
    expect(parseCliArguments(['apps', 'show', 'id'])).toMatchObject({
      command: 'apps',
      sub: 'show',
    })
    expect(() => parseCliArguments(['--port', '3000'])).toThrow("Unknown option '--port'")
    expect(() => parseCliArguments(['serve'])).toThrow('unknown command "serve"')
  })

  it('exits 1 listing invalid variables', async () => {
    const { out, output } = capture()
    const result = await runCli([], { SESSION_SECRET: 'short', RHOMBUS_PROTOCOL: 'soap' }, output)
    expect(result).toEqual({ exitCode: 1 })
    expect(out.stderr).toContain('SESSION_SECRET')
    expect(out.stderr).toContain('RHOMBUS_PROTOCOL')
  })

  it('serves on PORT and says which provider is configured, never a secret', async () => {
    const { out, output } = capture()
    const env = {
      SESSION_SECRET: 'cli-session-secret-0123456789abcdef',
      RHOMBUS_CLIENT_ID: 'cli-client',
      RHOMBUS_CLIENT_SECRET: 'cli-client-secret',
      RHOMBUS_PROTOCOL: 'legacy',
      ENVOY_CLIENT_ID: 'cli-envoy',
      ENVOY_CLIENT_SECRET: 'cli-envoy-secret',
      ENVOY_REDIRECT_URI: 'https://app.example.com/envoy',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    }
    const result = await runCli([], env, output)
    if (!('server' in result)) throw new Error(out.stderr)
    try {
      expect(out.stdout).toContain(`listening on http://127.0.0.1:${env.PORT}/bff`)
      // PORT is the BFF's own; the redirect URIs are on the app's origin, and say so.
      expect(out.stdout).toContain(
        'Rhombus: legacy dialect, us region, client id cli-client, redirect URI http://localhost:5173/oauth/callback/rhombus (from DOORWAY_APP_ORIGIN http://localhost:5173)',
      )
      expect(out.stdout).toContain(
        'Envoy (direct): client id cli-envoy, redirect URI https://app.example.com/envoy (from ENVOY_REDIRECT_URI)',
      )
      expect(out.stdout).toContain('Envoy through Rhombus: not configured')
      expect(out.stdout).toContain('Envoy through Versori: not configured')
      expect(out.stdout).toContain('Credentials: SQLite ./doorway.db, key from SESSION_SECRET')
      // Every host it will call, defaults applied (legacy dialect: the auth host).
      expect(out.stdout).toContain(
        [
          'Hosts it calls:',
          '  Rhombus console (browser)  https://console.rhombussystems.com',
          '  Rhombus token endpoint     https://auth.rhombussystems.com',
          '  Rhombus API                https://api2.rhombussystems.com',
          '  Envoy authorize and token  https://app.envoy.com',
          '  Envoy API                  https://api.envoy.com',
        ].join('\n'),
      )
      expect(out.stdout).not.toContain('cli-client-secret')
      expect(out.stdout).not.toContain('cli-envoy-secret')
      expect(out.stdout).not.toContain(env.SESSION_SECRET)
      const config = await (await fetch(`${result.server.url}/config`)).json()
      expect(config.providers.rhombus.clientId).toBe('cli-client')
      expect(config.providers.envoy.clientId).toBe('cli-envoy')
    } finally {
      await result.server.close()
    }
  })

  it('warns about a misspelled variable, naming the one it most likely meant, and still starts', async () => {
    const { out, output } = capture()
    const env = {
      SESSION_SECRET: 'cli-session-secret-0123456789abcdef',
      RHOMBUS_CLIENT_ID: 'cli-client',
      RHOMBUS_CONSOLE_ULR: 'http://127.0.0.1:4010/rhombus/console',
      DOORWAY_SESION_MAX_AGE_SECONDS: '60',
      RHOMBUS_FAVOURITE_COLOUR: 'teal',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    }
    const result = await runCli([], env, output)
    if (!('server' in result)) throw new Error(out.stderr)
    try {
      expect(out.stderr).toContain(
        'Warning: RHOMBUS_CONSOLE_ULR is not a Doorway BFF variable and is ignored: did you mean RHOMBUS_CONSOLE_URL?',
      )
      expect(out.stderr).toContain(
        'Warning: DOORWAY_SESION_MAX_AGE_SECONDS is not a Doorway BFF variable and is ignored: did you mean DOORWAY_SESSION_MAX_AGE_SECONDS?',
      )
      expect(out.stderr).toContain(
        'Warning: RHOMBUS_FAVOURITE_COLOUR is not a Doorway BFF variable and is ignored (doorway-bff --help lists them).',
      )
      // The typo is ignored: the default console is what it will call.
      expect(out.stdout).toContain('Rhombus console (browser)  https://console.rhombussystems.com')
    } finally {
      await result.server.close()
    }
  })

  it('names a PostgreSQL store without its password (nothing connects before first use)', async () => {
    const { out, output } = capture()
    const env = {
      SESSION_SECRET: 'cli-session-secret-0123456789abcdef',
      DOORWAY_DB: 'postgres://doorway:hunter2-SECRET@127.0.0.1:1/doorway',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    }
    const result = await runCli([], env, output)
    if (!('server' in result)) throw new Error(out.stderr)
    try {
      expect(out.stdout).toMatch(
        /Credentials: PostgreSQL postgres:\/\/doorway[^ ]*@127\.0\.0\.1:1\/doorway/,
      )
      expect(out.stdout + out.stderr).not.toContain('hunter2-SECRET')
    } finally {
      await result.server.close()
    }
  })
})
