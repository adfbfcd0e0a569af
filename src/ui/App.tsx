import { useApp, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { Screen } from './components/Screen.js';
import { toKeyPresses } from './keys.js';
import { terminalSizeOf } from './layout.js';
import type { Store } from './store.js';
import { createPalette } from './theme.js';

export interface AppProps {
  store: Store;
  color: boolean;
}

/** Connects the store to Ink: keys and resizes in as actions, state out to the screen, exit when closed. */
export function App({ store, color }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const palette = useMemo(() => createPalette(color), [color]);
  const { exit } = useApp();
  const { stdout } = useStdout();

  const onInput = useCallback(
    (input: string, key: Key) => {
      for (const press of toKeyPresses(input, key)) store.dispatch({ type: 'key', key: press });
    },
    [store],
  );
  // Without a terminal on stdin there are no keys to read (and raw mode would throw).
  useInput(onInput, { isActive: state.keyboard });

  useEffect(() => {
    const onResize = () => {
      store.dispatch({ type: 'resize', size: terminalSizeOf(stdout) });
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, store]);

  // Runs after the closing line has been drawn, so it is the frame Ink leaves on screen.
  useEffect(() => {
    if (state.closing !== undefined) exit();
  }, [state.closing, exit]);

  return <Screen state={state} palette={palette} />;
}
