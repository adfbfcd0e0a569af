/** Who is calling, where: read from the SigV4 `Authorization` header's credential scope (signatures are not checked). */

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  /** The signing name: `s3` for S3 Control too. */
  service: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,/;

export function credentialScope(authorization: string | undefined): CredentialScope | undefined {
  const match = AUTHORIZATION.exec(authorization ?? '');
  if (match === null) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}
