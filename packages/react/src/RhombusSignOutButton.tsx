'use client'

import type { ButtonHTMLAttributes } from 'react'
import { useRhombusLogin } from './sessionQueries.js'

export interface RhombusSignOutButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  /** End every session of this user on the server (all browsers and devices), not only this one. */
  everywhere?: boolean
}

/**
 * A plain `<button>` that signs out, named "Sign out" (with `everywhere`, "Sign out
 * everywhere") unless given children. Select it with `[data-doorway-button="sign-out"]`;
 * `aria-busy` and `disabled` are set while signing out. An `onClick` that calls
 * `preventDefault()` cancels it.
 *
 * @example
 * <RhombusSignOutButton />
 * <RhombusSignOutButton everywhere />
 */
export function RhombusSignOutButton({
  everywhere,
  onClick,
  disabled,
  children = everywhere ? 'Sign out everywhere' : 'Sign out',
  ...props
}: RhombusSignOutButtonProps) {
  const { status, signOut, isSigningOut } = useRhombusLogin()
  return (
    <button
      {...props}
      type="button"
      disabled={isSigningOut || disabled}
      aria-busy={isSigningOut}
      data-doorway-button="sign-out"
      data-state={status}
      onClick={(event) => {
        onClick?.(event)
        if (!event.defaultPrevented) signOut({ everywhere })
      }}
    >
      {children}
    </button>
  )
}
