import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os'

/**
 * What the figures were measured on, for BENCHMARKS.md: Node version, CPU model and count,
 * memory, OS, and the load average when the run started (others' work on the same cores
 * makes every figure noisier, and this says how busy the machine was).
 */
export function machineFacts(): [string, string][] {
  const cores = cpus()
  const [one, five] = loadavg()
  const GiB = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`
  return [
    ['Node.js', process.version],
    ['CPU', `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown'}`],
    ['memory', `${GiB(totalmem())} (${GiB(freemem())} free at start)`],
    ['OS', `${type()} ${release()}`],
    ['load average at start (1 min, 5 min)', `${one?.toFixed(2)}, ${five?.toFixed(2)}`],
  ]
}
