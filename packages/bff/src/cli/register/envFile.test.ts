import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeEnvText, writeEnvFile } from './envFile.js'

describe('mergeEnvText', () => {
  it('replaces the first assignment, drops repeats, appends missing keys, keeps the rest', () => {
    const text = [
      '# Doorway',
      'SESSION_SECRET=keep-me',
      'export RHOMBUS_CLIENT_ID=old',
      '',
      'RHOMBUS_CLIENT_ID=older',
      'PORT=5173',
    ].join('\n')
    expect(mergeEnvText(text, { RHOMBUS_CLIENT_ID: 'new', RHOMBUS_CLIENT_SECRET: 's3cret' })).toBe(
      [
        '# Doorway',
        'SESSION_SECRET=keep-me',
        'RHOMBUS_CLIENT_ID=new',
        '',
        'PORT=5173',
        'RHOMBUS_CLIENT_SECRET=s3cret',
        '',
      ].join('\n'),
    )
  })

  it('a null value removes every assignment of its key, and appends nothing', () => {
    const text =
      'RHOMBUS_CLIENT_ID=old\nRHOMBUS_CLIENT_SECRET=stale\nexport RHOMBUS_CLIENT_SECRET=x\nPORT=1\n'
    expect(mergeEnvText(text, { RHOMBUS_CLIENT_ID: 'new', RHOMBUS_CLIENT_SECRET: null })).toBe(
      'RHOMBUS_CLIENT_ID=new\nPORT=1\n',
    )
    expect(mergeEnvText('', { RHOMBUS_CLIENT_SECRET: null })).toBe('\n')
  })

  it('keeps CRLF line endings and quotes unsafe values', () => {
    expect(mergeEnvText('A=1\r\n', { B: 'has space', C: "it's" })).toBe(
      `A=1\r\nB='has space'\r\nC="it's"\r\n`,
    )
  })

  it('starts an empty file', () => {
    expect(mergeEnvText('', { A: 'x' })).toBe('A=x\n')
  })
})

describe('writeEnvFile', () => {
  it('creates the file with mode 0600 and keeps the mode of an existing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doorway-env-'))
    const created = join(dir, '.env')
    expect(await writeEnvFile(created, { A: 'x' })).toEqual({ created: true })
    expect((await stat(created)).mode & 0o777).toBe(0o600)
    const existing = join(dir, 'other.env')
    await writeFile(existing, 'B=y\n', { mode: 0o640 })
    expect(await writeEnvFile(existing, { A: 'x' })).toEqual({ created: false })
    expect(await readFile(existing, 'utf8')).toBe('B=y\nA=x\n')
    expect((await stat(existing)).mode & 0o777).toBe(0o640)
  })

  it('fails with env_file when the directory does not exist', async () => {
    await expect(writeEnvFile('/nonexistent-doorway-dir/.env', { A: 'x' })).rejects.toMatchObject({
      code: 'env_file',
    })
  })
})
