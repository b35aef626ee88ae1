import { describe, expect, it } from 'vitest'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'
import {
  createStoredSessionRevocations,
  revokedSessionKind,
} from './createStoredSessionRevocations.js'

describe('createStoredSessionRevocations', () => {
  it('remembers a revoked id in the store until its expiry, and nothing else', async () => {
    let now = 1_000
    const store = createMemoryCredentialStore({ now: () => now })
    const revocations = createStoredSessionRevocations(store)
    expect(await revocations.isRevoked('sid-1')).toBe(false)
    await revocations.revoke('sid-1', 5_000)
    expect(await revocations.isRevoked('sid-1')).toBe(true)
    expect(await revocations.isRevoked('sid-2')).toBe(false)
    // Another instance over the same store sees it.
    expect(await createStoredSessionRevocations(store).isRevoked('sid-1')).toBe(true)
    expect(await store.getRecord(revokedSessionKind, 'sid-1')).toMatchObject({ secrets: {} })
    now = 5_000
    expect(await revocations.isRevoked('sid-1')).toBe(false)
  })
})
