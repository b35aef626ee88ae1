import { DoorwayError, type SessionSummary } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { sessionStatus } from './sessionStatus.js'

const idle = { isPending: false, error: null }
const pending = { isPending: true, error: null }
const failed = (code: string) => ({ isPending: false, error: new DoorwayError(code) })
const none = { signingIn: idle, signingOut: idle }
const read = (data: SessionSummary | undefined, error: DoorwayError | null = null) => ({
  data,
  error,
})

describe('sessionStatus (without React)', () => {
  it('loading: no session read yet, and no error', () => {
    expect(sessionStatus(read(undefined), none)).toEqual({ status: 'loading', error: null })
  })

  it('anonymous: the BFF says no one is signed in', () => {
    expect(sessionStatus(read(signedOut), none)).toEqual({
      status: 'unauthenticated',
      error: null,
    })
  })

  it('authenticated, even when a later background read failed', () => {
    expect(sessionStatus(read(signedIn), none).status).toBe('authenticated')
    const error = new DoorwayError('network_error')
    expect(sessionStatus(read(signedIn, error), none)).toEqual({
      status: 'authenticated',
      error,
    })
  })

  it('expired: the session ended by itself', () => {
    expect(sessionStatus(read({ authenticated: false, expired: true }), none).status).toBe(
      'expired',
    )
  })

  it('error: a failed session read, with its error (code and hint to show)', () => {
    const error = new DoorwayError('network_error')
    const result = sessionStatus(read(undefined, error), none)
    expect(result).toEqual({ status: 'error', error })
    expect(result.error?.code).toBe('network_error')
    expect(result.error?.hint).toBe('The BFF is unreachable at the configured baseUrl.')
    // A failed read of a session known before is an error too, unless someone is signed in.
    expect(sessionStatus(read(signedOut, error), none).status).toBe('error')
  })

  it('error: a failed sign-in or sign-out, before the session read error', () => {
    const read503 = new DoorwayError('upstream_unavailable', undefined, { status: 503 })
    const signIn = failed('popup_blocked')
    expect(
      sessionStatus(read(signedOut, read503), { signingIn: signIn, signingOut: idle }),
    ).toEqual({ status: 'error', error: signIn.error })
    const signOut = failed('network_error')
    expect(sessionStatus(read(signedOut), { signingIn: idle, signingOut: signOut })).toEqual({
      status: 'error',
      error: signOut.error,
    })
  })

  it('signing in: a sign-in or callback under way, whatever the session or an old error', () => {
    const signingIn = { signingIn: pending, signingOut: idle }
    expect(sessionStatus(read(undefined), signingIn).status).toBe('authenticating')
    expect(sessionStatus(read(signedOut), signingIn).status).toBe('authenticating')
    expect(
      sessionStatus(read(undefined, new DoorwayError('network_error')), signingIn).status,
    ).toBe('authenticating')
  })

  it('signing out: the session it ends holds until the BFF has ended it', () => {
    const signingOut = { signingIn: idle, signingOut: pending }
    expect(sessionStatus(read(signedIn), signingOut)).toEqual({
      status: 'authenticated',
      error: null,
    })
    expect(sessionStatus(read(signedOut), signingOut).status).toBe('unauthenticated')
  })
})
