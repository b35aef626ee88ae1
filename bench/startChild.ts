import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url))

/** A bench server running in its own Node process (see {@link startChild}). */
export interface BenchChild {
  /** What it announced: its base URL, e.g. `http://127.0.0.1:41234`. */
  url: string
  /** The process id, for the report. */
  pid: number
  /** Sends `message` over IPC and resolves with the child's answer (see `answerIpc`). */
  ask<T>(message: Record<string, unknown>): Promise<T>
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** The exit code or signal, once it has exited; `undefined` while it runs. */
  exited(): string | undefined
  /** Ends it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Starts `script` (a TypeScript file beside this one) in a separate Node process through tsx,
 * with the bench's tsconfig (the workspace packages from their sources), an IPC channel and
 * `--expose-gc`, and resolves once it announces `{type: 'listening', url}`. Separate
 * processes keep each server's memory and event loop its own: what the BFF process
 * reports is the BFF alone. Rejects with its output if it exits or stays silent for 30 s.
 */
export function startChild(script: string, env: Record<string, string> = {}): Promise<BenchChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: tsconfig, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  )
  let output = ''
  let exit: string | undefined
  const collect = (chunk: Buffer) => {
    // Bounded: a chatty child must not become the driver's memory problem.
    output = (output + chunk.toString('utf8')).slice(-64 * 1024)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? String(code)
      resolve()
    }),
  )
  const pending = new Map<number, (value: unknown) => void>()
  let nextId = 1
  const stop = async () => {
    if (exit === undefined) child.kill('SIGTERM')
    await exited
  }

  return new Promise((resolve, reject) => {
    let settled = false
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop().then(() => reject(new Error(`${script}: ${why}\n${output}`)))
    }
    const timer = setTimeout(() => fail('did not start within 30 s'), 30_000)
    child.once('exit', () => {
      fail(`exited (${exit}) while starting`)
      for (const answer of pending.values()) answer(undefined)
      pending.clear()
    })
    child.on(
      'message',
      (message: { type?: string; url?: string; id?: number; reply?: unknown }) => {
        if (message.type === 'listening' && typeof message.url === 'string' && !settled) {
          settled = true
          clearTimeout(timer)
          const url = message.url
          resolve({
            url,
            pid: child.pid ?? 0,
            ask: <T>(question: Record<string, unknown>) =>
              new Promise<T>((answer, refuse) => {
                if (exit !== undefined) return refuse(new Error(`${script} has exited (${exit})`))
                const id = nextId++
                pending.set(id, (value) =>
                  value === undefined
                    ? refuse(new Error(`${script} exited before answering`))
                    : answer(value as T),
                )
                child.send({ ...question, id })
              }),
            output: () => output,
            exited: () => exit,
            stop,
          })
        } else if (typeof message.id === 'number') {
          pending.get(message.id)?.(message.reply ?? null)
          pending.delete(message.id)
        }
      },
    )
  })
}
