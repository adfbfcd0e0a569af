/** Lone UTF-16 surrogates: valid in a JavaScript string (and in JSON escapes), but not text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const hasLoneSurrogate = (text: string): boolean => text.search(LONE_SURROGATE) !== -1;

/** The text with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder would. */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');
