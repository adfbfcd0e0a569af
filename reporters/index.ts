/** The reporters by format name, as `--format` and `-o FORMAT=PATH` name them. */
import { renderAsff } from './asff.js';
import { renderHtml } from './html/index.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { Reporter } from './types.js';

export const reporters = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  html: renderHtml,
  asff: renderAsff,
  ocsf: renderOcsf,
} satisfies Record<string, Reporter>;
