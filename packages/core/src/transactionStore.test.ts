import { beforeEach, describe, expect, it, vi } from 'vitest'
import { rejectsWith } from './__tests__/fakes.js'
import { createTransactionStore, transactionTtlMs } from './transactionStore.js'

const tx = (state: string) => ({
  flow: 'rhombus',
  state,
  codeVerifier: `verifier-${state}`,
  redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
  returnTo: '/dashboard',
})

describe('createTransactionStore', () => {
  let time = 1_000_000
  const now = () => time
  beforeEach(() => {
    sessionStorage.clear()
    localStorage.clear()
    time = 1_000_000
  })

  it('stores a transaction under doorway:tx:<state> in sessionStorage with a 10-minute TTL', () => {
    const saved = createTransactionStore(sessionStorage, now).save(tx('s1'))
    expect(saved).toEqual({ ...tx('s1'), expiresAt: time + 600_000 })
    expect(transactionTtlMs).toBe(600_000)
    expect(JSON.parse(sessionStorage.getItem('doorway:tx:s1')!)).toEqual(saved)
    expect(localStorage.length).toBe(0)
  })

  it('keeps them in the sessionStorage it is given, never localStorage', () => {
    createTransactionStore(sessionStorage, Date.now).save(tx('s2'))
    expect(sessionStorage.getItem('doorway:tx:s2')).not.toBeNull()
    expect(localStorage.length).toBe(0)
  })

  it('5. take deletes on read: a transaction is taken once', () => {
    const store = createTransactionStore(sessionStorage, now)
    store.save(tx('s3'))
    expect(store.take('s3')?.codeVerifier).toBe('verifier-s3')
    expect(store.take('s3')).toBeNull()
    expect(sessionStorage.getItem('doorway:tx:s3')).toBeNull()
  })

  it('4. an unknown state finds nothing', () => {
    expect(createTransactionStore(sessionStorage, now).take('never-issued')).toBeNull()
  })

  it('4. an expired transaction is reported as transaction_expired and removed', async () => {
    const store = createTransactionStore(sessionStorage, now)
    store.save(tx('s4'))
    time += transactionTtlMs
    await rejectsWith(
      Promise.resolve().then(() => store.take('s4')),
      'transaction_expired',
    )
    expect(sessionStorage.getItem('doorway:tx:s4')).toBeNull()
    expect(store.take('s4')).toBeNull()
  })

  it('is still valid just before the TTL', () => {
    const store = createTransactionStore(sessionStorage, now)
    store.save(tx('s5'))
    time += transactionTtlMs - 1
    expect(store.take('s5')?.state).toBe('s5')
  })

  it('garbage-collects expired and unreadable entries on save, and leaves other keys alone', () => {
    const store = createTransactionStore(sessionStorage, now)
    store.save(tx('old'))
    sessionStorage.setItem('doorway:tx:broken', '{not json')
    sessionStorage.setItem('someone-else', 'kept')
    time += transactionTtlMs / 2
    store.save(tx('recent'))
    time += transactionTtlMs / 2
    const setItem = vi.spyOn(sessionStorage, 'setItem')
    store.save(tx('new'))
    expect(setItem).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem('doorway:tx:old')).toBeNull()
    expect(sessionStorage.getItem('doorway:tx:broken')).toBeNull()
    expect(sessionStorage.getItem('doorway:tx:recent')).not.toBeNull()
    expect(sessionStorage.getItem('doorway:tx:new')).not.toBeNull()
    expect(sessionStorage.getItem('someone-else')).toBe('kept')
  })
})
