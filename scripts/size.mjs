// Prints the min+gzip size of @doorway/core + @doorway/react as an app ships them: an
// app that imports the provider, the login hook and button and the query hook, bundled
// and minified by esbuild from the built packages (tree-shaken), with react, react-dom
// and @tanstack/react-query left to the app. Fails above the budget. Also prints, for
// information, the size of everything the two packages export.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 5000

const appImports =
  "export { DoorwayProvider, RhombusLoginButton, useRhombusLogin, useRhombusQuery } from '@doorway/react'\n"
const everything = "export * from '@doorway/core'\nexport * from '@doorway/react'\n"

async function measure(contents) {
  const result = await build({
    stdin: {
      contents,
      resolveDir: new URL('../apps/demo', import.meta.url).pathname,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'],
    logLevel: 'error',
  })
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const fmt = (n) => `${(n / 1000).toFixed(2)} kB`
const app = await measure(appImports)
const all = await measure(everything)
console.log(
  `@doorway/core + @doorway/react as an app ships them: ${fmt(app.min)} minified, ${fmt(app.gzip)} min+gzip (budget ${fmt(BUDGET_BYTES)})`,
)
console.log(`everything both packages export: ${fmt(all.min)} minified, ${fmt(all.gzip)} min+gzip`)
if (app.gzip > BUDGET_BYTES) {
  console.error(`Over budget by ${app.gzip - BUDGET_BYTES} bytes.`)
  process.exit(1)
}
