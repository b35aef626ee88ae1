import { type EnvoyVia, envoyVias } from '@doorway/core'
import { BffError } from '../http/BffError.js'

/** `value` as an {@link EnvoyVia}, or 400 `bad_request` naming the choices. */
export function parseEnvoyVia(value: unknown): EnvoyVia {
  if (typeof value === 'string' && (envoyVias as readonly string[]).includes(value)) {
    return value as EnvoyVia
  }
  throw new BffError('bad_request', `"via" must be one of ${envoyVias.join(', ')}.`)
}
