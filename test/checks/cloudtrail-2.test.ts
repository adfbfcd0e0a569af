import { describePerTrailCheck } from './per-trail.js';
import { trail } from '../fixtures/inventory.js';

describePerTrailCheck('CloudTrail.2', [
  { name: 'KMS key set', trail: trail(), status: 'PASSED', reasonCode: 'TRAIL_ENCRYPTED' },
  { name: 'no KMS key', trail: trail({ kmsKeyId: undefined }), status: 'FAILED', reasonCode: 'TRAIL_NOT_ENCRYPTED' },
  {
    name: 'an empty KmsKeyId is unset',
    trail: trail({ kmsKeyId: '' }),
    status: 'FAILED',
    reasonCode: 'TRAIL_NOT_ENCRYPTED',
  },
]);
