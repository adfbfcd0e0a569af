import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--allow-natives-syntax');

/** V8's own answer: are this object's properties stored with a fixed layout rather than as a hash table? */
export const hasFixedLayout = runInNewContext('(object) => %HasFastProperties(object)') as (object: object) => boolean;
