import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
const root = fileURLToPath(new URL('../../..', import.meta.url))

describe('doorway-sandbox CLI', () => {
  it('prints the Rhombus, Envoy and Versori URLs and no secret, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))

    await expect.poll(() => output, { timeout: 15_000 }).toContain('Request log')
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!
    for (const role of ['console', 'auth-web', 'auth', 'api']) {
      expect(output).toContain(`${base}/rhombus/${role}\n`)
    }
    for (const path of ['envoy/app', 'envoy/api', 'versori/platform']) {
      expect(output).toContain(`${base}/${path}\n`)
    }
    expect(output).toContain(`Versori callback origin           ${base}\n`)
    for (const secret of ['sandbox-secret', 'versori-envoy-secret', 'sandbox-api-key']) {
      expect(output).not.toContain(secret)
    }
    expect((await fetch(`${base}/__sandbox/requests`)).status).toBe(200)

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 20_000)
})
