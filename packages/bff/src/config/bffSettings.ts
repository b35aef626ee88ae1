import { type RhombusRegion, rhombusRegions, rhombusTokenHost } from '@doorway/core'
import { consoleLogger, type Logger } from '../logging/Logger.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { defaultDatabaseFile } from '../store/createSqliteCredentialStore.js'
import type { BffConfig, UpstreamFetch } from './BffConfig.js'
import {
  basePath,
  baseUrl,
  databaseLocation,
  flag,
  fn,
  httpOrigin,
  httpUrl,
  longText,
  object,
  oneOf,
  originList,
  portNumber,
  positiveInteger,
  positiveNumber,
  type SettingType,
  scopeList,
  text,
} from './settingTypes.js'

/** The value of the setting at a path (`rhombus.region`), default applied; earlier settings only. */
export type SettingLookup = (path: string) => unknown

/** A default computed from settings earlier in the table. */
export class Derived<T> {
  constructor(
    /** What the docs say it is; `{path}` names a setting. */
    readonly doc: string,
    readonly derive: (get: SettingLookup) => T | undefined,
    /** The setting it falls back to, when it is just that one's value. */
    readonly from?: string,
  ) {}
}

/** A default that is the value of the setting at `path`. */
function fallback<T>(path: string): Derived<T> {
  return new Derived(`{${path}}`, (get) => get(path) as T | undefined, path)
}

/** The condition that makes a setting required, and how messages and docs say it. */
export interface Requirement {
  when: (get: SettingLookup) => boolean
  /** Completes "is required when …"; `{path}` names a setting. */
  reason: string
}

/**
 * One setting: where it is read from, how it is parsed and checked, its default, whether it
 * is secret, and its doc. Its `BffConfig` path is its place in {@link bffSettings}.
 */
export interface Setting<T> {
  /** The environment variable `loadBffConfig` reads it from; none: given in code only. */
  readonly env?: string
  readonly type: SettingType<T>
  /** Its value when unset: a constant, or {@link Derived} from settings before it. */
  readonly default?: T | Derived<T>
  /** What the docs say the default is, when the value alone does not say it well. */
  readonly defaultDoc?: string
  /**
   * The variable's text when it is unset and its group on (`$NAME`: another variable's
   * value); `loadBffConfig` writes it into the config it returns.
   */
  readonly envDefault?: string
  /** Unset is an issue: always, or under a {@link Requirement}. */
  readonly required?: true | Requirement
  /** A password, key or token: never quoted in an issue, never in `/config` or logs. */
  readonly secret?: boolean
  /** One line: what it does. `{path}` names another setting (its variable, where it has one). */
  readonly doc: string
}

/** The settings of one provider, present in the config as one object. */
export interface SettingGroup<C> {
  /** Its name in the docs' headings and in "Required for …". */
  readonly label: string
  /** One line for the docs' heading, after its label and a colon. */
  readonly doc: string
  /** The variables any of which turns it on in `loadBffConfig`; `'any'`: any of its own. */
  readonly enabledBy: readonly string[] | 'any'
  readonly settings: SettingsOf<C>
}

/** One {@link Setting} per key of `C`, no more, no fewer. */
export type SettingsOf<C> = { readonly [K in keyof C]-?: Setting<NonNullable<C[K]>> }

/** The keys of {@link BffConfig} that are a {@link SettingGroup}. */
export type SettingGroupKey = 'rhombus' | 'envoy' | 'versori'

/** The shape of {@link bffSettings}: exactly one entry per key of {@link BffConfig}. */
export type BffSettingsTable = {
  readonly [K in keyof BffConfig]-?: K extends SettingGroupKey
    ? SettingGroup<NonNullable<BffConfig[K]>>
    : Setting<NonNullable<BffConfig[K]>>
}

/** Settings only the environment has: where `doorway-bff` listens, and the app's origin. */
export interface BffServerSettings {
  port: number
  host: string
  appOrigin: string
}

const envoyScopes = ['locations.read', 'token.refresh']
const envoyAuthUrl = 'https://app.envoy.com'
const versoriPlatform = 'https://platform.versori.com'
const regionOf = (get: SettingLookup) => rhombusRegions[get('rhombus.region') as RhombusRegion]

/**
 * `PORT` and `HOST`: where `doorway-bff` listens. `DOORWAY_APP_ORIGIN`: the app users come
 * back to, which the default redirect URIs are on (the BFF is often on another port, behind
 * the app's proxy).
 */
export const bffServerSettings = {
  port: {
    env: 'PORT',
    type: portNumber,
    default: 8787,
    doc: 'Port doorway-bff listens on (only that: the redirect URIs are on {appOrigin}).',
  },
  host: {
    env: 'HOST',
    type: text,
    default: 'localhost',
    doc: 'Interface doorway-bff listens on (0.0.0.0 in a container).',
  },
  appOrigin: {
    env: 'DOORWAY_APP_ORIGIN',
    type: httpOrigin,
    default: 'http://localhost:5173',
    doc: "Origin of the app users come back to (Vite's by default): the default redirect URIs are its /oauth/callback/rhombus and /oauth/callback/envoy.",
  },
} satisfies SettingsOf<BffServerSettings>

/**
 * Every setting of the BFF, once, in the order it is read (a derived default reads only
 * settings before it). `loadBffConfig` and `resolveBffConfig` both read it through
 * `readBffSettings`; the CLI's help, `bffEnvironment`, the README's table and `.env.example`
 * are generated from it.
 */
export const bffSettings = {
  sessionSecret: {
    env: 'SESSION_SECRET',
    type: longText(32),
    required: true,
    secret: true,
    doc: 'Seals the session cookie; the same on every instance and stable across restarts.',
  },
  allowedOrigins: {
    env: 'DOORWAY_ALLOWED_ORIGINS',
    type: originList,
    default: [],
    defaultDoc: 'none',
    doc: 'Origins allowed to call the BFF besides those of the redirect URIs (comma-separated).',
  },
  basePath: {
    type: basePath,
    default: '/bff',
    doc: "Where the routes are mounted; '' mounts them at the root.",
  },
  secureCookies: {
    type: flag,
    default: true,
    doc: 'Secure cookies, named __Host- over HTTPS; turn off only for plain-HTTP hosts other than localhost.',
  },
  upstreamTimeoutMs: {
    type: positiveNumber,
    default: 10_000,
    doc: 'Time limit of every upstream call, headers and body (milliseconds).',
  },
  maxBodyBytes: {
    type: positiveNumber,
    default: 64 * 1024,
    defaultDoc: '65536 (64 KiB)',
    doc: 'Size limit of request bodies (bytes).',
  },
  maxUpstreamBytes: {
    env: 'DOORWAY_MAX_UPSTREAM_BYTES',
    type: positiveInteger,
    default: 8 * 1024 * 1024,
    defaultDoc: '8388608 (8 MiB)',
    doc: 'Size limit of upstream response bodies (bytes).',
  },
  sessionTtlSeconds: {
    type: positiveNumber,
    default: 3600,
    doc: 'Session lifetime when the provider does not say how long the access token lasts.',
  },
  sessionMaxAgeSeconds: {
    env: 'DOORWAY_SESSION_MAX_AGE_SECONDS',
    type: positiveInteger,
    default: 30 * 24 * 3600,
    defaultDoc: '2592000 (30 days)',
    doc: 'Absolute lifetime of a refreshable (oauth2) session, after which the user signs in again.',
  },
  databaseFile: {
    env: 'DOORWAY_DB',
    type: databaseLocation,
    default: defaultDatabaseFile,
    doc: 'Where the default store keeps sessions and credentials: a SQLite file, or postgres://user:password@host:port/database to share them between instances (docs/postgres.md).',
  },
  encryptionKey: {
    env: 'DOORWAY_ENCRYPTION_KEY',
    type: longText(32),
    default: new Derived('derived from {sessionSecret}', (get) => get('sessionSecret') as string),
    secret: true,
    doc: 'What the default store encrypts with; set it so {sessionSecret} can be rotated without losing stored credentials.',
  },
  store: {
    type: object<CredentialStore>('a CredentialStore'),
    defaultDoc:
      'SQLite in {databaseFile}, encrypted under {encryptionKey}; a postgres:// URL there needs createPostgresCredentialStore from @doorway/bff/postgres (doorway-bff makes it itself)',
    doc: 'Where sessions, Envoy connections and minted API keys are kept, encrypted at rest.',
  },
  fetch: {
    type: fn<UpstreamFetch>(),
    defaultDoc: "undici's request (the client under Node's fetch, without its WHATWG layer)",
    doc: 'How the BFF reaches providers: give a fetch for tests or another runtime (always called with an AbortSignal and redirect: manual).',
  },
  logger: {
    type: object<Logger>('a Logger (debug, info, warn, error)', ['debug', 'info', 'warn', 'error']),
    default: consoleLogger,
    defaultDoc: 'consoleLogger',
    doc: 'Receives log lines, always through redaction.',
  },
  rhombus: {
    label: 'Rhombus sign-in',
    doc: 'sign users in with Rhombus (shared/providers/rhombus.md); when off, the Rhombus routes answer not_configured.',
    enabledBy: ['RHOMBUS_CLIENT_ID', 'RHOMBUS_CLIENT_SECRET', 'RHOMBUS_API_KEY'],
    settings: {
      clientId: {
        env: 'RHOMBUS_CLIENT_ID',
        type: text,
        required: true,
        doc: 'The Rhombus OAuth client id (from doorway-bff register); turns Rhombus sign-in on.',
      },
      clientSecret: {
        env: 'RHOMBUS_CLIENT_SECRET',
        type: text,
        required: {
          when: (get) => get('rhombus.protocol') === 'legacy',
          reason: '{rhombus.protocol} is legacy (its JSON token body carries the secret)',
        },
        secret: true,
        defaultDoc: 'none: a public client (RFC 7591 token_endpoint_auth_method none), oauth2 only',
        doc: 'The Rhombus OAuth client secret.',
      },
      protocol: {
        env: 'RHOMBUS_PROTOCOL',
        type: oneOf(['oauth2', 'legacy']),
        default: 'oauth2',
        envDefault: 'oauth2',
        doc: 'The token dialect: oauth2 (standard OAuth 2.0, what the Rhombus CLI uses) or legacy (the published PKCE guide: JSON token body).',
      },
      region: {
        env: 'RHOMBUS_REGION',
        type: oneOf(Object.keys(rhombusRegions) as RhombusRegion[]),
        default: 'us',
        envDefault: 'us',
        doc: 'Picks the console, token and API hosts: us or eu.',
      },
      consoleUrl: {
        env: 'RHOMBUS_CONSOLE_URL',
        type: baseUrl,
        default: new Derived("the region's console", (get) => regionOf(get)?.console),
        doc: 'The authorize host; may carry a path prefix (tests, private deployments).',
      },
      authUrl: {
        env: 'RHOMBUS_AUTH_URL',
        type: baseUrl,
        default: new Derived(
          "the region's token host of the dialect (auth-web… for oauth2, auth… for legacy)",
          (get) => {
            const region = regionOf(get)
            const protocol = get('rhombus.protocol') as 'oauth2' | 'legacy'
            return region && rhombusTokenHost(region, protocol)
          },
        ),
        doc: 'The token host of the chosen dialect.',
      },
      apiUrl: {
        env: 'RHOMBUS_API_URL',
        type: baseUrl,
        default: new Derived("the region's API host", (get) => regionOf(get)?.api),
        doc: 'The API host.',
      },
      redirectUri: {
        env: 'RHOMBUS_REDIRECT_URI',
        type: httpUrl,
        required: true,
        envDefault: '$DOORWAY_APP_ORIGIN/oauth/callback/rhombus',
        doc: 'The redirect URI registered with the application, exactly (exchanges present it verbatim).',
      },
      apiKey: {
        env: 'RHOMBUS_API_KEY',
        type: text,
        secret: true,
        doc: "An API key of the organisation (x-auth-apikey), for Rhombus's own Envoy integration; its organisation is then the app's: only its users reach that integration and Versori.",
      },
      envoyIntegrationPermission: {
        env: 'RHOMBUS_ENVOY_PERMISSION',
        type: oneOf(['superAdmin', 'member']),
        default: 'superAdmin',
        doc: "Who may start or remove Rhombus's own Envoy integration: superAdmin (users Rhombus reports as superAdmin) or member (any signed-in user of the API key's organisation).",
      },
      supportsPartners: {
        env: 'RHOMBUS_PARTNERS',
        type: flag,
        default: true,
        doc: 'Whether partner (MSP, reseller) accounts may sign in; false ends their sign-in with partner_not_supported.',
      },
    },
  },
  envoy: {
    label: 'Envoy (direct)',
    doc: 'connect Envoy with this app as the Envoy OAuth client (shared/providers/envoy.md).',
    enabledBy: ['ENVOY_CLIENT_ID', 'ENVOY_CLIENT_SECRET'],
    settings: {
      clientId: {
        env: 'ENVOY_CLIENT_ID',
        type: text,
        required: true,
        doc: "The Envoy OAuth client id (Envoy's Dev Dashboard); turns direct Envoy on.",
      },
      clientSecret: {
        env: 'ENVOY_CLIENT_SECRET',
        type: text,
        required: true,
        secret: true,
        doc: 'The Envoy OAuth client secret.',
      },
      scopes: {
        env: 'ENVOY_SCOPES',
        type: scopeList,
        default: envoyScopes,
        doc: 'The scopes to ask for, space-separated; token.refresh is what makes refresh possible.',
      },
      authUrl: {
        env: 'ENVOY_AUTH_URL',
        type: baseUrl,
        default: envoyAuthUrl,
        doc: 'The authorize and token host.',
      },
      apiUrl: {
        env: 'ENVOY_API_URL',
        type: baseUrl,
        default: 'https://api.envoy.com',
        doc: 'The API host.',
      },
      redirectUri: {
        env: 'ENVOY_REDIRECT_URI',
        type: httpUrl,
        required: true,
        envDefault: '$DOORWAY_APP_ORIGIN/oauth/callback/envoy',
        doc: "The redirect URL saved in Envoy's Dev Dashboard, exactly.",
      },
    },
  },
  versori: {
    label: 'Envoy through Versori',
    doc: 'connect Envoy through Versori, which owns the state and the code exchange (shared/providers/versori.md).',
    enabledBy: 'any',
    settings: {
      api: {
        env: 'VERSORI_API',
        type: oneOf(['embedded', 'connect']),
        default: 'embedded',
        envDefault: 'embedded',
        doc: 'Which Versori API initialises connections: embedded (hub and connector) or connect (organisation and connector).',
      },
      baseUrl: {
        env: 'VERSORI_BASE_URL',
        type: baseUrl,
        default: versoriPlatform,
        doc: 'The Versori host (staging: https://platform-staging.versori.com).',
      },
      hubId: {
        env: 'VERSORI_HUB_ID',
        type: text,
        required: true,
        doc: 'The hub whose end users connect Envoy.',
      },
      connectorId: {
        env: 'VERSORI_CONNECTOR_ID',
        type: text,
        required: true,
        doc: 'The Envoy connector.',
      },
      organisationId: {
        env: 'VERSORI_ORGANISATION_ID',
        type: text,
        required: {
          when: (get) => get('versori.api') === 'connect',
          reason: '{versori.api} is connect',
        },
        doc: 'The Versori organisation.',
      },
      token: {
        env: 'VERSORI_TOKEN',
        type: text,
        required: true,
        secret: true,
        doc: "Bearer token for Versori's APIs.",
      },
      credentialId: {
        env: 'VERSORI_CREDENTIAL_ID',
        type: text,
        required: true,
        doc: 'The oauth2-client credential Versori exchanges codes with (it holds the Envoy client secret).',
      },
      credentialOrganisationId: {
        env: 'VERSORI_CREDENTIAL_ORGANISATION_ID',
        type: text,
        required: true,
        default: fallback('versori.organisationId'),
        doc: "The credential's organisation.",
      },
      clientId: {
        env: 'VERSORI_CLIENT_ID',
        type: text,
        required: true,
        doc: 'The Envoy client id stored in that credential.',
      },
      authorizeUrl: {
        env: 'VERSORI_AUTHORIZE_URL',
        type: baseUrl,
        default: new Derived(
          "Envoy's ({envoy.authUrl}/a/auth/v0/authorize)",
          (get) =>
            `${(get('envoy.authUrl') as string | undefined) ?? envoyAuthUrl}/a/auth/v0/authorize`,
        ),
        doc: 'The authorize URL Versori sends users to.',
      },
      tokenUrl: {
        env: 'VERSORI_TOKEN_URL',
        type: baseUrl,
        default: new Derived(
          "{versori.authorizeUrl} with its last /authorize made /token (Envoy's: {envoy.authUrl}/a/auth/v0/token)",
          (get) => {
            const authorize = get('versori.authorizeUrl') as string | undefined
            return authorize?.endsWith('/authorize')
              ? `${authorize.slice(0, -'/authorize'.length)}/token`
              : `${(get('envoy.authUrl') as string | undefined) ?? envoyAuthUrl}/a/auth/v0/token`
          },
        ),
        doc: "The token URL of the connection's OAuth 2.0 scheme (AuthSchemeConfigOAuth2.tokenUrl), sent when the connection is created.",
      },
      scopes: {
        env: 'VERSORI_SCOPES',
        type: scopeList,
        default: new Derived(
          'the Envoy scopes ({envoy.scopes})',
          (get) => (get('envoy.scopes') as readonly string[] | undefined) ?? envoyScopes,
        ),
        doc: 'The scopes Versori asks for, space-separated.',
      },
      callbackOrigin: {
        env: 'VERSORI_CALLBACK_ORIGIN',
        type: httpOrigin,
        default: versoriPlatform,
        doc: "Origin of Versori's OAuth callback page, which the popup's messages are checked against.",
      },
      userIdPrefix: {
        env: 'VERSORI_USER_ID_PREFIX',
        type: text,
        default: '',
        defaultDoc: 'none',
        doc: "Put before the Doorway user id to make the Versori end user's external id.",
      },
    },
  },
  oauthProviders: {
    type: object<NonNullable<BffConfig['oauthProviders']>>('an object of providers by id'),
    defaultDoc: 'none',
    doc: 'Other OAuth 2.0 providers to connect, by id (ProviderConfig), checked by resolveOAuthProviders.',
  },
} satisfies BffSettingsTable

/** One setting of {@link bffServerSettings} or {@link bffSettings}, with its place. */
export interface SettingEntry {
  /** `sessionSecret`, `rhombus.clientId`; a server setting's key (`port`). */
  readonly path: string
  readonly group: SettingGroupKey | undefined
  readonly key: string
  readonly setting: Setting<unknown>
  /** Whether it is part of {@link BffConfig} (the server settings are not). */
  readonly inConfig: boolean
}

/** The groups of {@link bffSettings}, in order. */
export const settingGroups: ReadonlyMap<SettingGroupKey, SettingGroup<unknown>> = new Map(
  Object.entries(bffSettings).flatMap(([key, entry]) =>
    'settings' in entry ? [[key as SettingGroupKey, entry as SettingGroup<unknown>]] : [],
  ),
)

/** Every setting, in the order they are read: the server settings first. */
export const settingEntries: readonly SettingEntry[] = [
  ...Object.entries(bffServerSettings).map(([key, setting]) => ({
    path: key,
    group: undefined,
    key,
    setting: setting as Setting<unknown>,
    inConfig: false,
  })),
  ...Object.entries(bffSettings).flatMap(([key, entry]): SettingEntry[] =>
    'settings' in entry
      ? Object.entries(entry.settings).map(([inner, setting]) => ({
          path: `${key}.${inner}`,
          group: key as SettingGroupKey,
          key: inner,
          setting: setting as Setting<unknown>,
          inConfig: true,
        }))
      : [{ path: key, group: undefined, key, setting: entry as Setting<unknown>, inConfig: true }],
  ),
]

const entriesByPath = new Map(settingEntries.map((entry) => [entry.path, entry]))

/** The entry at `path`; throws for a path the table does not have (a typo in a doc or rule). */
export function settingAt(path: string): SettingEntry {
  const entry = entriesByPath.get(path)
  if (entry === undefined) throw new Error(`bffSettings has no setting ${path}`)
  return entry
}

/** `template` with every `{path}` replaced by `name(path)`. */
export function renderSettingText(template: string, name: (entry: SettingEntry) => string): string {
  return template.replace(/\{([A-Za-z.]+)\}/g, (_, path: string) => name(settingAt(path)))
}

/** The variables that turn `group` on in the environment. */
export function enablingVariables(group: SettingGroup<unknown>, key: SettingGroupKey): string[] {
  if (group.enabledBy !== 'any') return [...group.enabledBy]
  return settingEntries.flatMap((entry) =>
    entry.group === key && entry.setting.env ? [entry.setting.env] : [],
  )
}
