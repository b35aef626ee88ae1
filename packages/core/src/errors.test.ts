import { describe, expect, it } from 'vitest'
import { DoorwayError, errorHints, isDoorwayError, providerError } from './errors.js'
import { doorwayErrorCodes, oauthErrorCodes } from './wire.js'

describe('DoorwayError', () => {
  it("keeps Doorway's codes, with the browser's remedy as message and hint", () => {
    const error = new DoorwayError('popup_blocked')
    expect(error).toMatchObject({ name: 'DoorwayError', code: 'popup_blocked', error: undefined })
    expect(error.hint).toMatch(/popup was blocked/)
    expect(error.message).toBe(error.hint)
    expect(isDoorwayError(error, 'popup_blocked')).toBe(true)
  })

  it("keeps Doorway's code when the provider's `error` differs (a BFF problem)", () => {
    const error = new DoorwayError('upstream_unavailable', 'down', { error: 'busy', status: 503 })
    expect(error).toMatchObject({ code: 'upstream_unavailable', error: 'busy', status: 503 })
  })
})

describe('providerError', () => {
  it.each(oauthErrorCodes)(
    'keeps %s, a code RFC 6749 defines, as the code and as `error`',
    (code) => {
      const error = providerError(code, { error: code, error_description: 'Said no' })
      expect(error).toBeInstanceOf(DoorwayError)
      expect(error).toMatchObject({
        code,
        error: code,
        error_description: 'Said no',
        message: 'Said no',
      })
    },
  )

  it("makes any other provider code upstream_error, the provider's kept beside it", () => {
    const callback = {
      error: 'login_required',
      error_description: 'Sign in at the provider first',
      error_uri: 'https://as.example/errors/login_required',
    }
    const error = providerError(callback.error, callback)
    expect(error).toMatchObject({
      code: 'upstream_error',
      error: 'login_required',
      error_description: 'Sign in at the provider first',
      error_uri: 'https://as.example/errors/login_required',
      message: 'Sign in at the provider first',
    })
    expect(isDoorwayError(error, 'upstream_error')).toBe(true)
    // Doorway's own codes that RFC 6749 does not define are no provider's either.
    for (const code of ['state_mismatch', 'popup_blocked', 'unsupported_response_type']) {
      expect(providerError(code, { error: code }).code).toBe('upstream_error')
    }
    // Without a description the message is the code, not the provider's.
    expect(providerError('Error', { error: 'Error' }).message).toBe('upstream_error')
  })
})

describe('the closed set', () => {
  it("lists RFC 6749's codes, every code once, and a remedy only for a listed code", () => {
    for (const code of oauthErrorCodes) expect(doorwayErrorCodes).toContain(code)
    expect(new Set(doorwayErrorCodes).size).toBe(doorwayErrorCodes.length)
    for (const code of Object.keys(errorHints)) expect(doorwayErrorCodes).toContain(code)
  })
})
