#!/usr/bin/env node
import { existsSync } from 'node:fs'
import { runCli } from './cli/runCli.js'

if (existsSync('.env')) process.loadEnvFile('.env')

runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (result) => {
    if ('exitCode' in result) process.exitCode = result.exitCode
  },
  (error: unknown) => {
    process.stderr.write(`doorway-bff: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
