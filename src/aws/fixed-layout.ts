/**
 * An SDK client's configuration is one object to which the SDK adds some fifty properties one at a time,
 * so V8 stores it as a hash table. The SDK then copies it (`{ ...config, ...context }`) several times in
 * every request, and copying a hash table costs about ten times as much as copying an object with a fixed
 * layout. V8 gives an object a fixed layout when a property is looked up through it as a prototype.
 * Only the object's representation changes, never its properties.
 */
export function giveFixedLayout(object: object): void {
  const heir = Object.create(object) as { absent?: unknown };
  // V8 records property lookups, and reshapes the prototypes they pass, only once a function has run a few times.
  for (let lookups = 0; lookups < 16; lookups += 1) lookUpAbsent(heir);
}

function lookUpAbsent(object: { absent?: unknown }): unknown {
  return object.absent;
}
