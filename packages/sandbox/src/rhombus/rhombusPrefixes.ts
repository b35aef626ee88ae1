/** Where each Rhombus host is served on the sandbox server. */
export const rhombusPrefixes = {
  /** `https://console.rhombussystems.com` */
  console: '/rhombus/console',
  /** `https://auth-web.rhombussystems.com` */
  authWeb: '/rhombus/auth-web',
  /** `https://auth.rhombussystems.com` */
  auth: '/rhombus/auth',
  /** `https://api2.rhombussystems.com` */
  api: '/rhombus/api',
} as const
