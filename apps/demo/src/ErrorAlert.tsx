import type { DoorwayError } from '@doorway/core'

/**
 * One alert per error: what to do (the hint) or else what happened, with its code; what
 * the provider or the BFF said is under "Details" when the hint already says it.
 */
export function ErrorAlert({ error }: { error: DoorwayError }) {
  const details = error.hint && error.hint !== error.message ? error.message : undefined
  return (
    <div role="alert" className="alert">
      <p className="alert__title">{error.hint ?? error.message}</p>
      <p className="alert__code">
        <code>{error.code}</code>
      </p>
      {details && (
        <details className="alert__details">
          <summary>Details</summary>
          <p>{details}</p>
        </details>
      )}
    </div>
  )
}
