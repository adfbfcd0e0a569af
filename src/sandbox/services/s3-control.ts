/** S3 Control over REST-XML: the account-level GetPublicAccessBlock. */
import { SERVICES } from '../../aws/catalogue.js';
import { renderS3ControlError, xmlReply } from '../protocols/rest-xml.js';
import { AwsError, header, type SandboxService } from '../service.js';
import { publicAccessBlockXml, s3Errors } from './s3.js';

const NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
export const S3_CONTROL_PATH_PREFIX = '/v20180820/';

export const s3control: SandboxService = {
  spec: SERVICES.s3control,
  operations: ['GetPublicAccessBlock'],
  errors: s3Errors,
  route(call) {
    if (call.method !== 'GET' || call.url.pathname !== `${S3_CONTROL_PATH_PREFIX}configuration/publicAccessBlock`) {
      return new AwsError(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented');
    }
    const requested = header(call, 'x-amz-account-id');
    return {
      operation: 'GetPublicAccessBlock',
      resources: requested === undefined ? [] : [requested],
      run: ({ account, requestId }) => {
        if (requested === undefined)
          throw new AwsError(400, 'InvalidRequest', 'Missing required header for this request: x-amz-account-id');
        if (requested !== account.accountId) throw s3Errors.accessDenied('', 'GetPublicAccessBlock');
        if (account.publicAccessBlock === undefined) {
          throw new AwsError(
            404,
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            {
              details: { AccountId: requested },
            },
          );
        }
        return xmlReply(publicAccessBlockXml(account.publicAccessBlock, NAMESPACE), requestId);
      },
    };
  },
  renderError: renderS3ControlError,
};
