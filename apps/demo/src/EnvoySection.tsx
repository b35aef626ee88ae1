import type { EnvoyVia } from '@doorway/core'
import { EnvoyConnectButton, useEnvoyConnect } from '@doorway/react'
import { useState } from 'react'
import { EnvoyLocations } from './EnvoyLocations.js'
import { ErrorAlert } from './ErrorAlert.js'
import { RhombusEnvoyLocations } from './RhombusEnvoyLocations.js'
import { SegmentedControl } from './SegmentedControl.js'

const ways = [
  {
    value: 'direct',
    label: 'Direct',
    note: 'This app is the Envoy client; the BFF keeps the tokens.',
  },
  {
    value: 'rhombus',
    label: 'Through Rhombus',
    note: "Rhombus's own Envoy integration keeps the tokens (needs RHOMBUS_API_KEY).",
  },
  { value: 'versori', label: 'Through Versori', note: 'Versori keeps the tokens; popup only.' },
] as const satisfies ReadonlyArray<{ value: EnvoyVia; label: string; note: string }>

type Opens = 'popup' | 'tab'

const openings = [
  { value: 'popup', label: 'In a popup', name: 'Connect in a popup' },
  { value: 'tab', label: 'In this tab', name: 'Connect in this tab instead of a popup' },
] as const

/** Connect the signed-in user's Envoy account one of three ways, and show what it gives. */
export function EnvoySection() {
  const [via, setVia] = useState<EnvoyVia>('direct')
  const [opens, setOpens] = useState<Opens>('popup')
  const envoy = useEnvoyConnect({ via })
  const way = ways.find((w) => w.value === via)!
  const connection = envoy.connection?.status === 'connected' ? envoy.connection : undefined

  return (
    <section aria-labelledby="envoy" className="card">
      <h2 id="envoy">Envoy</h2>
      <p className="muted">Connect your Envoy workplace account to read its locations.</p>
      <div className="controls">
        <SegmentedControl
          legend="Way to connect"
          name="envoy-via"
          value={via}
          segments={ways}
          onChange={setVia}
        />
        {via !== 'versori' && (
          <SegmentedControl
            legend="Open Envoy"
            name="envoy-window"
            value={opens}
            segments={openings}
            onChange={setOpens}
          />
        )}
      </div>
      <p className="muted">{way.note}</p>
      {envoy.isAvailable === false && (
        <p className="notice">This way is not configured on the BFF.</p>
      )}
      {envoy.warning && (
        <p role="status" className="notice notice--warning">
          {envoy.warning}
        </p>
      )}
      {envoy.error && <ErrorAlert error={envoy.error} />}
      <p>
        <EnvoyConnectButton
          via={via}
          mode={opens === 'tab' && via !== 'versori' ? 'redirect' : 'popup'}
          className={connection ? 'button' : 'button button--primary'}
        />
      </p>
      {connection && (
        <>
          <p className="success">
            Connected ({way.label}) · company <code>{connection.companyId ?? 'unknown'}</code>
          </p>
          {via === 'direct' ? (
            <EnvoyLocations />
          ) : via === 'rhombus' ? (
            <RhombusEnvoyLocations />
          ) : (
            <p className="muted">
              Locations are read with a direct connection or through Rhombus: this way, the tokens
              stay with Versori.
            </p>
          )}
        </>
      )}
    </section>
  )
}
