/** Builds DOM elements; text always goes in as text nodes, never as markup. */
export type Child = Node | string | readonly Child[];

export function h(tag: string, attributes: Record<string, string> = {}, children: readonly Child[] = []): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const append = (child: Child) => {
    if (typeof child === 'string') element.append(document.createTextNode(child));
    else if (child instanceof Node) element.append(child);
    else for (const c of child) append(c);
  };
  for (const child of children) append(child);
  return element;
}
