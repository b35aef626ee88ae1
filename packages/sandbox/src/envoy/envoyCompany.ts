/** An Envoy location, as `GET /v1/locations` lists it. */
export interface EnvoyLocation {
  id: string
  name: string
  address: string
  timezone: string
}

/** The Envoy workplace (company) whose admin approves on the sandbox's consent page. */
export interface EnvoyCompany {
  /** Sent as `company_id` in every token response, a string as Envoy sends it. */
  id: string
  name: string
  locations: EnvoyLocation[]
}

/** The sandbox's Envoy company, as data: the one of Envoy's example, with two locations. */
export const envoySandboxCompany: Readonly<EnvoyCompany> = {
  id: '10000',
  name: 'Sandbox Workplace',
  locations: [
    {
      id: '20001',
      name: 'Sandbox HQ',
      address: '1 Sandbox Way, San Francisco, CA 94105',
      timezone: 'America/Los_Angeles',
    },
    {
      id: '20002',
      name: 'Sandbox London',
      address: '2 Example Street, London EC1A 1AA',
      timezone: 'Europe/London',
    },
  ],
}
