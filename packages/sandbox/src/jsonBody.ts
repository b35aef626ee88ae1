/**
 * Parses a request body that must be exactly one JSON object (not an array, not `null`).
 * Returns `undefined` for anything else, so each emulator answers in its own error format.
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
