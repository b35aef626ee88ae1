import { BffError } from './BffError.js'

/** A request body as received: the fields of the wire contract's `T`, each still to be checked. */
export type Unchecked<T> = { [K in keyof T]?: unknown }

/** Reads fields of a request body that must be a JSON object; 400 `bad_request` naming the field otherwise. */
export interface BodyFields {
  /** A non-empty string, or `undefined` when absent. */
  optionalString(name: string, options?: { maxLength?: number }): string | undefined
  /** A non-empty string. */
  string(name: string, options?: { maxLength?: number }): string
}

/** `body` as {@link BodyFields}, or 400 `bad_request` when it is not a JSON object. */
export function parseBodyObject(body: unknown): BodyFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BffError('bad_request', 'The body must be a JSON object.')
  }
  const fields = body as Record<string, unknown>
  const optionalString: BodyFields['optionalString'] = (name, options = {}) => {
    const value = fields[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string' || value === '') {
      throw new BffError('bad_request', `"${name}" must be a non-empty string.`)
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw new BffError(
        'bad_request',
        `"${name}" must be at most ${options.maxLength} characters.`,
      )
    }
    return value
  }
  return {
    optionalString,
    string(name, options) {
      const value = optionalString(name, options)
      if (value === undefined) throw new BffError('bad_request', `"${name}" is required.`)
      return value
    },
  }
}
