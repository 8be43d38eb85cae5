/**
 * Text from model files (layer names) placed in C++ comments. Only letters,
 * digits, space and `_ . , : + -` pass; everything else becomes `_`. So no
 * newline, backslash (a `//` comment continues past a trailing one), `?`
 * (trigraphs), `*` or `/` (comment delimiters), quotes, parentheses, `#` or
 * `;` ever reach the output: a comment cannot end early or carry anything
 * that reads as code.
 */
const UNSAFE = /[^A-Za-z0-9 _.,:+-]/g;

export function commentText(s: string, max = 80): string {
  const t = s.normalize('NFKD').replace(UNSAFE, '_');
  return t.length > max ? `${t.slice(0, max)}...` : t;
}
