import type { BffClient } from './bffClient.js'
import type { CallbackParams } from './callback.js'
import type { CallbackResult } from './doorwayClient.js'
import type { Transaction } from './transactionStore.js'

/**
 * Finishes an authorization of a provider other than the Rhombus sign-in. The callback
 * mechanism calls it once per state, after it has matched the state to a transaction of
 * this provider, consumed the transaction and cleaned the address bar, and before anything
 * is sent; `bff` is the client's BFF client. It resolves with what the app gets back as {@link CallbackResult.data}.
 */
export type Redeemer = (
  callback: CallbackParams,
  transaction: Transaction,
  bff: BffClient,
) => Promise<unknown>

/**
 * Redeemers by provider id, shared by every client of the page. Modules of other providers
 * (e.g. `connectEnvoy`'s) register theirs when they are loaded, so that a callback that
 * arrives on a fresh page (redirect mode) finds it; a provider with none is not redeemed.
 */
export const redeemers: Map<string, Redeemer> = new Map()
