import { describe, expect, it, vi } from 'vitest'
import { loadBffConfig } from './loadBffConfig.js'
import { unknownVariables } from './unknownVariables.js'

const secret = 'unknown-variables-session-secret-0123456789'

describe('variables that look like the BFF’s but are not', () => {
  it('are found with the closest known name when they are a typo away', () => {
    expect(
      unknownVariables({
        RHOMBUS_CONSOLE_ULR: 'x',
        RHOMBUS_CLIENTID: 'x',
        ENVOY_CLEINT_SECRET: 'x',
        VERSORI_HUB: 'x',
        DOORWAY_ENCRYPTON_KEY: 'x',
        RHOMBUS_NOTHING_LIKE_IT_AT_ALL: 'x',
      }),
    ).toEqual([
      { name: 'DOORWAY_ENCRYPTON_KEY', suggestion: 'DOORWAY_ENCRYPTION_KEY' },
      { name: 'ENVOY_CLEINT_SECRET', suggestion: 'ENVOY_CLIENT_SECRET' },
      { name: 'RHOMBUS_CLIENTID', suggestion: 'RHOMBUS_CLIENT_ID' },
      { name: 'RHOMBUS_CONSOLE_ULR', suggestion: 'RHOMBUS_CONSOLE_URL' },
      { name: 'RHOMBUS_NOTHING_LIKE_IT_AT_ALL' },
      { name: 'VERSORI_HUB', suggestion: 'VERSORI_HUB_ID' },
    ])
  })

  it('leave known variables, other prefixes and the sandbox’s own variable alone', () => {
    expect(
      unknownVariables({
        RHOMBUS_CONSOLE_URL: 'x',
        SESSION_SECRET: 'x',
        PORT: '1',
        NODE_ENV: 'x',
        MY_RHOMBUS_THING: 'x',
        DOORWAY_SANDBOX_REDIRECT_URIS: 'x',
      }),
    ).toEqual([])
  })

  it('loadBffConfig reports them through warn (never their values) and still loads', () => {
    const warn = vi.fn()
    const config = loadBffConfig(
      {
        SESSION_SECRET: secret,
        RHOMBUS_CLIENT_ID: 'c',
        RHOMBUS_CONSOLE_ULR: 'https://secret.example',
      },
      { warn },
    )
    expect(config.rhombus?.clientId).toBe('c')
    expect(config.rhombus?.consoleUrl).toBeUndefined()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toBe(
      'RHOMBUS_CONSOLE_ULR is not a Doorway BFF variable and is ignored: did you mean RHOMBUS_CONSOLE_URL?',
    )
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret.example')
  })
})
