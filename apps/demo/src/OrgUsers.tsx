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
  if (users.error) return <ErrorAlert error={users.error} />
  if (!users.data) return <p>Loading users…</p>
  return (
    <>
      <h3 id="org-users">
        {org ? 'Users in the client organisation' : 'Users in your organisation'}
      </h3>
      <ul aria-labelledby="org-users">
        {(users.data.users ?? []).map((user) => (
          <li key={user.uuid ?? user.email}>
            {user.email}
            {user.name && <span className="muted"> — {user.name}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
