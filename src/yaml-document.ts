import { parseDocument } from 'yaml';

/** A YAML document's data and warnings; its first error thrown. */
export function parseYaml(text: string): { data: unknown; warnings: string[] } {
  // parseDocument, not parse: parse prints its warnings on stderr, several lines each.
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error !== undefined) throw error;
  return { data: document.toJS() as unknown, warnings: document.warnings.map((warning) => warning.message) };
}
