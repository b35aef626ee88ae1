// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DoorwayProvider, EnvoyConnectButton } from './index.js'

describe('EnvoyConnectButton on the server', () => {
  it('imports and renders without a window, as a busy "Connect Envoy" button', () => {
    expect(typeof window).toBe('undefined')
    const html = renderToString(
      <DoorwayProvider baseUrl="/bff">
        <EnvoyConnectButton via="direct" />
      </DoorwayProvider>,
    )
    expect(html).toContain('>Connect Envoy</button>')
    expect(html).toContain('data-doorway-button="envoy"')
    expect(html).toContain('aria-busy="true"')
    expect(html).toContain('disabled=""')
  })
})
