// Prints the min+gzip size of @doorway/core + @doorway/react as an app ships them: an
// app that imports the provider, the login hook and button and the query hook, built
// for production by Vite (the project's bundler: rolldown + its minifier, tree-shaken)
// from the built packages, with react, react-dom and @tanstack/react-query left to the
// app. Fails above the budget. Also prints everything both packages export, for scale.
import { rmSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const BUDGET_BYTES = 5000
const root = new URL('../apps/demo', import.meta.url).pathname
const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query']

async function measure(name, contents) {
  const entry = `${root}/.size-${name}.js`
  writeFileSync(entry, contents)
  try {
    const out = await build({
      configFile: false,
      logLevel: 'error',
      root,
      mode: 'production',
      build: {
        write: false,
        minify: true,
        rollupOptions: { input: entry, preserveEntrySignatures: 'strict', external },
      },
    })
    const chunks = (Array.isArray(out) ? out[0] : out).output.filter((o) => o.type === 'chunk')
    const code = chunks.map((c) => c.code).join('\n')
    return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length }
  } finally {
    rmSync(entry, { force: true })
  }
}

const fmt = (n) => `${(n / 1000).toFixed(2)} kB`
const app = await measure(
  'app',
  "export { DoorwayProvider, RhombusLoginButton, useRhombusLogin, useRhombusQuery } from '@doorway/react'\n",
)
const all = await measure('all', "export * from '@doorway/core'\nexport * from '@doorway/react'\n")
console.log(
  `@doorway/core + @doorway/react as an app ships them: ${fmt(app.min)} minified, ${fmt(app.gzip)} min+gzip (budget ${fmt(BUDGET_BYTES)})`,
)
console.log(`everything both packages export: ${fmt(all.min)} minified, ${fmt(all.gzip)} min+gzip`)
if (app.gzip > BUDGET_BYTES) {
  console.error(`Over budget by ${app.gzip - BUDGET_BYTES} bytes.`)
  process.exit(1)
}
