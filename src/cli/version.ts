import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from './package-version.js';

/** The package version, read once. */
export const TOOL_VERSION = packageVersion(path.dirname(fileURLToPath(import.meta.url)));
