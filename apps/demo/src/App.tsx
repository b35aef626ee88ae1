import type { SignInOptions } from '@doorway/core'
import { RhombusAccount, useRhombusLogin } from '@doorway/react'
import { useState } from 'react'
import { ApiKeys } from './ApiKeys.js'
import { ClientOrgPicker } from './ClientOrgPicker.js'
import { EnvoySection } from './EnvoySection.js'
import { ErrorAlert } from './ErrorAlert.js'
import { OrgUsers } from './OrgUsers.js'
import { SegmentedControl } from './SegmentedControl.js'

type SignInMode = NonNullable<SignInOptions['mode']>

const signInModes = [
  { value: 'redirect', label: 'Redirect this tab' },
  { value: 'popup', label: 'Use a popup' },
] as const

export function App() {
  const login = useRhombusLogin()
  const [mode, setMode] = useState<SignInMode>('redirect')
  // A partner account may act for one of its client orgs.
  const [org, setOrg] = useState<string>()

  return (
    <>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true">
              D
            </span>
            Doorway <span className="brand__tag">demo</span>
          </p>
          <RhombusAccount mode={mode} timeLeftProps={{ 'data-testid': 'session-remaining' }}>
            {login.isPartner && <ClientOrgPicker org={org} onChange={setOrg} />}
          </RhombusAccount>
        </div>
      </header>
      <main className="app-main">
        {/* A failed sign-in; a failed session read is the account menu's, with "Try again". */}
        {login.error && login.session && <ErrorAlert error={login.error} />}
        {login.status === 'loading' && <p className="muted">Loading session…</p>}
        {login.isAuthenticated ? (
          <>
            <h1>{login.org?.name ?? 'Your organisation'}</h1>
            <p className="lead">
              Rhombus and Envoy, read through the BFF: this page never holds a token.
            </p>
            <div className="cards">
              <OrgUsers org={login.isPartner ? org : undefined} />
              <EnvoySection />
              <ApiKeys />
            </div>
          </>
        ) : (
          login.status !== 'loading' && (
            <section aria-labelledby="sign-in" className="card card--hero">
              <h1 id="sign-in">Sign in to your Rhombus organisation</h1>
              {login.status === 'expired' && (
                <p role="status" className="notice">
                  Your session has expired. Sign in again to carry on.
                </p>
              )}
              <p className="lead">
                Sign in with Rhombus (at the top of the page) to see the users of your organisation,
                connect Envoy and mint API keys. Secrets and tokens stay on the server.
              </p>
              <SegmentedControl
                legend="Sign in by"
                name="sign-in-mode"
                value={mode}
                segments={signInModes}
                onChange={setMode}
              />
            </section>
          )
        )}
      </main>
    </>
  )
}
