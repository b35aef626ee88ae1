import { build } from 'vite'
import { demoRoot } from './demo.js'

/** Secret values the demo is built with; the build scan looks for each of them. */
export const buildSecrets = {
  RHOMBUS_CLIENT_SECRET: 'build-scan-rhombus-secret-6f1d2c',
  SESSION_SECRET: 'build-scan-session-secret-0123456789abcdef0123456789',
}

/** Builds the demo once for every real-browser test, with secrets in the environment. */
export default async function setup() {
  const saved = { ...process.env }
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  Object.assign(process.env, buildSecrets, { NODE_ENV: 'production' })
  try {
    await build({ root: demoRoot, logLevel: 'warn', mode: 'production' })
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}
