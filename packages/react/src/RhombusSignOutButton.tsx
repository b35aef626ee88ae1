import type { ButtonHTMLAttributes } from 'react'
import { useRhombusLogin } from './useRhombusLogin.js'

export type RhombusSignOutButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>

/**
 * A plain `<button>` that signs out, named "Sign out" unless given children. Select it
 * with `[data-doorway-button="sign-out"]`; `aria-busy` and `disabled` are set while
 * signing out. An `onClick` that calls `preventDefault()` cancels it.
 */
export function RhombusSignOutButton({
  onClick,
  disabled,
  children = 'Sign out',
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
        if (!event.defaultPrevented) signOut()
      }}
    >
      {children}
    </button>
  )
}
