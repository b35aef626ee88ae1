import { mkdtempSync, rmSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh SQLite database file for one bench run (see {@link benchDatabase}). */
export interface BenchDatabase {
  /** The file, for `DOORWAY_DB`; it does not exist until the first store opens it. */
  file: string
  /** What it is, for the report, e.g. `SQLite file (libsql, WAL) in /tmp/doorway-bench-x/, ext4`. */
  description: string
  /** Deletes the file (and its WAL and shared-memory files). */
  remove(): void
}

/** `statfs` magic numbers of the file systems a bench machine is likely to have. */
const fileSystems: Record<number, string> = {
  61267: 'ext4',
  1481003842: 'xfs',
  2435016766: 'btrfs',
  16914836: 'tmpfs (memory)',
  2035054128: 'overlayfs',
  801189825: 'zfs',
}

/**
 * A new, empty directory under the OS temp directory holding `name`.db: the BFF's default
 * credential store (`DOORWAY_DB`, SQLite through libsql, WAL mode) opens it as it would a
 * deployment's file, on a real disk unless the temp directory is in memory, which the
 * description says (its file system type, from `statfs`).
 */
export function benchDatabase(name: string): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'doorway-bench-'))
  const magic = statfsSync(dir).type
  const fileSystem = fileSystems[magic] ?? `file system 0x${magic.toString(16)}`
  return {
    file: join(dir, `${name}.db`),
    description: `SQLite file (libsql, WAL) in ${dir}/, ${fileSystem}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
