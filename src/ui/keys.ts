/** Ink's key report reduced to the keys the UI understands. */
import type { Key } from 'ink';
import type { KeyPress } from './state.js';

const NAMED_KEYS = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['pageUp', 'pageUp'],
  ['pageDown', 'pageDown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'enter'],
  ['escape', 'escape'],
  // Most terminals send DEL for Backspace, which Ink reports as `delete`.
  ['backspace', 'backspace'],
  ['delete', 'backspace'],
] as const satisfies readonly (readonly [keyof Key, KeyPress['name']])[];

const CONTROL_CHARACTERS: Readonly<Record<string, KeyPress>> = {
  '\r': { name: 'enter' },
  '\n': { name: 'enter' },
  // A pasted Windows line end is one grapheme: still one Enter.
  '\r\n': { name: 'enter' },
  // Ctrl-C that arrives in the same chunk as other keys.
  '\u0003': { name: 'interrupt' },
  '\u007f': { name: 'backspace' },
  '\b': { name: 'backspace' },
};

const graphemes = new Intl.Segmenter();

/**
 * The key presses in one input event. Keys typed faster than they are read (or pasted) arrive together
 * as one string, so plain text is taken character by character.
 */
export function toKeyPresses(input: string, key: Key): KeyPress[] {
  // With exitOnCtrlC off, Ctrl-C arrives as input like any other key.
  if (key.ctrl && input === 'c') return [{ name: 'interrupt' }];
  for (const [inkName, name] of NAMED_KEYS) {
    if (key[inkName]) return [{ name }];
  }
  if (key.ctrl || key.meta) return [];
  return Array.from(
    graphemes.segment(input),
    ({ segment }) => CONTROL_CHARACTERS[segment] ?? { name: 'text', text: segment },
  );
}
