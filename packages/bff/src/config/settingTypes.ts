import { isPostgresUrl } from '../store/createPostgresCredentialStore.js'
import { parseHttpUrl } from './parseHttpUrl.js'

/**
 * What a {@link SettingType} makes of a value: the value (`undefined`: unset), or why it is
 * invalid. `got` is the offending text, which is quoted after `issue` unless the setting
 * is secret.
 */
export type Parsed<T> = { value: T | undefined } | { issue: string; got?: string }

/** How a setting's value is read from an environment variable, checked and normalised. */
export interface SettingType<T> {
  /** Turns a variable's text (trimmed, never empty) into a value for `check`. Default: the text. */
  fromText?: (text: string) => Parsed<unknown>
  /** Checks and normalises a value, given in code or made by `fromText`. */
  check: (value: unknown) => Parsed<T>
  /** What a valid value looks like, added to "is required". */
  hint?: string
}

const unset = { value: undefined }

/** A string; empty counts as unset. */
export const text: SettingType<string> = {
  check: (value) => {
    if (value === '') return unset
    return typeof value === 'string' ? { value } : { issue: 'must be a string' }
  },
}

/** `base`, then `next` on what it made of a set value. */
function refine<A, B>(base: SettingType<A>, next: (value: A) => Parsed<B>): SettingType<B> {
  return {
    check: (value) => {
      const checked = base.check(value)
      if ('issue' in checked) return checked
      return checked.value === undefined ? unset : next(checked.value)
    },
  }
}

/** The command the docs and messages give for a new random secret. */
export const secretCommand =
  "node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\""

/**
 * Bits of entropy `value` shows at most, judged by its own characters: its length times the
 * Shannon entropy of their frequencies. A random base64url or hex secret of 32 bytes scores
 * well over 128; `aaaa…`, `abcabc…` or a word repeated score far below, however long.
 */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>()
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1)
  const length = [...value].length
  let bitsPerChar = 0
  for (const count of counts.values()) {
    const p = count / length
    bitsPerChar -= p * Math.log2(p)
  }
  return length * bitsPerChar
}

/** The least {@link estimatedEntropyBits} a secret may show. */
export const minimumSecretBits = 100

/**
 * A secret key: at least `min` characters and random-looking ({@link minimumSecretBits} or more,
 * see {@link estimatedEntropyBits}), so `SESSION_SECRET=aaaa…` is refused, with the command
 * that makes a good one.
 */
export function longText(min: number): SettingType<string> {
  const hint = `at least ${min} characters, random (e.g. from \`${secretCommand}\`)`
  return {
    ...refine(text, (value) => {
      if (value.length < min) return { issue: `must be ${hint}` }
      const bits = Math.floor(estimatedEntropyBits(value))
      if (bits < minimumSecretBits) {
        return {
          issue: `is too predictable (about ${bits} bits of entropy, ${minimumSecretBits} needed: repeated or few distinct characters); use ${hint}`,
        }
      }
      return { value }
    }),
    hint,
  }
}

/** An absolute http(s) URL, kept verbatim (a redirect URI is compared exactly). */
export const httpUrl = refine(text, (value) =>
  parseHttpUrl(value) === undefined
    ? { issue: 'must be an absolute http(s) URL', got: value }
    : { value },
)

/** An absolute http(s) URL that paths are appended to: trailing slashes dropped. */
export const baseUrl = refine(httpUrl, (value) => ({ value: value.replace(/\/+$/, '') }))

/** An http(s) origin (a URL reduced to its origin). */
export const httpOrigin = refine(text, (value) => {
  const url = parseHttpUrl(value)
  return url ? { value: url.origin } : { issue: 'must be an http(s) origin', got: value }
})

/** http(s) origins; comma-separated in a variable. */
export const originList: SettingType<readonly string[]> = {
  fromText: (value) => ({
    value: value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  }),
  check: (value) => {
    if (!Array.isArray(value)) return { issue: 'must be a list of http(s) origins' }
    const origins: string[] = []
    for (const entry of value) {
      const url = parseHttpUrl(entry)
      if (url === undefined) return { issue: 'must be http(s) origins', got: String(entry) }
      origins.push(url.origin)
    }
    return origins.length === 0 ? unset : { value: origins }
  },
}

/** RFC 6749 §3.3 scope-token: NQCHAR except space. */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/

/** A non-empty list of scope tokens; space-separated in a variable. */
export const scopeList: SettingType<readonly string[]> = {
  fromText: (value) =>
    // Commas are legal in a scope token, but in a variable they only ever mean a wrong separator.
    /^[^,]+$/.test(value)
      ? { value: value.split(/\s+/) }
      : { issue: 'must be scope names separated by spaces (not commas)', got: value },
  check: (value) =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((scope) => typeof scope === 'string' && scopeToken.test(scope))
      ? { value: [...value] }
      : { issue: 'must be a non-empty list of scope tokens (RFC 6749 §3.3)' },
}

/** One of `values`. */
export function oneOf<const T extends string>(values: readonly T[]): SettingType<T> {
  return {
    check: (value) =>
      (values as readonly unknown[]).includes(value)
        ? { value: value as T }
        : { issue: `must be one of ${values.join(', ')}`, got: String(value) },
  }
}

/** `true` or `false`. */
export const flag: SettingType<boolean> = {
  fromText: (value) =>
    value === 'true' || value === 'false'
      ? { value: value === 'true' }
      : { issue: 'must be one of true, false', got: value },
  check: (value) => (typeof value === 'boolean' ? { value } : { issue: 'must be true or false' }),
}

/** A finite number above zero. */
export const positiveNumber: SettingType<number> = {
  fromText: (value) =>
    /^\d+(\.\d+)?$/.test(value)
      ? { value: Number(value) }
      : { issue: 'must be a positive number', got: value },
  check: (value) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0
      ? { value }
      : { issue: 'must be a positive number' },
}

/** A whole number above zero. */
export const positiveInteger: SettingType<number> = {
  fromText: (value) =>
    /^\d+$/.test(value)
      ? { value: Number(value) }
      : { issue: 'must be a positive integer', got: value },
  check: (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0
      ? { value }
      : { issue: 'must be a positive integer' },
}

/** A TCP port, 1 to 65535. */
export const portNumber: SettingType<number> = {
  fromText: (value) =>
    /^\d{1,5}$/.test(value)
      ? { value: Number(value) }
      : { issue: 'must be a port number', got: value },
  check: (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535
      ? { value }
      : { issue: 'must be a port number', got: String(value) },
}

/** A mount path like `/bff`; trailing slashes dropped, so `''` (or `/`) is the root. */
export const basePath: SettingType<string> = {
  check: (value) => {
    if (typeof value !== 'string') return { issue: 'must be a string' }
    const path = value.replace(/\/+$/, '')
    return path === '' || /^(\/[A-Za-z0-9._~-]+)+$/.test(path)
      ? { value: path }
      : { issue: 'must look like "/bff" or be empty', got: value }
  },
}

/** A SQLite file, or a `postgres://` / `postgresql://` URL that names a host. */
export const databaseLocation = refine(text, (value) =>
  isPostgresUrl(value) && !isDatabaseUrl(value)
    ? {
        issue:
          'is not a valid PostgreSQL URL (postgres://user:password@host:port/database, special characters in the password percent-encoded)',
      }
    : { value },
)

/** A `postgres://` URL that parses and names a host (or a socket directory in `?host=`). */
function isDatabaseUrl(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return url.hostname !== '' || url.searchParams.has('host')
}

/** A function (given in code only). */
export function fn<T>(): SettingType<T> {
  return {
    check: (value) =>
      typeof value === 'function' ? { value: value as T } : { issue: 'must be a function' },
  }
}

/** An object with at least the functions `methods` (given in code only). */
export function object<T>(what: string, methods: readonly string[] = []): SettingType<T> {
  return {
    check: (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
        ? { value: value as T }
        : { issue: `must be ${what}` },
  }
}
