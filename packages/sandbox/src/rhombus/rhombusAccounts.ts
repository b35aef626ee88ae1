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

/**
 * Which sandbox account signs in; chosen by the button pressed on the console page.
 * `standard`: Ada, super admin of "Sandbox Org". `member`: Grace, a user of the same org
 * who is not a super admin. `other`: Annie, super admin of "Second Org". `partner`: Hedy,
 * of the partner "Sandbox Partner MSP", which manages three client orgs.
 */
export type RhombusAccountId = 'standard' | 'member' | 'other' | 'partner'

/**
 * An account that can approve a sign-in. A `partner` account (MSP or reseller) must call
 * the API with `x-auth-scheme: partner-api-oauth-token`; the others with
 * `api-oauth-token`.
 */
export interface RhombusAccount {
  id: RhombusAccountId
  partner: boolean
  /** The user who signs in. */
  user: RhombusUser
  /** What `getPermissionsForCurrentUser` answers for the user. */
  superAdmin: boolean
  /** The user's permission group, as `getPermissionsForCurrentUser` names it. */
  permissionGroupName: string
  /** The account's own organisation. */
  org: RhombusOrg
  /**
   * The customer organisations a partner manages; a partner's API call names one with
   * `x-auth-org: <org uuid>`. Empty for a standard account.
   */
  clientOrgs: readonly RhombusOrg[]
}

const ada: RhombusUser = {
  uuid: 'sbxUsrAdaLovelace00001',
  email: 'ada@sandbox.example',
  name: 'Ada Lovelace',
}
const grace: RhombusUser = {
  uuid: 'sbxUsrGraceHopper00001',
  email: 'grace@sandbox.example',
  name: 'Grace Hopper',
}
const annie: RhombusUser = {
  uuid: 'sbxUsrAnnieEasley00001',
  email: 'annie@second.sandbox.example',
  name: 'Annie Easley',
}
const hedy: RhombusUser = {
  uuid: 'sbxUsrHedyLamarr000001',
  email: 'hedy@partner.sandbox.example',
  name: 'Hedy Lamarr',
}

const sandboxOrg: RhombusOrg = {
  uuid: 'sbxOrgSandboxStandard1',
  name: 'Sandbox Org',
  users: [ada, grace],
}

/**
 * The sandbox's accounts and organisations, as data. Minted API keys and registered
 * applications live in the state ({@link createRhombusState}), since they are made at run
 * time.
 */
export const rhombusAccounts: Readonly<Record<RhombusAccountId, RhombusAccount>> = {
  standard: {
    id: 'standard',
    partner: false,
    user: ada,
    superAdmin: true,
    permissionGroupName: 'Super Admin',
    org: sandboxOrg,
    clientOrgs: [],
  },
  member: {
    id: 'member',
    partner: false,
    user: grace,
    superAdmin: false,
    permissionGroupName: 'Member',
    org: sandboxOrg,
    clientOrgs: [],
  },
  other: {
    id: 'other',
    partner: false,
    user: annie,
    superAdmin: true,
    permissionGroupName: 'Super Admin',
    org: {
      uuid: 'sbxOrgSandboxSecond001',
      name: 'Second Org',
      users: [
        annie,
        {
          uuid: 'sbxUsrMaryJackson00001',
          email: 'mary@second.sandbox.example',
          name: 'Mary Jackson',
        },
      ],
    },
    clientOrgs: [],
  },
  partner: {
    id: 'partner',
    partner: true,
    user: hedy,
    superAdmin: true,
    permissionGroupName: 'Super Admin',
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
    clientOrgs: [
      {
        uuid: 'sbxOrgPartnerClientAcme',
        name: 'Acme Retail (partner client)',
        users: [
          {
            uuid: 'sbxUsrKatherineJohnson',
            email: 'katherine@acme.sandbox.example',
            name: 'Katherine Johnson',
          },
          {
            uuid: 'sbxUsrDorothyVaughan01',
            email: 'dorothy@acme.sandbox.example',
            name: 'Dorothy Vaughan',
          },
        ],
      },
      {
        uuid: 'sbxOrgPartnerClientBeta',
        name: 'Beta Logistics (partner client)',
        users: [
          {
            uuid: 'sbxUsrRadiaPerlman0001',
            email: 'radia@beta.sandbox.example',
            name: 'Radia Perlman',
          },
        ],
      },
      {
        uuid: 'sbxOrgPartnerClientCyan',
        name: 'Cyan Clinics (partner client)',
        users: [
          {
            uuid: 'sbxUsrBarbaraLiskov001',
            email: 'barbara@cyan.sandbox.example',
            name: 'Barbara Liskov',
          },
          {
            uuid: 'sbxUsrFrancesAllen0001',
            email: 'frances@cyan.sandbox.example',
            name: 'Frances Allen',
          },
          {
            uuid: 'sbxUsrJeanSammet000001',
            email: 'jean@cyan.sandbox.example',
            name: 'Jean Sammet',
          },
        ],
      },
    ],
  },
}

/**
 * The organisation a call acts on: the account's own, or for a partner the client org
 * named by `x-auth-org` (its own org's uuid also names its own). `undefined` when the
 * header names no org the partner manages. A standard account's `x-auth-org` is ignored.
 */
export function rhombusOrgFor(
  account: RhombusAccount,
  xAuthOrg: string | null,
): RhombusOrg | undefined {
  if (!account.partner || xAuthOrg === null) return account.org
  if (xAuthOrg === account.org.uuid) return account.org
  return account.clientOrgs.find((org) => org.uuid === xAuthOrg)
}
