/** Text shaping for fixed-width terminal lines. Pure. */

export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${count} ${count === 1 ? singular : pluralForm}`;

/** Seconds with one decimal under a minute, then minutes and seconds. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
}

/** Splits on spaces; a word longer than the width is cut into width-sized pieces. */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (line !== '' && line.length + 1 + word.length <= limit) {
        line += ` ${word}`;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      while (line.length > limit) {
        lines.push(line.slice(0, limit));
        line = line.slice(limit);
      }
    }
    lines.push(line);
  }
  return lines;
}

type Quote = "'" | '"' | undefined;

/** A character as a POSIX shell reads it, and whether it leaves the shell inside quotes. */
interface ShellUnit {
  text: string;
  quoteAfter: Quote;
}

/** Characters, each backslash kept with the one it escapes (outside single quotes, where it is literal). */
function shellUnits(text: string): ShellUnit[] {
  const chars = Array.from(text);
  const units: ShellUnit[] = [];
  let quote: Quote;
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    if (char === '\\' && quote !== "'" && index + 1 < chars.length) {
      index += 1;
      units.push({ text: char + (chars[index] ?? ''), quoteAfter: quote });
      continue;
    }
    if (char === quote) quote = undefined;
    else if (quote === undefined && (char === "'" || char === '"')) quote = char;
    units.push({ text: char, quoteAfter: quote });
  }
  return units;
}

/** Shell words: quoted or escaped spaces do not separate them. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: Quote;
  for (const unit of shellUnits(command)) {
    if (unit.text === ' ' && quote === undefined) {
      if (word !== '') words.push(word);
      word = '';
    } else {
      word += unit.text;
    }
    quote = unit.quoteAfter;
  }
  if (word !== '') words.push(word);
  return words;
}

const CONTINUATION = ' \\';
const CONTINUATION_INDENT = '  ';

/** What ends a line broken inside a word: a single quote would make the backslash literal, so it closes first. */
const breakMarker = (quote: Quote): string => (quote === "'" ? "'\\" : '\\');

/**
 * Cuts a word wider than the line into pieces joined by backslash-newline, which a POSIX shell removes
 * before it reads words; inside single quotes the quote is closed before the break and reopened after it.
 * Pieces after the first start at the margin: spaces there would split the word.
 */
function breakWord(word: string, prefix: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = prefix;
  let quote: Quote;
  for (const unit of shellUnits(word)) {
    // Room is kept for whatever may end the line: a break marker, or the continuation before the next word.
    const fits = piece.length + unit.text.length + CONTINUATION.length <= width;
    if (!fits && piece.trim() !== '') {
      pieces.push(piece + breakMarker(quote));
      piece = quote === "'" ? "'" : '';
    }
    piece += unit.text;
    quote = unit.quoteAfter;
  }
  pieces.push(piece);
  return pieces;
}

/**
 * A shell command laid out to fit the width without changing what it runs: it breaks between words with
 * a trailing backslash, and inside a word only when that word alone is wider than a line, so the lines
 * still paste into a shell as the one command.
 */
export function wrapCommand(command: string, width: number): string[] {
  if (command.length <= width) return [command];
  const lines: string[] = [];
  let line = '';
  for (const word of shellWords(command)) {
    const startsLine = line.trim() === '';
    const joined = startsLine ? line + word : `${line} ${word}`;
    if (joined.length + CONTINUATION.length <= width) {
      line = joined;
      continue;
    }
    if (!startsLine) {
      lines.push(line + CONTINUATION);
      line = CONTINUATION_INDENT;
    }
    const pieces = breakWord(word, line, width);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
  }
  lines.push(line);
  return lines;
}

/** JSON on one line with unquoted keys: evidence meant to be read, not parsed. */
export function compactJson(value: unknown): string {
  const json = JSON.stringify(value, null, 1) as string | undefined;
  if (json === undefined) return String(value);
  // Raw newlines only come from the indentation (JSON escapes those inside strings).
  return json
    .replace(/([[{])\n\s*/g, '$1')
    .replace(/\n\s*([\]}])/g, '$1')
    .replace(/\n\s*/g, ' ')
    .replace(/"([A-Za-z_$][\w$]*)": /g, '$1: ');
}

/** The message of whatever a failed scan rejected with. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
