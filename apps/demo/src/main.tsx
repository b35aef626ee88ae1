import { envoyFlows, rhombusSignIn } from '@doorway/core'
import { DoorwayProvider } from '@doorway/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import '@doorway/react/styles.css'
import './styles.css'

const queryClient = new QueryClient()
// Rhombus sign-in, and Envoy connected directly or through Rhombus (Versori needs no flow).
const flows = [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus]

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <DoorwayProvider baseUrl="/bff" flows={flows}>
        <App />
      </DoorwayProvider>
    </QueryClientProvider>
  </StrictMode>,
)
