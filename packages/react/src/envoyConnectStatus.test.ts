import { DoorwayError, type EnvoyConnection } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import { type EnvoyConnectInputs, envoyConnectStatus } from './envoyConnectStatus.js'

const disconnected: EnvoyConnection = { status: 'disconnected', via: 'direct' }
const connected: EnvoyConnection = { status: 'connected', via: 'direct' }
const known: EnvoyConnectInputs = {
  connection: disconnected,
  dataUpdatedAt: 100,
  isPending: false,
  readError: null,
  configError: null,
  lost: null,
  isAvailable: true,
  isConnecting: false,
  last: undefined,
}
const denied = new DoorwayError('access_denied')

describe('envoyConnectStatus (without React)', () => {
  it('loading while the config or, when available, the connection is unknown', () => {
    expect(envoyConnectStatus({ ...known, isAvailable: undefined, connection: undefined })).toEqual(
      { status: 'disconnected', error: null, isLoading: true },
    )
    expect(envoyConnectStatus({ ...known, isPending: true, connection: undefined }).isLoading).toBe(
      true,
    )
    // Not available (signed out, not served): known, not loading.
    expect(envoyConnectStatus({ ...known, isAvailable: false, isPending: true }).isLoading).toBe(
      false,
    )
    // A failed config read is an answer too.
    const configError = new DoorwayError('network_error')
    expect(envoyConnectStatus({ ...known, isAvailable: undefined, configError })).toEqual({
      status: 'error',
      error: configError,
      isLoading: false,
    })
  })

  it('disconnected, connected, connecting', () => {
    expect(envoyConnectStatus(known)).toEqual({
      status: 'disconnected',
      error: null,
      isLoading: false,
    })
    expect(envoyConnectStatus({ ...known, connection: connected }).status).toBe('connected')
    expect(envoyConnectStatus({ ...known, isConnecting: true }).status).toBe('connecting')
    // A reconnect of a connected way is connecting, whatever an old error says.
    expect(
      envoyConnectStatus({
        ...known,
        connection: connected,
        isConnecting: true,
        last: { kind: 'connect', error: denied, submittedAt: 50 },
      }).status,
    ).toBe('connecting')
  })

  it('error: a failed connect or disconnect, a failed read, a lost connection', () => {
    const last = { kind: 'connect', error: denied, submittedAt: 200 } as const
    expect(envoyConnectStatus({ ...known, last })).toMatchObject({ status: 'error', error: denied })
    const readError = new DoorwayError('upstream_unavailable')
    expect(envoyConnectStatus({ ...known, readError })).toMatchObject({
      status: 'error',
      error: readError,
    })
    const lost = new DoorwayError('envoy_disconnected')
    expect(envoyConnectStatus({ ...known, lost })).toMatchObject({ status: 'error', error: lost })
    // The mutation's error comes first.
    expect(envoyConnectStatus({ ...known, last, readError, lost }).error).toBe(denied)
    // A failed disconnect of a still connected way: connected, with the error.
    const notSupported = new DoorwayError('not_supported')
    expect(
      envoyConnectStatus({
        ...known,
        connection: connected,
        last: { kind: 'disconnect', error: notSupported, submittedAt: 200 },
      }),
    ).toMatchObject({ status: 'connected', error: notSupported })
  })

  it('a failed connect is moot once a newer connection came; a mere re-read keeps it', () => {
    const last = { kind: 'connect', error: denied, submittedAt: 200 } as const
    expect(
      envoyConnectStatus({ ...known, connection: connected, dataUpdatedAt: 300, last }),
    ).toMatchObject({ status: 'connected', error: null })
    // Read again after the failure, still disconnected: the error stays.
    expect(envoyConnectStatus({ ...known, dataUpdatedAt: 300, last }).error).toBe(denied)
    // Connected before the failed attempt (read earlier): the error stays.
    expect(
      envoyConnectStatus({ ...known, connection: connected, dataUpdatedAt: 100, last }).error,
    ).toBe(denied)
  })

  it('a failed disconnect is moot once a newer disconnection came', () => {
    const last = { kind: 'disconnect', error: denied, submittedAt: 200 } as const
    expect(envoyConnectStatus({ ...known, dataUpdatedAt: 300, last })).toMatchObject({
      status: 'disconnected',
      error: null,
    })
  })
})
