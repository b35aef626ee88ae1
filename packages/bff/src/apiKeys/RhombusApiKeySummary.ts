/**
 * What the BFF shows of a minted Rhombus API key: never the key itself, which stays
 * encrypted in the credential store (`secrets.apiKey` of a `rhombus-api-key` record).
 */
export interface RhombusApiKeySummary {
  /** The BFF's id for the key (a ULID): what `DELETE /rhombus/api-keys/:id` takes. */
  id: string
  /** The name given when minting, as Rhombus shows it in its console. */
  displayName: string
  /** Epoch milliseconds when the BFF stored it. */
  createdAt: number
  /** Minted by a partner session (`/api/partner/submitApiTokenApplication`). */
  partner: boolean
}
