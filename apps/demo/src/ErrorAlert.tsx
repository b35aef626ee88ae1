import type { DoorwayError } from '@doorway/core'

export function ErrorAlert({ error }: { error: DoorwayError }) {
  return (
    <div role="alert" className="error">
      <strong>
        <code>{error.code}</code>
      </strong>{' '}
      {error.message}
      {error.hint && error.hint !== error.message && <p className="hint">{error.hint}</p>}
    </div>
  )
}
