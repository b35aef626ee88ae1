import type { SessionSummary } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { DoorwayProvider } from '../DoorwayProvider.js'
import { fakeClient, signedOut } from './fakeClient.js'

/**
 * A {@link fakeClient} whose BFF says `session`, under a `<DoorwayProvider>` with its own
 * `QueryClient`: pass `wrapper` to `renderHook` or `render`.
 */
export function doorwayHarness(
  session: SessionSummary = signedOut,
  queryClient = new QueryClient(),
) {
  const fake = fakeClient(session)
  const wrapper = ({ children }: { children: ReactNode }) => (
    <DoorwayProvider client={fake.client} queryClient={queryClient}>
      {children}
    </DoorwayProvider>
  )
  return { ...fake, queryClient, wrapper }
}
