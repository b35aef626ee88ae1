// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DoorwayProvider, RhombusLoginButton } from './index.js'

describe('DoorwayProvider on the server', () => {
  it('imports and renders without a window, with the real client, as a loading button', () => {
    expect(typeof window).toBe('undefined')
    const html = renderToString(
      <DoorwayProvider baseUrl="/bff">
        <RhombusLoginButton />
      </DoorwayProvider>,
    )
    expect(html).toContain('>Sign in with Rhombus</button>')
    expect(html).toContain('data-state="loading"')
    expect(html).toContain('disabled=""')
  })
})
