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
