import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { type RhombusPublicConfig, rhombusPublicConfig } from '../rhombus/RhombusPublicConfig.js'

/** The body of `GET /config`: public data for each configured provider. */
export interface PublicConfig {
  providers: { rhombus?: RhombusPublicConfig }
}

/** `GET /config`. */
export function configRoute({ config }: BffServices): Handler {
  const body: PublicConfig = { providers: {} }
  if (config.rhombus) body.providers.rhombus = rhombusPublicConfig(config.rhombus)
  return (c) => c.json(body)
}
