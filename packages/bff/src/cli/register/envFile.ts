import { readFile, writeFile } from 'node:fs/promises'
import { RegisterError } from './RegisterError.js'

/**
 * Sets `values` in the dotenv text `text`: the first line assigning each key (optionally
 * `export KEY=`) is replaced, later ones for that key are dropped, missing keys are
 * appended; a `null` value removes the key's lines; every other line (comments, blanks,
 * other variables) is kept as is.
 */
export function mergeEnvText(
  text: string,
  values: Readonly<Record<string, string | null>>,
): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text === '' ? [] : text.split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  const written = new Set<string>()
  const merged: string[] = []
  for (const line of lines) {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1]
    if (key === undefined || !Object.hasOwn(values, key)) {
      merged.push(line)
      continue
    }
    const value = values[key]
    if (written.has(key) || value === null || value === undefined) continue
    written.add(key)
    merged.push(`${key}=${quote(value)}`)
  }
  for (const [key, value] of Object.entries(values)) {
    if (!written.has(key) && value !== null) merged.push(`${key}=${quote(value)}`)
  }
  return merged.join(newline) + newline
}

/** Bare when safe for dotenv parsers, else single-quoted (or double-quoted if it holds `'`). */
function quote(value: string): string {
  if (/^[A-Za-z0-9_\-.:/@+=~%?&,]*$/.test(value)) return value
  return value.includes("'") ? `"${value}"` : `'${value}'`
}

/**
 * Updates or creates the dotenv file at `path` with `values`; a new file gets mode 0600
 * (it holds a client secret), an existing one keeps its mode. Throws `env_file`.
 */
export async function writeEnvFile(
  path: string,
  values: Readonly<Record<string, string | null>>,
): Promise<{ created: boolean }> {
  let text: string | undefined
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw envFileError(path, error)
  }
  try {
    await writeFile(path, mergeEnvText(text ?? '', values), { mode: 0o600 })
  } catch (error) {
    throw envFileError(path, error)
  }
  return { created: text === undefined }
}

function envFileError(path: string, cause: unknown): RegisterError {
  return new RegisterError(
    'env_file',
    `Could not write ${path}: ${cause instanceof Error ? cause.message : String(cause)}.`,
    'Pass a writable file with --dotenv <path>.',
    { cause },
  )
}
