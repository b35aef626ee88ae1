import { RhombusLoginButton, RhombusSignOutButton, useRhombusLogin } from '@doorway/react'
import { useState } from 'react'
import { ApiKeys } from './ApiKeys.js'
import { ClientOrgPicker } from './ClientOrgPicker.js'
import { EnvoySection } from './EnvoySection.js'
import { ErrorAlert } from './ErrorAlert.js'
import { OrgUsers } from './OrgUsers.js'
import { SessionCountdown } from './SessionCountdown.js'

export function App() {
  const login = useRhombusLogin()
  const [usePopup, setUsePopup] = useState(false)
  // A partner account may act for one of its client orgs.
  const [org, setOrg] = useState<string>()

  return (
    <main>
      <h1>Doorway demo</h1>
      {/* A failed session read is shown by the sign-in button, with "Try again". */}
      {login.error && login.session && <ErrorAlert error={login.error} />}
      {login.status === 'loading' && <p>Loading session…</p>}
      {login.isAuthenticated ? (
        <section aria-labelledby="signed-in">
          <h2 id="signed-in">Signed in with Rhombus</h2>
          {login.org && <p>Signed in to {login.org.name}</p>}
          <p>
            {login.isPartner ? 'Partner account' : 'Standard account'}
            <SessionCountdown />
          </p>
          {login.isPartner && <ClientOrgPicker org={org} onChange={setOrg} />}
          <OrgUsers org={login.isPartner ? org : undefined} />
          <ApiKeys />
          <p>
            <RhombusSignOutButton /> <RhombusSignOutButton everywhere />
          </p>
        </section>
      ) : (
        login.status !== 'loading' && (
          <section aria-labelledby="sign-in">
            <h2 id="sign-in">Sign in</h2>
            {login.status === 'expired' && (
              <p role="status">Your session has expired. Sign in again to carry on.</p>
            )}
            <label>
              <input
                type="checkbox"
                checked={usePopup}
                onChange={(event) => setUsePopup(event.target.checked)}
              />{' '}
              Use a popup
            </label>
            <p>
              <RhombusLoginButton mode={usePopup ? 'popup' : 'redirect'} className="primary" />
            </p>
          </section>
        )
      )}
      {login.isAuthenticated && <EnvoySection />}
    </main>
  )
}
