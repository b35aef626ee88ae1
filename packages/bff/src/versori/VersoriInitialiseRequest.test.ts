import { describe, expect, it } from 'vitest'
import { parseVersoriInitialiseRequest } from './VersoriInitialiseRequest.js'

describe('31. reserved OAuth parameter names are compared after decoding, trimming and lower-casing', () => {
  it.each([
    'state=x',
    'State=x',
    'STATE=x',
    '%73tate=x',
    '%20state=x',
    'state%20=x',
    '+state=x',
    'state%00=x',
    '%09redirect_uri=https%3A%2F%2Fevil.example',
    'Redirect_URI%0A=https%3A%2F%2Fevil.example',
    'foo=1&%43LIENT_ID=other',
    'code_challenge%7F=x',
  ])('%s is a collision: 400 bad_request naming it', (additionalParams) => {
    expect(() => parseVersoriInitialiseRequest({ additionalParams })).toThrow(
      expect.objectContaining({
        code: 'bad_request',
        message: expect.stringContaining('must not set'),
      }),
    )
  })

  it.each([
    'foo=bar&baz=qux',
    'access_type=offline',
    'states=x',
    'my_state=x',
    'approval_prompt=force',
  ])('%s is not reserved: kept as given', (additionalParams) => {
    expect(parseVersoriInitialiseRequest({ additionalParams })).toEqual({ additionalParams })
  })
})
