/**
 * The HTML report's script: decodes the embedded results and draws the result tables (findings,
 * suppressed, not evaluated) — sortable, filterable, searchable, paged — with each result's details and
 * copy buttons for its commands. Only DOM text is ever set from report data (no innerHTML).
 */
import { SEVERITY_ORDER, SEVERITY_TEXT, STATUS_LABELS, STATUS_ORDER, isWebUrl, type Label } from '../labels.js';
import { PAYLOAD_ELEMENT_ID, type Payload, type PayloadControl, type PayloadResult } from '../payload.js';
import { h, type Child } from './dom.js';

const PAGE_SIZE = 100;

type Severity = PayloadControl['severity'];
interface Row {
  result: PayloadResult;
  control: PayloadControl;
  severity: Severity;
  /** Lower-cased text the search box matches. */
  haystack: string;
}

interface Column {
  key: string;
  title: string;
  cell: (row: Row) => Child;
  compare: (a: Row, b: Row) => number;
}

type FilterKey = 'status' | 'severity' | 'control' | 'region' | 'account';
interface Filters {
  query: string;
  status: string;
  severity: string;
  control: string;
  region: string;
  account: string;
}
const NO_FILTERS: Filters = { query: '', status: '', severity: '', control: '', region: '', account: '' };

/** One collator for every comparison: `localeCompare` with options builds a new one per call. */
const byText = new Intl.Collator('en', { numeric: true }).compare;

function statusBadge(label: Label): HTMLElement {
  return h('span', { class: `status status--${label.tone}` }, [
    h('span', { class: 'status__symbol', 'aria-hidden': 'true' }, [label.symbol]),
    ` ${label.text}`,
  ]);
}

const COLUMNS: Record<string, Column> = {
  status: {
    key: 'status',
    title: 'Status',
    cell: (row) => statusBadge(STATUS_LABELS[row.result.status]),
    compare: (a, b) => STATUS_ORDER.indexOf(a.result.status) - STATUS_ORDER.indexOf(b.result.status),
  },
  severity: {
    key: 'severity',
    title: 'Severity',
    cell: (row) => SEVERITY_TEXT[row.severity],
    compare: (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  },
  control: {
    key: 'control',
    title: 'Control',
    cell: (row) => row.result.checkId,
    compare: (a, b) => byText(a.result.checkId, b.result.checkId),
  },
  resource: {
    key: 'resource',
    title: 'Resource',
    cell: (row) => [
      h('span', { class: 'resource__name' }, [row.result.resource.name]),
      ' ',
      h('span', { class: 'resource__type' }, [row.result.resource.type]),
    ],
    compare: (a, b) => byText(a.result.resource.name, b.result.resource.name),
  },
  region: {
    key: 'region',
    title: 'Region',
    cell: (row) => row.result.resource.region,
    compare: (a, b) => byText(a.result.resource.region, b.result.resource.region),
  },
  account: {
    key: 'account',
    title: 'Account',
    cell: (row) => row.result.resource.accountId,
    compare: (a, b) => byText(a.result.resource.accountId, b.result.resource.accountId),
  },
  reason: {
    key: 'reason',
    title: 'Reason',
    cell: (row) => row.result.reason,
    compare: (a, b) => byText(a.result.reason, b.result.reason),
  },
  suppression: {
    key: 'suppression',
    title: 'Suppressed because',
    cell: (row) => {
      const s = row.result.suppressed;
      return s === undefined ? '' : `${s.reason}${s.expires === undefined ? '' : ` (until ${s.expires})`}`;
    },
    compare: (a, b) => byText(a.result.suppressed?.reason ?? '', b.result.suppressed?.reason ?? ''),
  },
};

/** Worst first, then the most severe, then by control, resource and Region: what a reader fixes first. */
const DEFAULT_ORDER = ['status', 'severity', 'control', 'resource', 'region', 'account'];

/** Says what a copy button did, for screen readers. */
let announcer: HTMLElement | undefined;

/** Copies a command; where the browser refuses, selects it so the reader can copy it by hand. */
function copyButton(command: string, code: HTMLElement): HTMLElement {
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy command: ${command}` }, ['Copy']);
  const say = (text: string, announcement: string) => {
    button.textContent = text;
    if (announcer) announcer.textContent = announcement;
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  };
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(command).then(
      () => {
        say('Copied', 'Command copied to the clipboard');
      },
      () => {
        getSelection()?.selectAllChildren(code);
        say('Selected', 'The browser refused to copy; the command is selected, copy it with your keyboard');
      },
    );
  });
  return button;
}

function field(term: string, ...description: Child[]): HTMLElement[] {
  return [h('dt', {}, [term]), h('dd', {}, description)];
}

function linkTo(url: string, text: string): Child {
  return isWebUrl(url) ? h('a', { href: url, rel: 'noreferrer' }, [text]) : url;
}

function details(row: Row): HTMLElement {
  const { result, control } = row;
  const { remediation, errors, suppressed } = result;
  const [documentation = ''] = control.references;
  const references = [...new Set([documentation, ...(remediation ? [remediation.url] : []), ...control.references])];
  const evidence = JSON.stringify(result.evidence, null, 2);
  return h('dl', { class: 'details' }, [
    ...field('Control', `${control.id} (${control.source}): ${control.title}`),
    ...field('Reason', result.reason, ' ', h('code', {}, [result.reasonCode])),
    ...field(
      'Resource',
      h('code', {}, [result.resource.id]),
      ` (${result.resource.type}, ${result.resource.partition})`,
    ),
    ...(remediation
      ? field(
          'Remediation',
          h('p', {}, [remediation.text]),
          ...remediation.commands.map((command) => {
            const code = h('code', {}, [command]);
            return h('div', { class: 'command' }, [h('pre', {}, [code]), copyButton(command, code)]);
          }),
        )
      : []),
    ...field(
      'Reference',
      h(
        'ul',
        {},
        references.map((url) =>
          h('li', {}, [linkTo(url, url === documentation ? `${control.source} ${control.id}` : url)]),
        ),
      ),
    ),
    ...(errors && errors.length > 0
      ? field(
          'Failed calls',
          h(
            'ul',
            {},
            errors.map((e) =>
              h('li', {}, [
                h('code', {}, [e.operation]),
                ` in ${e.region}: `,
                h('code', {}, [e.code]),
                ` ${e.message}`,
              ]),
            ),
          ),
        )
      : []),
    ...(suppressed
      ? field(
          'Suppressed',
          `${suppressed.reason}${suppressed.expires ? ` (until ${suppressed.expires})` : ''} — rule ${suppressed.rule}`,
        )
      : []),
    ...(evidence === '{}' ? [] : field('Evidence', h('pre', { class: 'evidence' }, [evidence]))),
  ]);
}

interface TableOptions {
  name: string;
  caption: string;
  columns: string[];
  filters: boolean;
}

/** A paged, sortable table of results, with optional filters and search. */
class ResultTable {
  private readonly rows: Row[];
  private readonly options: TableOptions;
  private filters: Filters = { ...NO_FILTERS };
  private sort: { key: string; ascending: boolean } | undefined;
  private page = 0;
  private printing = false;
  private readonly tbody = h('tbody', {});
  private readonly count = h('p', { class: 'count', 'aria-live': 'polite' });
  private readonly pager = h('nav', { class: 'pager' });
  private readonly headers = new Map<string, HTMLElement>();
  private readonly controls = new Map<FilterKey | 'query', HTMLInputElement | HTMLSelectElement>();
  private nextId = 0;

  constructor(root: HTMLElement, rows: Row[], options: TableOptions) {
    this.rows = rows;
    this.options = options;
    this.pager.setAttribute('aria-label', `${options.caption}: pages`);
    const table = h('table', { class: 'results' }, [
      h('caption', { class: 'visually-hidden' }, [options.caption]),
      h('thead', {}, [
        h(
          'tr',
          {},
          options.columns.map((key) => this.header(key)),
        ),
      ]),
      this.tbody,
    ]);
    root.replaceChildren(
      ...(options.filters ? [this.toolbar()] : []),
      this.count,
      h('div', { class: 'scroll' }, [table]),
      this.pager,
    );
    this.render();
  }

  private header(key: string): HTMLElement {
    const column = COLUMNS[key];
    if (column === undefined) throw new Error(`no column ${key}`);
    const button = h('button', { type: 'button', class: 'sort' }, [
      column.title,
      h('span', { class: 'sort__arrow', 'aria-hidden': 'true' }),
    ]);
    button.addEventListener('click', () => {
      this.sort = { key, ascending: this.sort?.key === key ? !this.sort.ascending : true };
      this.page = 0;
      this.render();
    });
    const th = h('th', { scope: 'col', 'aria-sort': 'none' }, [button]);
    this.headers.set(key, th);
    return th;
  }

  private select(key: FilterKey, label: string, values: [string, string][]): HTMLElement {
    const id = `${this.options.name}-${key}`;
    const select = h('select', { id }, [
      h('option', { value: '' }, ['All']),
      ...values.map(([value, text]) => h('option', { value }, [text])),
    ]) as HTMLSelectElement;
    select.addEventListener('change', () => {
      this.filters[key] = select.value;
      this.page = 0;
      this.render();
    });
    this.controls.set(key, select);
    return h('div', { class: 'filter' }, [h('label', { for: id }, [label]), select]);
  }

  private toolbar(): HTMLElement {
    const distinct = (of: (row: Row) => string) => [...new Set(this.rows.map(of))].sort(byText);
    const searchId = `${this.options.name}-search`;
    const search = h('input', {
      type: 'search',
      id: searchId,
      placeholder: 'Resource, reason, control…',
    }) as HTMLInputElement;
    search.addEventListener('input', () => {
      this.filters.query = search.value.trim().toLowerCase();
      this.page = 0;
      this.render();
    });
    this.controls.set('query', search);
    const reset = h('button', { type: 'button', class: 'reset' }, ['Reset filters']);
    reset.addEventListener('click', () => {
      this.setFilters({});
    });
    return h(
      'div',
      { class: 'toolbar', role: 'search', 'aria-label': `Filter ${this.options.caption.toLowerCase()}` },
      [
        h('div', { class: 'filter filter--search' }, [h('label', { for: searchId }, ['Search']), search]),
        this.select(
          'status',
          'Status',
          STATUS_ORDER.map((s) => [s, STATUS_LABELS[s].text]),
        ),
        this.select(
          'severity',
          'Severity',
          SEVERITY_ORDER.map((s) => [s, SEVERITY_TEXT[s]]),
        ),
        this.select(
          'control',
          'Control',
          distinct((r) => r.result.checkId).map((c) => [c, c]),
        ),
        this.select(
          'region',
          'Region',
          distinct((r) => r.result.resource.region).map((r) => [r, r]),
        ),
        this.select(
          'account',
          'Account',
          distinct((r) => r.result.resource.accountId).map((a) => [a, a]),
        ),
        reset,
      ],
    );
  }

  /** Replaces the filters (the matrix does this), updating the controls that show them. */
  setFilters(filters: Partial<Filters>): void {
    this.filters = { ...NO_FILTERS, ...filters };
    for (const [key, control] of this.controls) control.value = this.filters[key];
    this.page = 0;
    this.render();
  }

  private visible(): Row[] {
    const f = this.filters;
    const rows = this.rows.filter(
      (row) =>
        (f.status === '' || row.result.status === f.status) &&
        (f.severity === '' || row.severity === f.severity) &&
        (f.control === '' || row.result.checkId === f.control) &&
        (f.region === '' || row.result.resource.region === f.region) &&
        (f.account === '' || row.result.resource.accountId === f.account) &&
        (f.query === '' || row.haystack.includes(f.query)),
    );
    const order = this.sort ? [this.sort.key, ...DEFAULT_ORDER] : DEFAULT_ORDER;
    const direction = this.sort?.ascending === false ? -1 : 1;
    return rows.sort((a, b) => {
      for (const [i, key] of order.entries()) {
        const difference = COLUMNS[key]?.compare(a, b) ?? 0;
        if (difference !== 0) return i === 0 ? difference * direction : difference;
      }
      return 0;
    });
  }

  private row(row: Row): HTMLElement[] {
    const id = `${this.options.name}-details-${(this.nextId++).toString()}`;
    const detailRow = h('tr', { class: 'details-row', id, hidden: '' }, [
      h('td', { colspan: String(this.options.columns.length) }),
    ]);
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'disclose',
        'aria-expanded': 'false',
        'aria-controls': id,
        'aria-label': `Details: ${row.result.checkId} ${row.result.resource.name} ${row.result.resource.region}`,
      },
      [h('span', { 'aria-hidden': 'true' }, ['▸'])],
    );
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      const cell = detailRow.firstElementChild;
      if (open && cell !== null && cell.childElementCount === 0) cell.append(details(row));
      detailRow.hidden = !open;
    });
    const cells = this.options.columns.map((key, i) => {
      const content = COLUMNS[key]?.cell(row) ?? '';
      return h('td', { class: `col-${key}` }, i === 0 ? [toggle, ' ', content] : [content]);
    });
    return [h('tr', { class: 'result-row' }, cells), detailRow];
  }

  private render(): void {
    const rows = this.visible();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    this.page = Math.min(this.page, pages - 1);
    const shown = this.printing ? rows : rows.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE);
    this.tbody.replaceChildren(...shown.flatMap((row) => this.row(row)));
    if (rows.length === 0) {
      this.tbody.append(
        h('tr', {}, [
          h('td', { colspan: String(this.options.columns.length), class: 'empty' }, ['No result matches.']),
        ]),
      );
    }
    const first = rows.length === 0 ? 0 : this.page * PAGE_SIZE + 1;
    const last = this.printing ? rows.length : Math.min(rows.length, (this.page + 1) * PAGE_SIZE);
    const of = rows.length === this.rows.length ? '' : ` (filtered from ${this.rows.length.toLocaleString('en')})`;
    this.count.textContent = `Showing ${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${rows.length.toLocaleString('en')} results${of}`;
    for (const [key, th] of this.headers) {
      const sorted = this.sort?.key === key;
      th.setAttribute('aria-sort', sorted ? (this.sort?.ascending ? 'ascending' : 'descending') : 'none');
      const arrow = th.querySelector('.sort__arrow');
      if (arrow) arrow.textContent = sorted ? (this.sort?.ascending ? ' ▲' : ' ▼') : '';
    }
    this.renderPager(pages);
  }

  private renderPager(pages: number): void {
    if (pages === 1) {
      this.pager.replaceChildren();
      return;
    }
    const go = (page: number, text: string, disabled: boolean) => {
      const button = h('button', { type: 'button' }, [text]) as HTMLButtonElement;
      button.disabled = disabled;
      button.addEventListener('click', () => {
        this.page = page;
        this.render();
        this.count.scrollIntoView({ block: 'nearest' });
      });
      return button;
    };
    this.pager.replaceChildren(
      go(this.page - 1, 'Previous page', this.page === 0),
      h('span', {}, [` Page ${(this.page + 1).toString()} of ${pages.toString()} `]),
      go(this.page + 1, 'Next page', this.page === pages - 1),
    );
  }

  /** Printing shows every row that matches the filters, not one page. */
  setPrinting(printing: boolean): void {
    this.printing = printing;
    this.render();
  }
}

async function loadPayload(): Promise<Payload> {
  const text = document.getElementById(PAYLOAD_ELEMENT_ID)?.textContent ?? '';
  const binary = atob(text.trim());
  // A plain loop: Uint8Array.from with a mapping function is several times slower on 10,000 results.
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return (await new Response(stream).json()) as Payload;
}

function rowsOf(payload: Payload): Row[] {
  const controls = new Map(payload.controls.map((c) => [c.id, c]));
  return payload.results.flatMap((result) => {
    const control = controls.get(result.checkId);
    if (control === undefined) return [];
    const { resource } = result;
    const haystack = [
      result.checkId,
      control.title,
      resource.id,
      resource.name,
      resource.region,
      resource.accountId,
      result.reason,
      result.reasonCode,
    ]
      .join('\n')
      .toLowerCase();
    return [{ result, control, severity: control.severity, haystack }];
  });
}

async function main(): Promise<void> {
  announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  document.body.append(announcer);
  const rows = rowsOf(await loadPayload());
  const active = rows.filter((r) => r.result.suppressed === undefined);
  const tables: ResultTable[] = [];
  const mount = (name: string, build: (root: HTMLElement) => ResultTable) => {
    const root = document.querySelector<HTMLElement>(`[data-table="${name}"]`);
    if (root === null) return undefined;
    const table = build(root);
    tables.push(table);
    return table;
  };
  const findings = mount(
    'findings',
    (root) =>
      new ResultTable(root, active, {
        name: 'findings',
        caption: 'Findings',
        columns: ['status', 'severity', 'control', 'resource', 'region', 'account', 'reason'],
        filters: true,
      }),
  );
  mount(
    'suppressed',
    (root) =>
      new ResultTable(
        root,
        rows.filter((r) => r.result.suppressed !== undefined),
        {
          name: 'suppressed',
          caption: 'Suppressed results',
          columns: ['status', 'control', 'resource', 'region', 'account', 'suppression'],
          filters: false,
        },
      ),
  );
  mount(
    'not-evaluated',
    (root) =>
      new ResultTable(
        root,
        active.filter((r) => r.result.status === 'NOT_AVAILABLE'),
        {
          name: 'not-evaluated',
          caption: 'Results not evaluated',
          columns: ['control', 'resource', 'region', 'account', 'reason'],
          filters: false,
        },
      ),
  );
  // A matrix cell lists its findings: that control, in that Region or account, every status.
  for (const button of document.querySelectorAll<HTMLButtonElement>('.cell__button')) {
    button.addEventListener('click', () => {
      const { control = '', region = '', account = '' } = button.dataset;
      findings?.setFilters({ control, region, account });
      document.getElementById('findings-title')?.focus();
    });
  }
  window.addEventListener('beforeprint', () => {
    for (const table of tables) table.setPrinting(true);
  });
  window.addEventListener('afterprint', () => {
    for (const table of tables) table.setPrinting(false);
  });
}

void main();
