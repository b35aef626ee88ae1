import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rhombusApplicationErrors, type Sandbox, startSandbox } from '@doorway/sandbox'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadBffConfig } from '../../config/loadBffConfig.js'
import { runCli } from '../runCli.js'
import { RegisterError } from './RegisterError.js'
import { registerHosts } from './registerHosts.js'
import { applicationError } from './rhombusApplications.js'
import { defaultRegisterRedirectUri, parseRegisterArguments } from './runRegisterCli.js'

const apiKey = 'sandbox-api-key'
const bffBase = {
  SESSION_SECRET: 'register-test-session-secret-0123456789',
  RHOMBUS_CLIENT_ID: 'c',
}
let sandbox: Sandbox
let cwd: string
let env: Record<string, string>

beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'doorway-register-'))
  env = {
    RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
    RHOMBUS_AUTH_URL: sandbox.rhombus.authWebUrl,
  }
})

let names = 0
const uniqueName = () => `Doorway test ${++names} ${Date.now()}`

async function run(argv: string[], environment: Record<string, string> = env) {
  const out = { stdout: '', stderr: '' }
  const result = await runCli(
    argv,
    environment,
    {
      stdout: (text) => {
        out.stdout += text
      },
      stderr: (text) => {
        out.stderr += text
      },
    },
    { cwd },
  )
  if (!('exitCode' in result)) throw new Error('expected an exit code')
  return { exitCode: result.exitCode, ...out }
}

async function readEnv(file = '.env'): Promise<Record<string, string>> {
  const text = await readFile(join(cwd, file), 'utf8')
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  )
}

function oauthCalls(path: string) {
  return sandbox.requests.filter((request: { path: string }) => request.path === path)
}

async function registerWithKey(extra: string[] = [], environment = env) {
  return run(
    [
      'register',
      '--api-key',
      apiKey,
      '--name',
      uniqueName(),
      '--contact-email',
      'dev@acme.example',
      ...extra,
    ],
    environment,
  )
}

describe('doorway-bff register with an API key', () => {
  it('registers, writes a 0600 .env and never prints the secret or the key', async () => {
    const result = await registerWithKey(['--redirect-uri', 'http://localhost:8123/cb'])
    expect(result.exitCode).toBe(0)
    const written = await readEnv()
    expect(written.RHOMBUS_CLIENT_ID).toMatch(/.+/)
    expect(written.RHOMBUS_CLIENT_SECRET).toMatch(/.{20,}/)
    expect(written.RHOMBUS_REDIRECT_URI).toBe('http://localhost:8123/cb')
    expect((await stat(join(cwd, '.env'))).mode & 0o777).toBe(0o600)
    expect(result.stdout).toContain(`client id ${written.RHOMBUS_CLIENT_ID}`)
    expect(result.stdout).toContain('not shown (--show-secret prints it)')
    expect(result.stdout + result.stderr).not.toContain(written.RHOMBUS_CLIENT_SECRET)
    expect(result.stdout + result.stderr).not.toContain(apiKey)
  })

  it('prints the secret with --show-secret', async () => {
    const result = await registerWithKey(['--show-secret'])
    expect(result.exitCode).toBe(0)
    const written = await readEnv()
    expect(result.stdout).toContain(`Client secret: ${written.RHOMBUS_CLIENT_SECRET}`)
  })

  it('takes the key from RHOMBUS_API_KEY and merges into an existing --dotenv', async () => {
    await writeFile(
      join(cwd, 'app.env'),
      '# mine\nSESSION_SECRET=keep\nRHOMBUS_CLIENT_ID=old\nRHOMBUS_CLIENT_SECRET=old\n',
    )
    const result = await run(
      ['register', '--name', uniqueName(), '--contact-email', 'a@b.example', '--dotenv', 'app.env'],
      { ...env, RHOMBUS_API_KEY: apiKey },
    )
    expect(result.exitCode).toBe(0)
    const text = await readFile(join(cwd, 'app.env'), 'utf8')
    expect(text.startsWith('# mine\nSESSION_SECRET=keep\nRHOMBUS_CLIENT_ID=')).toBe(true)
    expect(text).not.toContain('=old')
    expect(text).not.toContain('RHOMBUS_REDIRECT_URI')
    expect(result.stdout).toContain('Updated')
    expect(result.stdout).toContain('http://localhost:5173/oauth/callback/rhombus')
  })

  it('without --redirect-uri: RHOMBUS_REDIRECT_URI, else DOORWAY_APP_ORIGIN (default http://localhost:5173), never PORT', async () => {
    const sent = async (environment: Record<string, string>) => {
      const result = await registerWithKey([], environment)
      expect(result.exitCode, result.stderr).toBe(0)
      return /redirect URI (\S+)\n/.exec(result.stdout)?.[1]
    }
    expect(await sent({ ...env, PORT: '8787' })).toBe(
      'http://localhost:5173/oauth/callback/rhombus',
    )
    expect(await sent({ ...env, DOORWAY_APP_ORIGIN: 'https://app.example.com/' })).toBe(
      'https://app.example.com/oauth/callback/rhombus',
    )
    expect(
      await sent({
        ...env,
        DOORWAY_APP_ORIGIN: 'https://app.example.com',
        RHOMBUS_REDIRECT_URI: 'https://app.example.com/cb',
      }),
    ).toBe('https://app.example.com/cb')
    // The default the BFF itself reads, from the same table.
    expect(defaultRegisterRedirectUri({ DOORWAY_APP_ORIGIN: 'http://localhost:3000' })).toBe(
      loadBffConfig({ ...bffBase, DOORWAY_APP_ORIGIN: 'http://localhost:3000' }).rhombus
        ?.redirectUri,
    )
  })

  it('an invalid DOORWAY_APP_ORIGIN is a usage error naming it, before calling Rhombus', async () => {
    sandbox.clearRequests()
    const result = await registerWithKey([], { ...env, DOORWAY_APP_ORIGIN: 'localhost:5173' })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(
      'DOORWAY_APP_ORIGIN must be an http(s) origin, got "localhost:5173".',
    )
    expect(result.stderr).toContain('or pass --redirect-uri <uri>')
    expect(sandbox.requests).toEqual([])
    // --redirect-uri does without it.
    const given = await registerWithKey(['--redirect-uri', 'http://localhost:3000/cb'], {
      ...env,
      DOORWAY_APP_ORIGIN: 'localhost:5173',
    })
    expect(given.exitCode).toBe(0)
  })

  it('a bad key: exit 1, says what to do, never echoes the key', async () => {
    const result = await run([
      'register',
      '--api-key',
      'wrong-key-123',
      '--contact-email',
      'a@b.example',
    ])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Rhombus rejected the API key (HTTP 401')
    expect(result.stderr).toContain('Check --api-key or RHOMBUS_API_KEY')
    expect(result.stderr).not.toContain('wrong-key-123')
    await expect(stat(join(cwd, '.env'))).rejects.toThrow()
  })

  it('no key at all: points at --api-key and --dynamic', async () => {
    const result = await run(['register', '--contact-email', 'a@b.example'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('--dynamic')
  })

  it('a taken name', async () => {
    const name = uniqueName()
    const args = ['register', '--api-key', apiKey, '--name', name, '--contact-email', 'a@b.example']
    expect((await run(args)).exitCode).toBe(0)
    const before = await readFile(join(cwd, '.env'), 'utf8')
    const result = await run(args)
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(rhombusApplicationErrors.nameTaken)
    expect(result.stderr).toContain('Choose another --name')
    expect(await readFile(join(cwd, '.env'), 'utf8')).toBe(before)
  })

  it('a malformed redirect URI is refused before calling Rhombus', async () => {
    sandbox.clearRequests()
    for (const uri of ['/oauth/callback', 'ftp://host/cb', 'http://localhost/cb#frag']) {
      const result = await registerWithKey(['--redirect-uri', uri])
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toContain('not an absolute http(s) URL without a #fragment')
      expect(result.stderr).toContain('--redirect-uri http://localhost:5173/oauth/callback/rhombus')
    }
    expect(sandbox.requests).toEqual([])
  })

  it('a missing contact email and unknown options are usage errors', async () => {
    const missing = await run(['register', '--api-key', apiKey])
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toContain('--contact-email is required')
    const unknown = await run(['register', '--frobnicate'])
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stderr).toContain('--frobnicate')
    expect(unknown.stderr).toContain('register --help')
  })

  it('an unreachable host', async () => {
    const result = await registerWithKey([], { RHOMBUS_API_URL: 'http://127.0.0.1:9' })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Could not reach Rhombus at http://127.0.0.1:9')
  })
})

describe('doorway-bff register --dynamic', () => {
  it('registers through RFC 7591 and writes the client', async () => {
    sandbox.clearRequests()
    const result = await run(['register', '--dynamic', '--redirect-uri', 'http://localhost:9/cb'])
    expect(result.exitCode).toBe(0)
    const written = await readEnv()
    expect(written.RHOMBUS_CLIENT_ID).toMatch(/^dcr_/)
    expect(written.RHOMBUS_REDIRECT_URI).toBe('http://localhost:9/cb')
    expect(result.stdout).not.toContain(written.RHOMBUS_CLIENT_SECRET)
    expect(oauthCalls('/oauth/register')).toHaveLength(1)
  })

  it('--public registers a public client (token_endpoint_auth_method none): no secret written, an old one removed', async () => {
    await run(['register', '--dynamic'])
    expect((await readEnv()).RHOMBUS_CLIENT_SECRET).toBeDefined()
    sandbox.clearRequests()
    const result = await run(['register', '--dynamic', '--public', '--show-secret'])
    expect(result.exitCode).toBe(0)
    const [call] = oauthCalls('/oauth/register')
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({ token_endpoint_auth_method: 'none' })
    const written = await readEnv()
    expect(written.RHOMBUS_CLIENT_ID).toMatch(/^dcr_/)
    expect(written.RHOMBUS_CLIENT_SECRET).toBeUndefined()
    expect(result.stdout).toContain('public client')
    expect(result.stdout).toContain('RHOMBUS_CLIENT_SECRET (removed)')
    expect(result.stdout).not.toContain('Client secret:')
  })

  it('--public without --dynamic is a usage error', async () => {
    const result = await run(['register', '--public'])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('--public needs --dynamic')
  })

  it('with --show-secret prints the secret', async () => {
    const result = await run(['register', '--dynamic', '--show-secret'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`Client secret: ${(await readEnv()).RHOMBUS_CLIENT_SECRET}`)
  })

  it('refuses --api-key together with --dynamic, and a malformed redirect URI', async () => {
    expect((await run(['register', '--dynamic', '--api-key', apiKey])).exitCode).toBe(1)
    const bad = await run(['register', '--dynamic', '--redirect-uri', 'not a url'])
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain('not an absolute http(s) URL')
  })

  it('a host without registration says to use an API key', async () => {
    const result = await run(['register', '--dynamic'], {
      RHOMBUS_AUTH_URL: `${sandbox.url}/nowhere`,
    })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('--api-key')
  })
})

describe('doorway-bff apps', () => {
  it('list, show, update, delete', async () => {
    const name = uniqueName()
    await registerWithKey(['--redirect-uri', 'http://localhost:7000/cb'])
    await run([
      'register',
      '--api-key',
      apiKey,
      '--name',
      name,
      '--contact-email',
      'x@y.example',
      '--dotenv',
      'b.env',
    ])
    const clientId = (await readEnv('b.env')).RHOMBUS_CLIENT_ID as string
    const keyEnv = { ...env, RHOMBUS_API_KEY: apiKey }

    const list = await run(['apps', 'list'], keyEnv)
    expect(list.exitCode).toBe(0)
    expect(list.stdout).toContain(
      `${clientId}  ${name}  http://localhost:5173/oauth/callback/rhombus`,
    )

    const show = await run(['apps', 'show', clientId], keyEnv)
    expect(show.exitCode).toBe(0)
    expect(show.stdout).toContain(`Name:          ${name}`)
    expect(show.stdout).toContain('Contact email: x@y.example')

    const update = await run(
      [
        'apps',
        'update',
        clientId,
        '--redirect-uri',
        'http://localhost:7001/cb',
        '--name',
        `${name}!`,
      ],
      keyEnv,
    )
    expect(update.exitCode).toBe(0)
    expect(update.stdout).toContain('Redirect URI:  http://localhost:7001/cb')
    expect(update.stdout).toContain(`Name:          ${name}!`)

    const remove = await run(['apps', 'delete', clientId, '--api-key', apiKey], env)
    expect(remove.exitCode).toBe(0)
    expect(remove.stdout).toContain(`Deleted application ${clientId}`)
    expect((await run(['apps', 'list'], keyEnv)).stdout).not.toContain(clientId)
  })

  it('an unknown client id, for show, update and delete', async () => {
    const keyEnv = { ...env, RHOMBUS_API_KEY: apiKey }
    for (const argv of [
      ['apps', 'show', 'no-such-client'],
      ['apps', 'update', 'no-such-client', '--name', 'x'],
      ['apps', 'delete', 'no-such-client'],
    ]) {
      const result = await run(argv, keyEnv)
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toContain(rhombusApplicationErrors.unknownApplication)
      expect(result.stderr).toContain('doorway-bff apps list')
    }
  })

  it('a taken name and a malformed redirect URI on update', async () => {
    const first = uniqueName()
    await run(['register', '--api-key', apiKey, '--name', first, '--contact-email', 'a@b.example'])
    await registerWithKey(['--dotenv', 'second.env'])
    const second = (await readEnv('second.env')).RHOMBUS_CLIENT_ID as string
    const keyEnv = { ...env, RHOMBUS_API_KEY: apiKey }
    const taken = await run(['apps', 'update', second, '--name', first], keyEnv)
    expect(taken.exitCode).toBe(1)
    expect(taken.stderr).toContain('Choose another --name')
    const bad = await run(['apps', 'update', second, '--redirect-uri', 'http://x/#y'], keyEnv)
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain('not an absolute http(s) URL')
  })

  it('a bad key, a missing key and usage errors', async () => {
    const bad = await run(['apps', 'list', '--api-key', 'nope-key'])
    expect(bad.exitCode).toBe(1)
    expect(bad.stderr).toContain('Rhombus rejected the API key')
    expect(bad.stderr).not.toContain('nope-key')
    expect((await run(['apps', 'list'])).stderr).toContain('RHOMBUS_API_KEY')
    const keyEnv = { ...env, RHOMBUS_API_KEY: apiKey }
    for (const argv of [
      ['apps'],
      ['apps', 'frob'],
      ['apps', 'show'],
      ['apps', 'list', 'extra'],
      ['apps', 'update', 'id'],
      ['apps', 'show', 'id', '--name', 'x'],
    ]) {
      const result = await run(argv, keyEnv)
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toContain('register --help')
    }
  })
})

describe('help and hosts', () => {
  it('parseRegisterArguments reads a command line without running it', () => {
    expect(parseRegisterArguments(['register', '--dynamic', '--public'])).toMatchObject({
      command: 'register',
      values: { dynamic: true, public: true },
    })
    expect(
      parseRegisterArguments(['apps', 'update', 'id', '--redirect-uri', 'https://a.test/cb']),
    ).toEqual({
      command: 'apps',
      sub: 'update',
      clientId: 'id',
      fields: { redirectUri: 'https://a.test/cb' },
      values: { 'redirect-uri': 'https://a.test/cb' },
    })
    expect(parseRegisterArguments(['apps', '--help'])).toEqual({ command: 'help' })
    for (const argv of [
      ['register', '--frobnicate'],
      ['register', 'extra'],
      ['register', '--public'],
      ['register', '--dynamic', '--api-key', 'k'],
      ['register', '--dotenv', ' '],
      ['apps', 'list', '--dynamic'],
    ]) {
      expect(() => parseRegisterArguments(argv), argv.join(' ')).toThrow(RegisterError)
    }
  })

  it('register --help and doorway-bff --help show the usage', async () => {
    const help = await run(['register', '--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toContain('doorway-bff apps delete <clientId>')
    expect((await run(['--help'])).stdout).toContain('doorway-bff register [--api-key <key>')
  })

  it('picks hosts from the region, overridden by RHOMBUS_API_URL and RHOMBUS_AUTH_URL', () => {
    expect(registerHosts({})).toEqual({
      region: 'us',
      apiUrl: 'https://api2.rhombussystems.com',
      authWebUrl: 'https://auth-web.rhombussystems.com',
    })
    expect(registerHosts({ RHOMBUS_REGION: 'eu' }).authWebUrl).toBe(
      'https://auth-web.eu.rhombussystems.com',
    )
    expect(
      registerHosts({ RHOMBUS_PROTOCOL: 'legacy', RHOMBUS_AUTH_URL: 'http://auth.local' })
        .authWebUrl,
    ).toBe('https://auth-web.rhombussystems.com')
    expect(() => registerHosts({ RHOMBUS_API_URL: 'nope' })).toThrow('RHOMBUS_API_URL')
  })

  it('maps the sandbox texts to typed errors', () => {
    expect(applicationError(rhombusApplicationErrors.nameTaken).code).toBe('name_taken')
    expect(applicationError(rhombusApplicationErrors.invalidRedirectUri).code).toBe(
      'invalid_redirect_uri',
    )
    expect(applicationError(rhombusApplicationErrors.unknownApplication).code).toBe(
      'unknown_application',
    )
    expect(applicationError(rhombusApplicationErrors.invalidContactEmail).code).toBe(
      'invalid_contact_email',
    )
  })
})
