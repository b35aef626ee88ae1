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
