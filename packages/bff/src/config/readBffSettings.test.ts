import { describe, expect, it } from 'vitest'
import { readBffSettings } from './readBffSettings.js'

describe('readBffSettings: variableText', () => {
  it('derives the default redirect URIs from DOORWAY_APP_ORIGIN, with every provider off', () => {
    const settings = readBffSettings({ environment: {} })
    expect(settings.variableText('rhombus.redirectUri')).toBe(
      'http://localhost:5173/oauth/callback/rhombus',
    )
    expect(settings.variableText('envoy.redirectUri')).toBe(
      'http://localhost:5173/oauth/callback/envoy',
    )
  })

  it('uses DOORWAY_APP_ORIGIN as normalised (its origin), never PORT', () => {
    const settings = readBffSettings({
      environment: { PORT: '8080', DOORWAY_APP_ORIGIN: ' https://app.example.com/some/path ' },
    })
    expect(settings.value('port')).toBe(8080)
    expect(settings.variableText('rhombus.redirectUri')).toBe(
      'https://app.example.com/oauth/callback/rhombus',
    )
  })

  it('gives a set variable as it is, and nothing when the origin it derives from is invalid', () => {
    const set = readBffSettings({
      environment: { RHOMBUS_REDIRECT_URI: ' http://localhost:3000/cb ', DOORWAY_APP_ORIGIN: 'x' },
    })
    expect(set.variableText('rhombus.redirectUri')).toBe('http://localhost:3000/cb')
    expect(set.variableText('envoy.redirectUri')).toBeUndefined()
    expect(set.issues).toContainEqual({
      key: 'DOORWAY_APP_ORIGIN',
      message: 'must be an http(s) origin, got "x"',
    })
    expect(readBffSettings({ environment: {} }).variableText('sessionSecret')).toBeUndefined()
  })
})
