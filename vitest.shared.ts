import { fileURLToPath } from 'node:url'

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first. */
export const alias = {
  '@doorway/core': src('core'),
  '@doorway/react': src('react'),
  '@doorway/bff': src('bff'),
  '@doorway/sandbox': src('sandbox'),
}
