/** What went wrong in `doorway-bff register` / `doorway-bff apps`. */
export type RegisterErrorCode =
  | 'usage'
  | 'missing_api_key'
  | 'bad_api_key'
  | 'name_taken'
  | 'invalid_redirect_uri'
  | 'invalid_contact_email'
  | 'invalid_application'
  | 'unknown_application'
  | 'dynamic_registration_unsupported'
  | 'unreachable'
  | 'invalid_response'
  | 'rhombus_error'
  | 'env_file'

/**
 * A failure of the registration commands: `message` says what happened (never a secret or
 * the API key), `hint` is the one line saying what to do. The CLI exits 1 with both.
 */
export class RegisterError extends Error {
  override readonly name = 'RegisterError'
  readonly code: RegisterErrorCode
  readonly hint: string

  constructor(code: RegisterErrorCode, message: string, hint: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.hint = hint
  }
}
