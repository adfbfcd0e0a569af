// Loaded with `node --import`: records every module the process loads, one URL per line, in the file
// named by TRAILSCAN_TRACE_IMPORTS.
import { register } from 'node:module';
import process from 'node:process';

const file = process.env.TRAILSCAN_TRACE_IMPORTS;
if (file) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      appendFileSync(${JSON.stringify(file)}, url + '\\n');
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
