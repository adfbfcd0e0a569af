import { describePerTrailCheck } from './per-trail.js';
import { trail } from '../fixtures/inventory.js';

describePerTrailCheck('CloudTrail.4', [
  { name: 'validation on', trail: trail(), status: 'PASSED', reasonCode: 'LOG_FILE_VALIDATION_ENABLED' },
  {
    name: 'validation off',
    trail: trail({ logFileValidationEnabled: false }),
    status: 'FAILED',
    reasonCode: 'LOG_FILE_VALIDATION_DISABLED',
  },
]);
