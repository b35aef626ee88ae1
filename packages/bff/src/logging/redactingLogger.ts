import type { Logger } from './Logger.js'
import { redact } from './redact.js'

/** Wraps `logger` so that every field passes through {@link redact} before it is written. */
export function redactingLogger(logger: Logger): Logger {
  const wrap =
    (write: Logger['info']): Logger['info'] =>
    (message, fields) =>
      fields === undefined
        ? write(message)
        : write(message, redact(fields) as Record<string, unknown>)
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  }
}
