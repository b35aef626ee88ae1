/** One invalid setting: the environment variable (or config key) and what is wrong with it. */
export interface BffConfigIssue {
  key: string
  message: string
}

/**
 * Thrown by {@link loadBffConfig} and {@link createDoorwayBff} when the configuration is
 * unusable. Lists every problem at once; never includes a secret's value.
 */
export class BffConfigError extends Error {
  override readonly name = 'BffConfigError'
  readonly issues: readonly BffConfigIssue[]

  constructor(issues: readonly BffConfigIssue[]) {
    super(
      `Invalid Doorway BFF configuration:\n${issues.map((issue) => `  - ${issue.key}: ${issue.message}`).join('\n')}`,
    )
    this.issues = issues
  }
}
