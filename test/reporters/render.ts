/** The reporters as tests mostly use them: the text, or the test fails with the reporter's error. */
import { renderAsff as asff } from '../../reporters/asff.js';
import { renderHtml as html } from '../../reporters/html/index.js';
import { renderJson as json } from '../../reporters/json.js';
import { renderJunit as junit } from '../../reporters/junit.js';
import { renderOcsf as ocsf } from '../../reporters/ocsf.js';
import { renderSarif as sarif } from '../../reporters/sarif.js';
import { renderText as text } from '../../reporters/text.js';
import type { Rendered, Reporter } from '../../reporters/types.js';

export function textOf(output: Rendered): string {
  if (!output.ok) throw new Error(output.error);
  return output.text;
}

const throwing =
  (reporter: Reporter) =>
  (...args: Parameters<Reporter>): string =>
    textOf(reporter(...args));

export const renderJson = throwing(json);
export const renderJunit = throwing(junit);
export const renderSarif = throwing(sarif);
export const renderText = throwing(text);
export const renderAsff = throwing(asff);
export const renderOcsf = throwing(ocsf);
export const renderHtml = throwing(html);
