/** A Rhombus user as `getUsersInOrg` lists it. */
export interface RhombusUser {
  uuid: string
  email: string
  name: string
}

/** A Rhombus organisation and its users. */
export interface RhombusOrg {
  uuid: string
  name: string
  users: RhombusUser[]
}

/** Which sandbox account signs in; chosen by the button pressed on the console page. */
export type RhombusAccountId = 'standard' | 'partner'

/**
 * An account that can approve a sign-in. A `partner` account (MSP or reseller) must call
 * the API with `x-auth-scheme: partner-api-oauth-token`; a `standard` one with
 * `api-oauth-token`.
 */
export interface RhombusAccount {
  id: RhombusAccountId
  partner: boolean
  /** The user who signs in. */
  user: RhombusUser
  /** The account's own organisation. */
  org: RhombusOrg
}

const ada: RhombusUser = {
  uuid: 'sbxUsrAdaLovelace00001',
  email: 'ada@sandbox.example',
  name: 'Ada Lovelace',
}
const hedy: RhombusUser = {
  uuid: 'sbxUsrHedyLamarr000001',
  email: 'hedy@partner.sandbox.example',
  name: 'Hedy Lamarr',
}

/**
 * The sandbox's accounts and organisations, as data. Partner client orgs, API keys and
 * registered applications belong here too when the sandbox learns them.
 */
export const rhombusAccounts: Readonly<Record<RhombusAccountId, RhombusAccount>> = {
  standard: {
    id: 'standard',
    partner: false,
    user: ada,
    org: {
      uuid: 'sbxOrgSandboxStandard1',
      name: 'Sandbox Org',
      users: [
        ada,
        { uuid: 'sbxUsrGraceHopper00001', email: 'grace@sandbox.example', name: 'Grace Hopper' },
      ],
    },
  },
  partner: {
    id: 'partner',
    partner: true,
    user: hedy,
    org: {
      uuid: 'sbxOrgSandboxPartner01',
      name: 'Sandbox Partner MSP',
      users: [
        hedy,
        {
          uuid: 'sbxUsrMargaretHamilton',
          email: 'margaret@partner.sandbox.example',
          name: 'Margaret Hamilton',
        },
      ],
    },
  },
}
