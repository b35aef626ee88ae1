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

/**
 * The load average now, as the row that follows {@link machineFacts}' at the end of a run
 * (the run's own processes raise it: the 1-minute figure then mostly says how busy the
 * run kept the 2 cores, the 5-minute one whether others were busy too).
 */
export function loadAtEnd(): [string, string] {
  const [one, five] = loadavg()
  return ['load average at end (1 min, 5 min)', `${one?.toFixed(2)}, ${five?.toFixed(2)}`]
}
