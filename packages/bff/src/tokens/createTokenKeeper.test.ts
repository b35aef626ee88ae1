import { describe, expect, it } from 'vitest'
import { BffError } from '../http/BffError.js'
import type { TokenEndpointResponse } from '../oauth/OAuthProvider.js'
import { createTokenKeeper, type TokenHolder } from './createTokenKeeper.js'

interface Value {
  accessToken: string
  refreshToken?: string
  expiresAt?: number
  ended?: 'revoked' | 'expired'
}

/** A holder over one in-memory value whose update runs one fn at a time, like the store's. */
function memoryHolder(
  initial: Value,
  refresh: (refreshToken: string) => Promise<TokenEndpointResponse>,
) {
  let value: Value | undefined = initial
  let queue: Promise<unknown> = Promise.resolve()
  const sent: string[] = []
  const holder: TokenHolder<Value> = {
    id: 'value',
    name: 'Test value',
    read: async () => value,
    update(fn) {
      const run = queue.then(async () => {
        value = await fn(value)
        return value
      })
      queue = run.catch(() => {})
      return run
    },
    tokens: (v) => (v.ended ? undefined : v),
    refresh(refreshToken) {
      sent.push(refreshToken)
      return refresh(refreshToken)
    },
    renewed: (v, tokens) => ({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? v.refreshToken,
      expiresAt: Date.now() + (tokens.expiresIn ?? 3600) * 1000,
    }),
    ended: (_v, reason) => ({ accessToken: '', ended: reason }),
  }
  return { holder, sent, current: () => value }
}

const tokens = (n: number): TokenEndpointResponse => ({
  accessToken: `at-${n}`,
  refreshToken: `rt-${n}`,
  expiresIn: 3600,
  parameters: {},
})

describe('28. the token keeper: one refresh per record, never a refresh token twice', () => {
  it('28. 100 concurrent calls at expiry make one refresh and all get the new token', async () => {
    let n = 0
    const { holder, sent } = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        return tokens(++n)
      },
    )
    const keeper = createTokenKeeper()
    const results = await Promise.all(Array.from({ length: 100 }, () => keeper.fresh(holder)))
    expect(sent).toEqual(['rt-0'])
    expect(keeper.refreshes).toBe(1)
    expect(new Set(results.map((r) => r?.accessToken))).toEqual(new Set(['at-1']))
  })

  it('28. a caller that arrives after a refresh (decided from the stored value) does not refresh again', async () => {
    let n = 0
    const { holder, sent } = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 },
      async () => tokens(++n),
    )
    const keeper = createTokenKeeper()
    await keeper.fresh(holder)
    // Told the old token is stale (a 401 that raced the refresh): the new one is taken.
    expect((await keeper.fresh(holder, { stale: 'at-0' }))?.accessToken).toBe('at-1')
    expect(sent).toEqual(['rt-0'])
  })

  it('refreshes within the skew, and once more when the current token is stale (an upstream 401)', async () => {
    let n = 0
    const { holder, sent } = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() + 30_000 },
      async () => tokens(++n),
    )
    const keeper = createTokenKeeper({ skewMs: 60_000 })
    expect((await keeper.fresh(holder))?.accessToken).toBe('at-1')
    expect((await keeper.fresh(holder))?.accessToken).toBe('at-1')
    expect((await keeper.fresh(holder, { stale: 'at-1' }))?.accessToken).toBe('at-2')
    expect(sent).toEqual(['rt-0', 'rt-1'])
  })

  it('28. invalid_grant ends the record, and says so (tokens gone)', async () => {
    const { holder, current } = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 },
      async () => {
        throw new BffError('invalid_grant', 'refused')
      },
    )
    const keeper = createTokenKeeper()
    const value = await keeper.fresh(holder)
    expect(value).toEqual({ accessToken: '', ended: 'revoked' })
    expect(holder.tokens(current() as Value)).toBeUndefined()
  })

  it('without a refresh token, an expired or stale token ends the record as expired; a live one is kept', async () => {
    const keeper = createTokenKeeper()
    const never = async (): Promise<TokenEndpointResponse> => {
      throw new Error('no refresh expected')
    }
    const live = memoryHolder({ accessToken: 'at-0', expiresAt: Date.now() + 30_000 }, never)
    expect((await keeper.fresh(live.holder))?.accessToken).toBe('at-0')
    expect((await keeper.fresh(live.holder, { stale: 'at-0' }))?.ended).toBe('expired')
    const gone = memoryHolder({ accessToken: 'at-0', expiresAt: Date.now() - 1 }, never)
    expect((await keeper.fresh(gone.holder))?.ended).toBe('expired')
  })

  it('a failed refresh (5xx) is thrown when the token is dead, and the old token used while it still works', async () => {
    const unavailable = async (): Promise<TokenEndpointResponse> => {
      throw new BffError('upstream_unavailable', 'down')
    }
    const keeper = createTokenKeeper({ skewMs: 60_000 })
    const early = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() + 30_000 },
      unavailable,
    )
    expect(await keeper.fresh(early.holder)).toMatchObject({
      accessToken: 'at-0',
      refreshToken: 'rt-0',
    })
    const dead = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 },
      unavailable,
    )
    await expect(keeper.fresh(dead.holder)).rejects.toMatchObject({ code: 'upstream_unavailable' })
    expect(dead.current()).toMatchObject({ accessToken: 'at-0', refreshToken: 'rt-0' })
  })

  it('an answer without a new refresh token keeps the old one', async () => {
    const { holder, current } = memoryHolder(
      { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1 },
      async () => ({ accessToken: 'at-1', expiresIn: 60, parameters: {} }),
    )
    await createTokenKeeper().fresh(holder)
    expect(current()).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-0' })
  })
})
