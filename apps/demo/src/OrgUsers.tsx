import { useRhombusQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

interface UsersInOrg {
  users?: Array<{ uuid?: string; email?: string; name?: string }>
}

/**
 * The users of the signed-in organisation, or of the client org a partner acts for
 * (`org`), from Rhombus's getUsersInOrg through the BFF proxy.
 */
export function OrgUsers({ org }: { org?: string | undefined }) {
  const users = useRhombusQuery<UsersInOrg>('/user/getUsersInOrg', {}, { org })
  return (
    <section aria-labelledby="org-users" className="card">
      <h2 id="org-users">
        {org ? 'Users in the client organisation' : 'Users in your organisation'}
      </h2>
      {users.error ? (
        <ErrorAlert error={users.error} />
      ) : !users.data ? (
        <p className="muted">Loading users…</p>
      ) : (
        <ul aria-labelledby="org-users" className="rows">
          {(users.data.users ?? []).map((user) => (
            <li key={user.uuid ?? user.email} className="row">
              <span className="avatar" aria-hidden="true">
                {(user.name ?? user.email ?? '?').charAt(0).toUpperCase()}
              </span>
              <span className="row__text">
                <span className="row__title">{user.name ?? user.email}</span>
                {user.name && <span className="muted">{user.email}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
