/** Just enough XML writing for AWS responses: escaped text, nested elements, optional elements. */

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c] ?? ''};`,
  );
}

/** Element content: text (escaped), already-rendered child elements, or nothing (the element is left out). */
export type XmlContent = string | number | boolean | XmlNode[] | undefined;

/** A rendered element; a distinct type so text is never mistaken for markup. */
export interface XmlNode {
  readonly xml: string;
}

export function el(name: string, content: XmlContent, attributes = ''): XmlNode {
  if (content === undefined) return { xml: '' };
  const open = attributes === '' ? name : `${name} ${attributes}`;
  const inner = Array.isArray(content) ? content.map((c) => c.xml).join('') : escapeXml(String(content));
  return { xml: inner === '' ? `<${open}/>` : `<${open}>${inner}</${name}>` };
}

/** A whole document: the declaration and the root element. */
export function xmlDocument(root: XmlNode): string {
  return `${XML_DECLARATION}\n${root.xml}`;
}
