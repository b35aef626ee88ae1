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
    <section aria-labelledby="api-keys" className="card card--wide">
      <h2 id="api-keys">API keys</h2>
      <p className="muted">
        Minted with your session and kept on the server (encrypted): this page never sees a key.
        Deleting one here revokes it at Rhombus, then the server forgets it.
      </p>
      {error && <ErrorAlert error={error} />}
      {query.error && <ErrorAlert error={query.error} />}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          create(name)
        }}
      >
        <label htmlFor="api-key-name">Key name</label>
        <input id="api-key-name" value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button button--primary" disabled={isCreating}>
          Create API key
        </button>
      </form>
      {query.data && query.data.length === 0 && <p className="muted">No API keys yet.</p>}
      <ul aria-label="API keys" className="rows">
        {query.data?.map((key) => (
          <li key={key.id} className="row">
            <span className="row__text">
              <span className="row__title">
                {key.displayName}
                {key.partner && <span className="tag">partner</span>}
              </span>
              <span className="muted">created {new Date(key.createdAt).toLocaleString()}</span>
            </span>
            <button
              type="button"
              className="button button--danger"
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
