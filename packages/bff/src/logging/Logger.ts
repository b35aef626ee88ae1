/**
 * Where the BFF writes what it does. Every call goes through {@link redactingLogger} first,
 * so an implementation receives fields with tokens, codes, verifiers and secrets already
 * replaced by `[redacted]`.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** The default {@link Logger}: `info`, `warn` and `error` to the console; `debug` is dropped. */
export const consoleLogger: Logger = {
  debug() {},
  info: (message, fields) => console.info(message, ...(fields ? [fields] : [])),
  warn: (message, fields) => console.warn(message, ...(fields ? [fields] : [])),
  error: (message, fields) => console.error(message, ...(fields ? [fields] : [])),
}

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

const sensitiveKeyParts = [
  'token',
  'secret',
  'verifier',
  'password',
  'apikey',
  'authorization',
  'cookie',
  'credential',
]
const sensitiveQuery =
  /([?&#](?:code|state|[\w-]*token|[\w-]*secret|[\w-]*verifier|password|apikey)=)[^&#\s]*/gi

/** The text that stands in for every redacted value. */
export const REDACTED = '[redacted]'

/** True for keys and header names whose values must never be logged. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '')
  return (
    normalized === 'code' ||
    normalized.endsWith('authcode') ||
    sensitiveKeyParts.some((part) => normalized.includes(part))
  )
}

/**
 * A copy of `value` fit for a log line: values under sensitive keys become `[redacted]`
 * (at any depth, in plain objects, arrays and `Headers`), and credential-like query
 * parameters inside strings are blanked too.
 */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return value.replace(sensitiveQuery, `$1${REDACTED}`)
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, seen) }
  }
  if (value instanceof Headers) return redact(Object.fromEntries(value), seen)
  if (Array.isArray(value)) return value.map((item) => redact(item, seen))
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? REDACTED : redact(item, seen)
  }
  return copy
}
