/**
 * Errors the user can fix, each shown as one line on stderr with exit code 2. Anything else is a bug:
 * exit code 1 and a hint to report it.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Missing, invalid or expired credentials: the message says how to provide them. */
export class CredentialsError extends UsageError {
  override name = 'CredentialsError';
  constructor(detail: string) {
    super(
      `no usable AWS credentials (${detail}); provide them with --profile or AWS_PROFILE, ` +
        '`aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    );
  }
}
