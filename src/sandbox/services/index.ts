/** Every emulated service, and the operations they serve as request counts and faults name them. */
import type { ServiceName } from '../../aws/catalogue.js';
import type { SandboxService } from '../service.js';
import { cloudtrail } from './cloudtrail.js';
import { cloudwatch } from './cloudwatch.js';
import { ec2 } from './ec2.js';
import { events } from './events.js';
import { kms } from './kms.js';
import { logs } from './logs.js';
import { organizations } from './organizations.js';
import { s3 } from './s3.js';
import { s3control } from './s3-control.js';
import { sns } from './sns.js';
import { sts } from './sts.js';

/** One module per catalogue service: the compiler makes a new service add its sandbox module. */
export const SANDBOX_SERVICES: Record<ServiceName, SandboxService> = {
  sts,
  ec2,
  cloudtrail,
  s3,
  s3control,
  kms,
  logs,
  cloudwatch,
  sns,
  events,
  organizations,
};

/** `service:Operation`, e.g. `cloudtrail:GetTrailStatus`. */
export const OPERATIONS: readonly string[] = Object.values(SANDBOX_SERVICES).flatMap((s) =>
  s.operations.map((o) => `${s.spec.name}:${o}`),
);
