'use client'

import type { DoorwayError, SignInOptions } from '@doorway/core'
import type { ButtonHTMLAttributes } from 'react'
import { useRhombusLogin } from './sessionQueries.js'

export interface RhombusLoginButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'onError'> {
  /** `redirect` (default) leaves the page; `popup` keeps it. */
  mode?: SignInOptions['mode']
  /** Same-origin path to come back to after sign-in (default: the current page). */
  returnTo?: string
  /** Called when the sign-in started by this button fails; the error is also state. */
  onError?: (error: DoorwayError) => void
}

/**
 * A plain `<button>` that signs in with Rhombus, named "Sign in with Rhombus" (or, once the
 * session has expired, "Session expired: sign in again") unless given children. Unstyled: select it with `[data-doorway-button="rhombus"]` and its
 * `data-state` (the sign-in status); `aria-busy` and `disabled` are set while the
 * session loads and while signing in. An `onClick` that calls `preventDefault()` cancels it.
 * When the session could not be read, it is "Try again" (reading it again) inside a
 * `role="alert"` that shows the error's hint, or else its message.
 */
export function RhombusLoginButton({
  mode,
  returnTo,
  onError,
  onClick,
  disabled,
  children,
  ...props
}: RhombusLoginButtonProps) {
  const { status, error, session, signIn, retry } = useRhombusLogin()
  // The session could not be read: say why, and read it again on click.
  const failed = !session && error
  children ??= status === 'expired' ? 'Session expired: sign in again' : 'Sign in with Rhombus'
  const busy = status === 'loading' || status === 'authenticating'
  const button = (
    <button
      {...props}
      type="button"
      disabled={busy || disabled}
      aria-busy={busy}
      data-doorway-button="rhombus"
      data-state={status}
      onClick={(event) => {
        onClick?.(event)
        if (!event.defaultPrevented) failed ? retry() : signIn({ mode, returnTo }, onError)
      }}
    >
      {failed ? 'Try again' : children}
    </button>
  )
  return failed ? (
    <p role="alert">
      {failed.hint ?? failed.message}
      {button}
    </p>
  ) : (
    button
  )
}
