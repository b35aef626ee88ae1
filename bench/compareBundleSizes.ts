import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import type { Comparison } from './Comparison.js'

/** Options of {@link compareBundleSizes}. */
export interface BundleSizesOptions {
  log?: (line: string) => void
}

/** The external modules of scripts/size.mjs: what every React app already ships. */
const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query']

const header = "import { createElement as h, useContext } from 'react'\n"
const button = (onClick: string) =>
  `h('button', { type: 'button', onClick: () => void ${onClick} }, 'Sign in')`

/**
 * The same tiny app (a provider around a sign-in button that starts a redirect sign-in)
 * once per SDK, as an entry module exporting `App` (like scripts/size.mjs's entries, so
 * react-dom stays out of it).
 */
const apps: { name: string; code: string; external?: string[] }[] = [
  {
    name: '@doorway/core + @doorway/react',
    code: `${header}import { DoorwayProvider, RhombusLoginButton } from '@doorway/react'
export const App = () => h(DoorwayProvider, { baseUrl: '/bff' }, h(RhombusLoginButton))
`,
  },
  {
    name: '@doorway/core + @doorway/react, with @tanstack/react-query (its required peer) bundled',
    code: `${header}import { DoorwayProvider, RhombusLoginButton } from '@doorway/react'
export const App = () => h(DoorwayProvider, { baseUrl: '/bff' }, h(RhombusLoginButton))
`,
    external: external.filter((name) => name !== '@tanstack/react-query'),
  },
  {
    name: 'react-oidc-context + oidc-client-ts',
    code: `${header}import { AuthProvider, useAuth } from 'react-oidc-context'
const Button = () => { const auth = useAuth(); return ${button('auth.signinRedirect()')} }
export const App = () => h(AuthProvider, {
  authority: 'https://id.example.com',
  client_id: 'app',
  redirect_uri: 'https://app.example.com/callback',
}, h(Button))
`,
  },
  {
    name: 'react-oauth2-code-pkce',
    code: `${header}import { AuthContext, AuthProvider } from 'react-oauth2-code-pkce'
const Button = () => { const { logIn } = useContext(AuthContext); return ${button('logIn()')} }
export const App = () => h(AuthProvider, { authConfig: {
  clientId: 'app',
  authorizationEndpoint: 'https://id.example.com/authorize',
  tokenEndpoint: 'https://id.example.com/token',
  redirectUri: 'https://app.example.com/callback',
  scope: 'openid',
  autoLogin: false,
} }, h(Button))
`,
  },
  {
    name: '@auth0/auth0-react',
    code: `${header}import { Auth0Provider, useAuth0 } from '@auth0/auth0-react'
const Button = () => { const { loginWithRedirect } = useAuth0(); return ${button('loginWithRedirect()')} }
export const App = () => h(Auth0Provider, {
  domain: 'example.auth0.com',
  clientId: 'app',
  authorizationParams: { redirect_uri: 'https://app.example.com/callback' },
}, h(Button))
`,
  },
]

/**
 * Comparison d: min+gzip bytes of the same tiny app built with Vite once per SDK, with
 * the settings of scripts/size.mjs (production mode, Vite's minifier, tree-shaken, entry
 * signatures kept, react, react-dom, react/jsx-runtime and @tanstack/react-query left to
 * the app), from the packages as published: Doorway's from its built dist/, the others
 * from node_modules. Doorway needs @tanstack/react-query, which the others do not, so it
 * is also measured with that bundled. The issue sets no goal: the ratios are reported.
 */
export async function compareBundleSizes(options: BundleSizesOptions = {}): Promise<Comparison> {
  const { log = console.log } = options
  const root = fileURLToPath(new URL('.', import.meta.url))
  const dir = `${root}.build`
  mkdirSync(dir, { recursive: true })
  const sizes: { name: string; min: number; gzip: number }[] = []
  try {
    for (const [index, app] of apps.entries()) {
      const entry = `${dir}/size-${index}.js`
      writeFileSync(entry, app.code)
      const out = await build({
        configFile: false,
        logLevel: 'error',
        root,
        mode: 'production',
        build: {
          write: false,
          minify: true,
          rollupOptions: {
            input: entry,
            preserveEntrySignatures: 'strict',
            external: app.external ?? external,
          },
        },
      })
      // write: false without watch: the output itself (one per output option).
      const output = (Array.isArray(out) ? out[0] : out) as {
        output: { type: 'chunk' | 'asset'; code?: string }[]
      }
      const code = output.output
        .filter((o) => o.type === 'chunk')
        .map((chunk) => chunk.code ?? '')
        .join('\n')
      sizes.push({
        name: app.name,
        min: Buffer.byteLength(code),
        gzip: gzipSync(code, { level: 9 }).length,
      })
      log(`  ${app.name}: ${kB(gzipSync(code, { level: 9 }).length)} min+gzip`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  type Size = (typeof sizes)[number]
  const [doorway, withQuery, ...others] = sizes as [Size, Size, ...Size[]]
  const ratio = (size: number) =>
    `${(doorway.gzip / size).toFixed(2)} × / ${(withQuery.gzip / size).toFixed(2)} ×`
  return {
    title: 'd. Bundle size of the same tiny app (provider + sign-in button), min+gzip',
    goal: 'none set in issue 6 (reported); scripts/size.mjs budget for Doorway alone: 5.00 kB',
    ratio: others
      .map((other) => `${(doorway.gzip / other.gzip).toFixed(2)} × ${other.name}`)
      .join('; '),
    pass: undefined,
    headers: ['SDK', 'minified', 'min+gzip', 'Doorway ÷ this (without / with react-query)'],
    rows: sizes.map((size) => [size.name, kB(size.min), kB(size.gzip), ratio(size.gzip)]),
    notes: [
      'Vite with the settings of scripts/size.mjs (production, `minify: true`, `preserveEntrySignatures: "strict"`, the same externals), gzip level 9; each app exports `App` = provider around a button that starts a redirect sign-in.',
      "Doorway's packages come from their built dist/ (as published); the others from bench/node_modules at the versions in bench/package.json. The BFF is not in the browser bundle.",
      '@tanstack/react-query is external in every build, as in scripts/size.mjs; only Doorway imports it, so the second row bundles it to show what an app without it would add.',
    ],
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`
