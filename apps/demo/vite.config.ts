import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, loadEnv } from 'vite'
import { doorwayDemo } from './server/doorwayDemo.js'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig(({ mode }) => {
  // `.env` at the repository root, then the real environment on top.
  const env = { ...loadEnv(mode, repoRoot, ''), ...process.env }
  const port = Number(env.PORT ?? 5173)
  return {
    plugins: [react(), doorwayDemo({ env, port })],
    envDir: false,
    server: { port, strictPort: true, host: 'localhost' },
    preview: { port, strictPort: true, host: 'localhost' },
  }
})
