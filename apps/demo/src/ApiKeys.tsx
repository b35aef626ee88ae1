import { useRhombusApiKeys } from '@doorway/react'
import { useState } from 'react'
import { ErrorAlert } from './ErrorAlert.js'

/**
 * Long-lived Rhombus API keys minted from the session. The BFF keeps each key encrypted for
 * server-side work; the page only ever sees its name and id.
 */
export function ApiKeys() {
  const { query, create, remove, isCreating, isRemoving, error } = useRhombusApiKeys()
  const [name, setName] = useState('Doorway demo key')
  return (
    <section aria-labelledby="api-keys">
      <h3 id="api-keys">API keys</h3>
      <p className="muted">
        Minted with your session and kept on the server (encrypted): this page never sees a key.
        Deleting one here makes the server forget it; revoke it in the Rhombus console too.
      </p>
      {error && <ErrorAlert error={error} />}
      {query.error && <ErrorAlert error={query.error} />}
      <form
        onSubmit={(event) => {
          event.preventDefault()
          create(name)
        }}
      >
        <label>
          Key name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>{' '}
        <button type="submit" disabled={isCreating}>
          Create API key
        </button>
      </form>
      {query.data && query.data.length === 0 && <p>No API keys yet.</p>}
      <ul aria-label="API keys">
        {query.data?.map((key) => (
          <li key={key.id}>
            {key.displayName}
            <span className="muted">
              {' '}
              — created {new Date(key.createdAt).toLocaleString()}
              {key.partner && ' (partner)'}
            </span>{' '}
            <button
              type="button"
              disabled={isRemoving}
              aria-label={`Delete ${key.displayName}`}
              onClick={() => remove(key.id)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
