/**
 * HTML built with a tagged template that escapes every interpolated value unless it is markup itself, so
 * a trail name or a reason (which come from the account being audited) can never become markup.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/** Text that is already HTML. */
export class Markup {
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
}

export type Content = Markup | string | number | readonly Content[] | false | null | undefined;

function render(value: Content): string {
  if (value instanceof Markup) return value.html;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  if (value === false || value === null || value === undefined) return '';
  return value.map(render).join('');
}

export function markup(strings: TemplateStringsArray, ...values: Content[]): Markup {
  return new Markup(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), ''));
}

/** Markup from a trusted string: the page's own CSS and script, never report data. */
export const trusted = (text: string): Markup => new Markup(text);
