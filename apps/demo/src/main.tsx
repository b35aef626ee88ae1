import { DoorwayProvider } from '@doorway/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import './styles.css'

const queryClient = new QueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <DoorwayProvider baseUrl="/bff">
        <App />
      </DoorwayProvider>
    </QueryClientProvider>
  </StrictMode>,
)
