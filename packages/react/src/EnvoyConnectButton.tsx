'use client'

import type { DoorwayError, EnvoyVia } from '@doorway/core'
import type { ButtonHTMLAttributes } from 'react'
import { type EnvoyConnectOptions, useEnvoyConnect } from './useEnvoyConnect.js'

export interface EnvoyConnectButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'onError' | 'children'> {
  /** The way to connect: `direct`, `rhombus` or `versori`. */
  via: EnvoyVia
  /** `popup` (default) keeps the page; `redirect` leaves it (not through Versori). */
  mode?: EnvoyConnectOptions['mode']
  /** Same-origin path to come back to after a redirect (default: the current page). */
  returnTo?: string
  /** Called when a connect or disconnect started by this button fails; the error is also state. */
  onError?: (error: DoorwayError) => void
  /** Default "Connect Envoy". */
  connectLabel?: string
  /** Default "Disconnect Envoy". */
  disconnectLabel?: string
}

/**
 * A plain `<button>` that connects Envoy one way, named "Connect Envoy", and "Disconnect
 * Envoy" once connected. Unstyled: select it with `[data-doorway-button="envoy"]`, its
 * `data-state` (the connect status) and `data-via`; `aria-busy` and `disabled` are set
 * while the connection loads, connects or disconnects, and it is disabled while the way
 * cannot be used (signed out, or not served by the BFF). An `onClick` that calls
 * `preventDefault()` cancels it.
 */
export function EnvoyConnectButton({
  via,
  mode,
  returnTo,
  onError,
  onClick,
  disabled,
  connectLabel = 'Connect Envoy',
  disconnectLabel = 'Disconnect Envoy',
  ...props
}: EnvoyConnectButtonProps) {
  const envoy = useEnvoyConnect({ via })
  const connected = envoy.connection?.status === 'connected'
  const busy = envoy.isLoading || envoy.status === 'connecting' || envoy.isDisconnecting
  return (
    <button
      {...props}
      type="button"
      disabled={busy || !envoy.isAvailable || disabled}
      aria-busy={busy}
      data-doorway-button="envoy"
      data-state={envoy.status}
      data-via={via}
      onClick={(event) => {
        onClick?.(event)
        if (event.defaultPrevented) return
        if (connected) envoy.disconnect(onError)
        else envoy.connect({ mode, returnTo }, onError)
      }}
    >
      {connected ? disconnectLabel : connectLabel}
    </button>
  )
}
