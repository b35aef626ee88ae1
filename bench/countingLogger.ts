import type { Logger } from '@doorway/bff'

/** A {@link Logger} that keeps counts instead of lines, and what it counted. */
export interface CountingLogger extends Logger {
  /** `level message [problem]` → how many times, e.g. `warn problem upstream_error` → 512. */
  counts(): Record<string, number>
}

/**
 * A logger for servers under load: counts each line by level, message and problem code
 * (the only field kept, a stable code, never a value that could be a secret) and prints
 * nothing, so that 10,000 requests do not turn into 10,000 console writes the run measures.
 */
export function countingLogger(): CountingLogger {
  const counts = new Map<string, number>()
  const count =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const problem = typeof fields?.problem === 'string' ? ` ${fields.problem}` : ''
      const key = `${level} ${message}${problem}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  return {
    debug: count('debug'),
    info: count('info'),
    warn: count('warn'),
    error: count('error'),
    counts: () => Object.fromEntries(counts),
  }
}
