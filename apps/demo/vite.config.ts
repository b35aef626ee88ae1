import { fileURLToPath } from 'node:url'
import { doorway } from '@doorway/bff/vite'
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv } from 'vite'
import { demoSandboxOptions } from './server/demoSandboxOptions.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig(({ mode }) => {
  // `.env` at the repository root, then the real environment on top.
  const env = { ...loadEnv(mode, repoRoot, ''), ...process.env }
  const port = Number(env.PORT ?? 5173)
  return {
    // The BFF under /bff on the page's origin; the sandbox when RHOMBUS_CLIENT_ID is unset.
    plugins: [react(), doorway({ env, sandboxOptions: demoSandboxOptions(env) })],
    envDir: false,
    server: { port, strictPort: true, host: 'localhost' },
    preview: { port, strictPort: true, host: 'localhost' },
  }
})
