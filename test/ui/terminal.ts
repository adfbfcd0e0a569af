/**
 * Stand-ins for a terminal's streams, with a size: ink-testing-library always renders 100 columns wide,
 * and the session tests need to own the streams they hand to `runTui`.
 */
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { TerminalSize } from '../../src/ui/layout.js';

export class FakeOutput extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly writes: string[] = [];

  constructor(size: TerminalSize) {
    super();
    this.columns = size.columns;
    this.rows = size.rows;
  }

  write = (chunk: string): boolean => {
    this.writes.push(chunk);
    return true;
  };

  resize(size: TerminalSize): void {
    this.columns = size.columns;
    this.rows = size.rows;
    this.emit('resize');
  }

  /** Everything written, without escape sequences. */
  text(): string {
    return stripVTControlCharacters(this.writes.join(''));
  }

  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}

export class FakeInput extends EventEmitter {
  /** As Node reports it: true for a terminal, undefined for a pipe or a file. */
  readonly isTTY: true | undefined;
  private pending: string | null = null;

  constructor(isTTY: true | undefined) {
    super();
    this.isTTY = isTTY;
  }

  static terminal(): FakeInput {
    return new FakeInput(true);
  }

  static pipe(): FakeInput {
    return new FakeInput(undefined);
  }

  /** Types into the terminal, as one chunk. */
  type(data: string): void {
    this.pending = data;
    this.emit('readable');
  }

  read = (): string | null => {
    const data = this.pending;
    this.pending = null;
    return data;
  };

  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  asStream(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}

/** Whether the cursor is visible after these writes: shown again if it was ever hidden. */
export function cursorLeftShown(writes: readonly string[]): boolean {
  const all = writes.join('');
  return all.lastIndexOf('\u001B[?25l') <= all.lastIndexOf('\u001B[?25h');
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
} as const;

/** Renders a tree in a terminal of the given size, each frame written whole (Ink's debug mode). */
export function renderIn(size: TerminalSize, tree: ReactElement) {
  const stdout = new FakeOutput(size);
  const stdin = FakeInput.terminal();
  const instance = render(tree, {
    stdout: stdout.asStream(),
    stdin: stdin.asStream(),
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // Skips writes with nothing to see, such as showing the cursor again.
  const lastFrame = () => stdout.writes.map(stripVTControlCharacters).findLast((text) => text.trim() !== '') ?? '';
  return { ...instance, stdout, stdin, lastFrame };
}

/** A frame's lines without trailing padding. */
export const linesOf = (frame: string | undefined): string[] =>
  stripVTControlCharacters(frame ?? '')
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.trimEnd());

/** Lets Ink read input and render: its input and its renders run on later turns of the event loop. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
