/**
 * What the sandbox's Versori knows, as data: the organisation's hubs, connectors and
 * OAuth 2.0 client credentials. Ids are ULIDs, as Versori's are. In the sandbox every
 * credential is an app at the sandbox's Envoy: the sandbox registers it there with the
 * Versori callback page as its redirect URI, and exchanges codes at the sandbox's Envoy.
 */
export interface VersoriData {
  hubs: VersoriHub[]
  connectors: VersoriConnector[]
  credentials: VersoriCredential[]
}

/** An embedded-integration hub and the connectors its end users can connect. */
export interface VersoriHub {
  id: string
  name: string
  organisationId: string
  connectorIds: string[]
}

/** A connector (a system to connect to) of an organisation. */
export interface VersoriConnector {
  id: string
  name: string
  organisationId: string
}

/**
 * An `oauth2-client` credential: the client id and secret Versori uses at the provider's
 * token endpoint. `initialise` must name it (`credential: {id, organisationId}`) with the
 * same `clientId`.
 */
export interface VersoriCredential {
  id: string
  organisationId: string
  name: string
  clientId: string
  clientSecret: string
}

/** The sandbox's Versori organisation. */
export const versoriSandboxOrganisationId = '01HSBX0RG00000000000000000'

/** The sandbox's default Versori data: one hub with an Envoy connector and its credential. */
export const defaultVersoriData: Readonly<VersoriData> = {
  hubs: [
    {
      id: '01HSBXHVB00000000000000000',
      name: 'Doorway sandbox hub',
      organisationId: versoriSandboxOrganisationId,
      connectorIds: ['01HSBXENV0Y000000000000000'],
    },
  ],
  connectors: [
    {
      id: '01HSBXENV0Y000000000000000',
      name: 'Envoy',
      organisationId: versoriSandboxOrganisationId,
    },
  ],
  credentials: [
    {
      id: '01HSBXCRED0000000000000000',
      organisationId: versoriSandboxOrganisationId,
      name: 'Envoy OAuth 2.0 client',
      clientId: 'versori-envoy-client',
      clientSecret: 'versori-envoy-secret',
    },
  ],
}
