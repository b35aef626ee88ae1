import { DoorwayError, type SessionSummary } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { type SessionMutation, type SessionMutationsState, sessionStatus } from './sessionStatus.js'

const pending: SessionMutation = { status: 'pending', error: null }
const done: SessionMutation = { status: 'success', error: null }
const failed = (code: string): SessionMutation => ({
  status: 'error',
  error: new DoorwayError(code),
})
const none: SessionMutationsState = { signingIn: undefined, signingOut: undefined }
const read = (data: SessionSummary | undefined, error: DoorwayError | null = null) => ({
  data,
  error,
})
const expired: SessionSummary = { authenticated: false, expired: true }

describe('sessionStatus (without React), one state at a time', () => {
  it('loading: no session read yet, and no error', () => {
    expect(sessionStatus(read(undefined), none)).toEqual({
      status: 'loading',
      error: null,
      session: undefined,
      isAuthenticated: false,
      isPartner: false,
      org: undefined,
      expiresAt: undefined,
      isExpired: false,
      isSigningIn: false,
      isSigningOut: false,
    })
  })

  it('anonymous: the BFF says no one is signed in', () => {
    expect(sessionStatus(read(signedOut), none)).toMatchObject({
      status: 'unauthenticated',
      error: null,
      session: signedOut,
      isAuthenticated: false,
      isExpired: false,
    })
    // A finished sign-out leaves the anonymous session it stored.
    expect(sessionStatus(read(signedOut), { signingIn: done, signingOut: done }).status).toBe(
      'unauthenticated',
    )
  })

  it('authenticated: the session and what it says (org, partner, end)', () => {
    const org = { uuid: 'o1', name: 'Acme' }
    expect(sessionStatus(read({ ...signedIn, org }), none)).toMatchObject({
      status: 'authenticated',
      error: null,
      isAuthenticated: true,
      isPartner: true,
      org,
      expiresAt: signedIn.expiresAt,
      isExpired: false,
    })
  })

  it('authenticated, even when a later background read failed', () => {
    const error = new DoorwayError('network_error')
    expect(sessionStatus(read(signedIn, error), none)).toMatchObject({
      status: 'authenticated',
      error,
    })
  })

  it('expired: the session ended by itself', () => {
    expect(sessionStatus(read(expired), none)).toMatchObject({
      status: 'expired',
      isExpired: true,
      isAuthenticated: false,
      error: null,
    })
  })

  it('error: a failed session read, with its error (code and hint to show)', () => {
    const error = new DoorwayError('network_error')
    const result = sessionStatus(read(undefined, error), none)
    expect(result).toMatchObject({ status: 'error', error, session: undefined })
    expect(result.error?.code).toBe('network_error')
    expect(result.error?.hint).toBe('The BFF is unreachable at the configured baseUrl.')
    // A failed read of a session known before is an error too, unless someone is signed in.
    expect(sessionStatus(read(signedOut, error), none).status).toBe('error')
    expect(sessionStatus(read(expired, error), none).status).toBe('error')
  })

  it('error: a failed sign-in or sign-out, before the session read error', () => {
    const read503 = new DoorwayError('upstream_unavailable', undefined, { status: 503 })
    const signIn = failed('popup_blocked')
    expect(
      sessionStatus(read(signedOut, read503), { signingIn: signIn, signingOut: undefined }),
    ).toMatchObject({ status: 'error', error: signIn?.error, isSigningIn: false })
    const signOut = failed('network_error')
    expect(
      sessionStatus(read(signedOut), { signingIn: undefined, signingOut: signOut }),
    ).toMatchObject({ status: 'error', error: signOut?.error, isSigningOut: false })
  })

  it('signing in: a sign-in or callback under way, whatever the session or an old error', () => {
    const signingIn = { signingIn: pending, signingOut: undefined }
    for (const session of [undefined, signedOut, expired]) {
      expect(sessionStatus(read(session), signingIn)).toMatchObject({
        status: 'authenticating',
        isSigningIn: true,
        isSigningOut: false,
      })
    }
    expect(
      sessionStatus(read(undefined, new DoorwayError('network_error')), signingIn).status,
    ).toBe('authenticating')
    // A failed earlier sign-out does not hide the new attempt either.
    expect(
      sessionStatus(read(signedOut), { signingIn: pending, signingOut: failed('timeout') }).status,
    ).toBe('authenticating')
  })

  it('signing out: the session it ends holds until the BFF has ended it', () => {
    const signingOut = { signingIn: undefined, signingOut: pending }
    expect(sessionStatus(read(signedIn), signingOut)).toMatchObject({
      status: 'authenticated',
      isAuthenticated: true,
      isSigningOut: true,
      isSigningIn: false,
      error: null,
    })
    expect(sessionStatus(read(signedOut), signingOut)).toMatchObject({
      status: 'unauthenticated',
      isSigningOut: true,
    })
  })
})
