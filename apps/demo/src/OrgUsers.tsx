import { useRhombusQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

interface UsersInOrg {
  users?: Array<{ uuid?: string; email?: string; name?: string }>
}

/** The users of the signed-in organisation, from Rhombus's getUsersInOrg through the BFF proxy. */
export function OrgUsers() {
  const users = useRhombusQuery<UsersInOrg>('/user/getUsersInOrg', {})
  if (users.error) return <ErrorAlert error={users.error} />
  if (!users.data) return <p>Loading users…</p>
  return (
    <>
      <h3 id="org-users">Users in your organisation</h3>
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
