import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { toKeyPresses } from '../../src/ui/keys.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const pressed = (input: string, flags: Partial<Key> = {}) => toKeyPresses(input, { ...NO_KEY, ...flags });

describe('toKeyPresses', () => {
  it.each([
    ['upArrow', 'up'],
    ['downArrow', 'down'],
    ['pageUp', 'pageUp'],
    ['pageDown', 'pageDown'],
    ['home', 'home'],
    ['end', 'end'],
    ['return', 'enter'],
    ['backspace', 'backspace'],
    ['delete', 'backspace'],
  ] as const)('%s is %s', (flag, name) => {
    expect(pressed('', { [flag]: true })).toEqual([{ name }]);
  });

  it('Escape is escape, although Ink also flags it as meta', () => {
    expect(pressed('', { escape: true, meta: true })).toEqual([{ name: 'escape' }]);
  });

  it('Ctrl-C is an interrupt', () => {
    expect(pressed('c', { ctrl: true })).toEqual([{ name: 'interrupt' }]);
  });

  it('other Ctrl and Alt combinations, and keys without text, are ignored', () => {
    expect(pressed('d', { ctrl: true })).toEqual([]);
    expect(pressed('f', { meta: true })).toEqual([]);
    expect(pressed('', { leftArrow: true })).toEqual([]);
    expect(pressed('', { tab: true })).toEqual([]);
  });

  it('a character is text', () => {
    expect(pressed('j')).toEqual([{ name: 'text', text: 'j' }]);
  });

  it('keys that arrive together are taken one by one, Enter and Backspace included', () => {
    expect(pressed('jj\r')).toEqual([{ name: 'text', text: 'j' }, { name: 'text', text: 'j' }, { name: 'enter' }]);
    expect(pressed('a\u007f')).toEqual([{ name: 'text', text: 'a' }, { name: 'backspace' }]);
  });

  it('a pasted Windows line end is one Enter, and a Ctrl-C among other keys still interrupts', () => {
    expect(pressed('ab\r\n')).toEqual([{ name: 'text', text: 'a' }, { name: 'text', text: 'b' }, { name: 'enter' }]);
    expect(pressed('j\u0003')).toEqual([{ name: 'text', text: 'j' }, { name: 'interrupt' }]);
  });

  it('keeps composed characters whole', () => {
    expect(pressed('é👍🏽')).toEqual([
      { name: 'text', text: 'é' },
      { name: 'text', text: '👍🏽' },
    ]);
  });
});
