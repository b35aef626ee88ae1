'use client'

import type { DoorwayError, SignInOptions } from '@doorway/core'
import type { HTMLAttributes, ReactNode, TimeHTMLAttributes } from 'react'
import { RhombusLoginButton } from './RhombusLoginButton.js'
import { RhombusSignOutButton } from './RhombusSignOutButton.js'
import { useRhombusLogin, useSessionExpiry } from './sessionQueries.js'

export interface RhombusAccountProps
  extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'onError'> {
  /** How the sign-in button signs in: `redirect` (default) leaves the page, `popup` keeps it. */
  mode?: SignInOptions['mode']
  /** Same-origin path to come back to after sign-in (default: the current page). */
  returnTo?: string
  /** Called when a sign-in started here fails; the error is also `useRhombusLogin().error`. */
  onError?: (error: DoorwayError) => void
  /**
   * Shown while signed in, under the organisation: a partner's client-org picker, say
   * (Doorway does not read the client list for you).
   */
  children?: ReactNode
  /** Passed to the `<time>` that shows the time left, e.g. `{ 'data-testid': 'expiry' }`. */
  timeLeftProps?: TimeHTMLAttributes<HTMLTimeElement> & { [data: `data-${string}`]: string }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "4:05" under an hour, "3:04:05" under a day, then "2 days". */
function timeLeft(ms: number) {
  const seconds = Math.ceil(ms / 1000)
  const days = Math.floor(seconds / 86_400)
  if (days > 0) return days === 1 ? '1 day' : `${days} days`
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor(seconds / 60) % 60
  const rest = pad(seconds % 60)
  return hours > 0 ? `${hours}:${pad(minutes)}:${rest}` : `${minutes}:${rest}`
}

/**
 * Who is signed in, as an account menu: the organisation, a "Partner account" badge, the
 * session's time left, **Sign out** and **Sign out everywhere**. Signed out (or expired),
 * it is the {@link RhombusLoginButton}, which also shows a failed session read as an
 * alert with "Try again". A `<section aria-label="Account">` with the class
 * `doorway-account` and `data-state` (the sign-in status); its parts are
 * `doorway-account__who` (holding `__org` and `__expiry`), `__badge`, `__actions` and `doorway-account__button`
 * (`--primary` on the sign-in button). Unstyled unless the app imports
 * `@doorway/react/styles.css`, themed with `--doorway-accent`, `--doorway-radius`,
 * `--doorway-font` and the other variables it lists.
 *
 * @example
 * import '@doorway/react/styles.css'
 * <header>
 *   <h1>My app</h1>
 *   <RhombusAccount mode="popup">{isPartner && <ClientOrgPicker />}</RhombusAccount>
 * </header>
 */
export function RhombusAccount({
  mode,
  returnTo,
  onError,
  children,
  timeLeftProps,
  className,
  ...props
}: RhombusAccountProps) {
  const { status, isAuthenticated, isPartner, org } = useRhombusLogin()
  const { expiresAt, remainingMs } = useSessionExpiry()
  return (
    <section
      aria-label="Account"
      {...props}
      className={className ? `doorway-account ${className}` : 'doorway-account'}
      data-state={status}
    >
      {isAuthenticated ? (
        <>
          <div className="doorway-account__who">
            <p className="doorway-account__org">
              Signed in to <strong>{org?.name ?? 'Rhombus'}</strong>
              {isPartner && (
                <>
                  {' '}
                  <span className="doorway-account__badge">Partner account</span>
                </>
              )}
            </p>
            {expiresAt !== undefined && remainingMs !== undefined && (
              <p className="doorway-account__expiry">
                Session ends in{' '}
                <time {...timeLeftProps} dateTime={new Date(expiresAt).toISOString()}>
                  {timeLeft(remainingMs)}
                </time>
              </p>
            )}
          </div>
          {children}
          <p className="doorway-account__actions">
            <RhombusSignOutButton className="doorway-account__button" />{' '}
            <RhombusSignOutButton className="doorway-account__button" everywhere />
          </p>
        </>
      ) : (
        <RhombusLoginButton
          className="doorway-account__button doorway-account__button--primary"
          mode={mode}
          returnTo={returnTo}
          onError={onError}
        />
      )}
    </section>
  )
}
