import { settingEntries } from './bffSettings.js'
import type { Environment } from './readBffSettings.js'

/** The prefixes of the BFF's variables: a variable with one of them is expected to be known. */
const prefixes = ['RHOMBUS_', 'ENVOY_', 'VERSORI_', 'DOORWAY_'] as const

/** Doorway variables that are not the BFF's settings (the sandbox's command, the docs' writer). */
const otherDoorwayVariables = new Set(['DOORWAY_SANDBOX_REDIRECT_URIS', 'DOORWAY_WRITE_DOCS'])

const known: readonly string[] = settingEntries.flatMap((entry) =>
  entry.setting.env ? [entry.setting.env] : [],
)

/** Edits (insert, delete, replace, swap of neighbours) between `a` and `b`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1)
      }
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** One variable the BFF does not know, and the known one it most likely meant. */
export interface UnknownVariable {
  name: string
  /** The closest known variable, when one is close enough to be a typo. */
  suggestion?: string
}

/**
 * Variables of `env` that look like the BFF's (`RHOMBUS_`, `ENVOY_`, `VERSORI_`, `DOORWAY_`)
 * but are none of its settings, with the closest known name when it is within a few edits
 * (`RHOMBUS_CONSOLE_ULR` → `RHOMBUS_CONSOLE_URL`). Set but empty counts too: it is still a
 * misspelling. Sorted by name.
 */
export function unknownVariables(env: Environment): UnknownVariable[] {
  const found: UnknownVariable[] = []
  for (const name of Object.keys(env).sort()) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue
    if (known.includes(name) || otherDoorwayVariables.has(name)) continue
    let suggestion: string | undefined
    let best = Math.max(3, Math.floor(name.length / 4)) + 1
    for (const candidate of known) {
      // A name cut short (`VERSORI_HUB`) wins a tie: it is what was left off.
      const truncated = candidate.startsWith(name) || name.startsWith(candidate)
      const edits = distance(name, candidate) - (truncated ? 0.5 : 0)
      if (edits < best) {
        best = edits
        suggestion = candidate
      }
    }
    found.push(suggestion === undefined ? { name } : { name, suggestion })
  }
  return found
}

/** {@link unknownVariables} as one warning line each, for a startup banner or log. */
export function unknownVariableWarnings(env: Environment): string[] {
  return unknownVariables(env).map(({ name, suggestion }) =>
    suggestion === undefined
      ? `${name} is not a Doorway BFF variable and is ignored (doorway-bff --help lists them).`
      : `${name} is not a Doorway BFF variable and is ignored: did you mean ${suggestion}?`,
  )
}
