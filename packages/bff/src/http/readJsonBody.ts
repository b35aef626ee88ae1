import { BffError } from './BffError.js'

/** True for `application/json` and `application/*+json`, parameters allowed. */
function isJsonContentType(contentType: string | null | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * The JSON body of `request`, with its raw text: 415 `unsupported_media_type` for another
 * content type, 413 `payload_too_large` past `maxBytes`, 400 `bad_request` when it is not JSON.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ value: unknown; text: string }> {
  requireJsonContentType(request)
  const text = await readBodyText(request, maxBytes)
  return { value: parseJsonText(text), text }
}

/** 415 `unsupported_media_type` unless `request` says its body is JSON. */
export function requireJsonContentType(request: Request): void {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new BffError(
      'unsupported_media_type',
      'The body must be JSON (Content-Type: application/json).',
    )
  }
}

/**
 * The body as text, or 413 `payload_too_large` as soon as it passes `maxBytes`. A body with
 * a `Content-Length` is refused on it before any byte is read, and otherwise read in one
 * go (`request.text()`: on Node the HTTP parser delivers exactly that many bytes, and
 * @hono/node-server reads them without building a web stream); one without (chunked) is
 * read chunk by chunk and cut off at the limit.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new BffError('payload_too_large', `The body is larger than ${maxBytes} bytes.`)
  const declared = request.headers.get('content-length')
  if (declared === null || !/^\d{1,15}$/.test(declared)) {
    return readLimited(request.body, maxBytes, tooLarge)
  }
  if (Number(declared) > maxBytes) throw tooLarge()
  const text = await request.text()
  // A Request built in-process can declare less than it carries; the limit still holds.
  if (text.length > maxBytes || Buffer.byteLength(text) > maxBytes) throw tooLarge()
  return text
}

/** `text` parsed as JSON, or 400 `bad_request`. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new BffError('bad_request', 'The body is not valid JSON.', { cause })
  }
}

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

/**
 * Reads `body` (a web `ReadableStream` or a Node stream) whole as UTF-8, or throws
 * `tooLarge()` as soon as it passes `maxBytes`; stopping early cancels the source.
 */
export async function readLimited(
  body: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  if (body === null) return ''
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for await (const chunk of body) {
    size += chunk.byteLength
    // Leaving the loop cancels a ReadableStream and destroys a Node stream.
    if (size > maxBytes) throw tooLarge()
    text += decoder.decode(chunk, { stream: true })
  }
  return text + decoder.decode()
}
