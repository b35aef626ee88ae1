import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./bffProcess.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const tsconfig = fileURLToPath(new URL('./bffProcess.tsconfig.json', import.meta.url))

export interface BffProcess {
  /** Where the BFF answers, base path included: `http://127.0.0.1:<port>/bff`. */
  url: string
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string
  /** Ends the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Starts the BFF's sources in a separate Node process (tsx; `@doorway/core` from its
 * sources too, see bffProcess.tsconfig.json) with exactly `env` (plus `PATH`), and resolves
 * once it listens. Rejects with its output if it exits or stays silent for 20 s.
 */
export function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    output += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    let started = false
    const fail = (why: string) => {
      if (started) return
      started = true
      clearTimeout(timer)
      void stop().then(() => reject(new Error(`${why}:\n${output}`)))
    }
    const timer = setTimeout(() => fail('the BFF process did not start within 20 s'), 20_000)
    child.once('exit', (code) => fail(`the BFF process exited (${code}) while starting`))
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      const url = /^listening (\S+)$/m.exec(output)?.[1]
      if (started || url === undefined) return
      started = true
      clearTimeout(timer)
      resolve({ url, output: () => output, stop })
    })
  })
}
