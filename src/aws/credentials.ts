/**
 * Where the credentials come from: explicit ones (the sandbox), or the SDK's default chain, for a named
 * profile when one is given. Whatever is resolved is registered for redaction before any request is
 * signed with it, and the SDK's own warnings become one line each for the user.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from '../errors.js';
import { registerSecret } from '../redact.js';

export interface CredentialOptions {
  profile?: string | undefined;
  credentials?: AwsCredentialIdentity | undefined;
  /** Receives the SDK's warnings, one line each. */
  onWarning?: ((message: string) => void) | undefined;
}

const register = (identity: AwsCredentialIdentity) => {
  registerSecret(identity.accessKeyId, identity.secretAccessKey, identity.sessionToken);
};

/** The SDK's multi-line warnings, as one line a user can act on. */
function oneLineWarning(message: string): string {
  if (message.includes('Multiple credential sources')) {
    return 'both a profile (AWS_PROFILE or --profile) and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set; using the profile';
  }
  return (
    message
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? message
  );
}

/** A named profile must exist in the shared config or credentials file; the SDK's own error does not say so. */
async function ensureProfileExists(profile: string): Promise<void> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  if (profile in configFile || profile in credentialsFile) return;
  throw new UsageError(
    `profile "${profile}" does not exist in the AWS config or credentials file (see aws configure list-profiles)`,
  );
}

export async function credentialSource(
  options: CredentialOptions,
): Promise<AwsCredentialIdentity | AwsCredentialIdentityProvider> {
  if (options.credentials !== undefined) {
    register(options.credentials);
    return options.credentials;
  }
  // Only a profile asked for by name: with AWS_PROFILE alone the chain may still find other credentials.
  if (options.profile !== undefined) await ensureProfileExists(options.profile);
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const warn = (message: unknown) => options.onWarning?.(oneLineWarning(String(message)));
  const ignore = () => undefined;
  const chain = fromNodeProviderChain({
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    logger: { debug: ignore, info: ignore, warn, error: ignore, trace: ignore },
  });
  return async (properties) => {
    const identity = await chain(properties);
    register(identity);
    return identity;
  };
}
