import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { initialState } from '../../src/ui/state.js';
import { createStore } from '../../src/ui/store.js';
import { mixedInventory, reportOf } from '../fixtures/report.js';
import { NARROW, T0, WIDE, progressEvents } from './scan-fixtures.js';
import { KEYS, cursorLeftShown, linesOf, renderIn, settle } from './terminal.js';

const report = reportOf(mixedInventory());

function session() {
  const store = createStore(initialState(T0, NARROW, true));
  const terminal = renderIn(NARROW, <App store={store} color={false} />);
  for (const event of progressEvents(report)) store.dispatch({ type: 'scanEvent', event });
  store.dispatch({ type: 'scanCompleted', report });
  return { store, ...terminal };
}

const browse = (store: ReturnType<typeof createStore>) => {
  const { phase } = store.getState();
  if (phase.kind !== 'results') throw new Error('no results');
  return phase.browse;
};

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
});

describe('App', () => {
  it('draws the store and redraws when it changes', async () => {
    const app = session();
    unmount = app.unmount;
    await settle();
    expect(app.lastFrame()).toContain('Showing failed only: 5 of 14 results · grouped by severity');
  });

  it('turns the keys typed into actions', async () => {
    const app = session();
    unmount = app.unmount;
    await settle();
    app.stdin.type('f');
    await settle();
    app.stdin.type(KEYS.end);
    await settle();
    expect(browse(app.store)).toMatchObject({ filter: 'all', cursor: 13 });
    app.stdin.type(KEYS.enter);
    await settle();
    expect(browse(app.store).pane).toBe('detail');
    app.stdin.type(KEYS.escape);
    await settle();
    expect(browse(app.store).pane).toBe('list');
    expect(app.lastFrame()).toContain('14/14  ↑↓ move');
  });

  it('understands the escape sequences terminals send for the navigation keys', async () => {
    const app = session();
    unmount = app.unmount;
    await settle();
    app.stdin.type('f');
    const cursorAfter = async (sequence: string) => {
      app.stdin.type(sequence);
      await settle();
      return browse(app.store).cursor;
    };
    expect(await cursorAfter(KEYS.down)).toBe(1);
    expect(await cursorAfter(KEYS.pageDown)).toBe(13);
    expect(await cursorAfter(KEYS.up)).toBe(12);
    expect(await cursorAfter(KEYS.home)).toBe(0);
    expect(await cursorAfter(KEYS.end)).toBe(13);
    expect(await cursorAfter(KEYS.pageUp)).toBe(0);
  });

  it('takes keys typed faster than they are read one by one', async () => {
    const app = session();
    unmount = app.unmount;
    await settle();
    app.stdin.type('jj');
    await settle();
    expect(browse(app.store).cursor).toBe(2);
  });

  it('follows the terminal when it is resized', async () => {
    const app = session();
    unmount = app.unmount;
    await settle();
    app.stdout.resize(WIDE);
    await settle();
    expect(app.store.getState().terminal).toEqual(WIDE);
    expect(linesOf(app.lastFrame())).toContainEqual(
      expect.stringMatching(/^› ✗ FAIL {2}CloudTrail\.6 {2}Ensure the S3 bucket used to store CloudTrail logs is not /),
    );
  });

  it('exits once closed, leaving the closing line as its last frame and the cursor shown', async () => {
    const app = session();
    await settle();
    app.stdin.type('q');
    await app.waitUntilExit();
    expect(linesOf(app.lastFrame()).at(-1)).toBe(
      '✗ 5 FAIL · ✓ 9 PASS — FAILED, exit 3: 5 failed results at or above low',
    );
    expect(cursorLeftShown(app.stdout.writes)).toBe(true);
  });
});
