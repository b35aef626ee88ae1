// Prints the min+gzip size of @doorway/core + @doorway/react as an app ships them:
// bundled and minified by esbuild from the built packages, with react, react-dom and
// @tanstack/react-query left to the app. Fails above the budget.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 5000

const result = await build({
  stdin: {
    contents: "export * from '@doorway/core'\nexport * from '@doorway/react'\n",
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
const gzip = gzipSync(code, { level: 9 }).length
const fmt = (n) => `${(n / 1000).toFixed(2)} kB`
console.log(
  `@doorway/core + @doorway/react (everything exported): ${fmt(code.length)} minified, ${fmt(gzip)} min+gzip (budget ${fmt(BUDGET_BYTES)})`,
)
if (gzip > BUDGET_BYTES) {
  console.error(`Over budget by ${gzip - BUDGET_BYTES} bytes.`)
  process.exit(1)
}
