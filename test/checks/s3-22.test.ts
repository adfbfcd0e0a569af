import { describeObjectEventsCheck } from './s3-object-events.js';

describeObjectEventsCheck('S3.22');
