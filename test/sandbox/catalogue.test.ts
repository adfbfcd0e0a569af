/** The sandbox serves every operation the product may call, in the protocol the catalogue says. */
import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS, SERVICES } from '../../src/aws/catalogue.js';
import { SANDBOX_SERVICES } from '../../src/sandbox/services/index.js';

describe('the sandbox and the catalogue', () => {
  it.each(ALL_OPERATIONS.map((o) => [o.id, o] as const))('%s has a sandbox handler', (id, operation) => {
    const service = SANDBOX_SERVICES[operation.service as keyof typeof SANDBOX_SERVICES];
    expect(
      service.operations,
      `${id} is in src/aws/catalogue.ts but src/sandbox/services/${operation.service} does not serve it: add a handler`,
    ).toContain(operation.name);
  });

  it.each(Object.entries(SANDBOX_SERVICES))('%s is the catalogue entry of its name', (name, service) => {
    expect(service.spec).toBe(SERVICES[name as keyof typeof SERVICES]);
  });
});
