/** Every report format, by the name used in --format and -o FORMAT=PATH. */
import { renderJson } from './json.js';
import { renderText } from './text.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter | undefined> = {
  text: renderText,
  json: renderJson,
};
