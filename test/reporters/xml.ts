/**
 * A strict XML reader for tests: saxes enforces XML 1.0 well-formedness (disallowed characters, `]]>` in
 * text, duplicate attributes, one root) and throws on the first error; events become a small tree.
 */
import { SaxesParser } from 'saxes';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const document: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const open = [document];
  const current = () => open.at(-1)!;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes, children: [], text: '' };
    current().children.push(element);
    open.push(element);
  });
  parser.on('text', (text) => {
    current().text += text;
  });
  parser.on('closetag', () => {
    open.pop();
  });
  parser.write(xml).close();
  return document.children[0]!;
}

export const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
