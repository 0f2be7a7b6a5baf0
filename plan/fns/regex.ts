// Java-flavoured regular expressions and SQL LIKE patterns as cached JS RegExps.
import { TidemarkError } from '../../common/errors';

const cache = new Map<string, RegExp>();

/**
 * A JS RegExp for a Java/Spark regex. Leading inline flags ((?i), (?s), (?m)) become JS flags;
 * 'g' is always on (callers reset lastIndex). Invalid patterns throw INVALID_REGEX.
 * @example javaRegex('(?i)ab+').test('ABB') === true
 */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) {
    re.lastIndex = 0;
    return re;
  }
  let src = pattern;
  let flags = 'gu';
  const m = /^\(\?([imsx]+)\)/.exec(src);
  if (m !== null) {
    src = src.slice(m[0].length);
    for (const f of m[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
  }
  try {
    re = new RegExp(src, flags);
  } catch {
    try {
      re = new RegExp(src, flags.replace('u', ''));
    } catch (e) {
      throw new TidemarkError('INVALID_REGEX', 'user', `Invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}. ` +
        'Note: fix the pattern; tidemark runs Java-style regexes on the JavaScript engine, so possessive quantifiers and \\Q…\\E are not supported.', { cause: e });
    }
  }
  if (cache.size > 512) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Number of capture groups in a regex. */
export function groupCount(re: RegExp): number {
  return new RegExp(re.source + '|', re.flags.replace('g', '')).exec('')!.length - 1;
}

const likeCache = new Map<string, RegExp>();

/**
 * SQL LIKE pattern to an anchored RegExp: % any run, _ one character, `escape` quotes the next character.
 * @example likeRegex('a\\_%').test('a_bc') === true
 */
export function likeRegex(pattern: string, escape = '\\'): RegExp {
  const key = escape + '\u0000' + pattern;
  let re = likeCache.get(key);
  if (re !== undefined) return re;
  let src = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === escape) {
      const next = chars[++i];
      if (next === undefined) {
        throw new TidemarkError('INVALID_LIKE_PATTERN', 'user', `Invalid LIKE pattern ${JSON.stringify(pattern)}: it ends with the escape character. ` +
          'Note: escape a literal backslash as \\\\.');
      }
      src += escapeRegex(next);
    } else if (c === '%') src += '[^]*';
    else if (c === '_') src += '.';
    else src += escapeRegex(c);
  }
  re = new RegExp(src + '$', 'su');
  if (likeCache.size > 512) likeCache.clear();
  likeCache.set(key, re);
  return re;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const replCache = new Map<string, string>();

/** Java replacement syntax ($1, ${name}, \$) to JS replacement syntax. */
export function javaReplacement(rep: string): string {
  let out = replCache.get(rep);
  if (out !== undefined) return out;
  out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      out += n === '$' ? '$$' : n;
    } else if (c === '$') {
      const named = /^\$\{([A-Za-z][A-Za-z0-9]*)\}/.exec(rep.slice(i));
      const num = /^\$(\d+)/.exec(rep.slice(i));
      if (named !== null) { out += `$<${named[1]}>`; i += named[0].length - 1; }
      else if (num !== null) { out += num[0]; i += num[0].length - 1; }
      else out += '$$';
    } else out += c;
  }
  if (replCache.size > 512) replCache.clear();
  replCache.set(rep, out);
  return out;
}
