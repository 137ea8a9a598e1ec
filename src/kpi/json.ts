/**
 * A strict JSON reader that keeps numbers as their source text, so a value
 * such as 12.345678901234567 is not rounded through a binary float
 * (JSON.parse would). Bounded: size, nesting depth and element count, so a
 * hostile file is refused with a Swedish message instead of exhausting memory
 * or the stack.
 */
import { DomainError } from '../kernel/errors.ts';

/** A JSON number as written in the file. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
  maxNodes: number;
}

export const DEFAULT_LIMITS: JsonLimits = { maxBytes: 20 * 1024 * 1024, maxDepth: 32, maxNodes: 2_000_000 };

const bad = (message: string) => new DomainError('invalid-json', message);

export function parseJsonExact(text: string, limits: JsonLimits = DEFAULT_LIMITS): JsonValue {
  if (typeof text !== 'string') throw bad('Filen är inte text.');
  if (text.length > limits.maxBytes) throw bad(`Filen är för stor (mer än ${Math.round(limits.maxBytes / 1024 / 1024)} MB).`);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark
  let nodes = 0;
  const where = () => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return `rad ${line}, tecken ${i - before.lastIndexOf('\n')}`;
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const count = () => {
    if (++nodes > limits.maxNodes) throw bad(`Filen har för många värden (mer än ${limits.maxNodes}).`);
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    while (true) {
      if (i >= text.length) throw bad(`En textsträng tar aldrig slut (${where()}).`);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) throw bad(`Otillåtet kontrolltecken i en textsträng (${where()}).`);
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw bad(`Ogiltig escape-sekvens i en textsträng (${where()}).`);
        start = i;
        continue;
      }
      i++;
    }
  };
  const num = (): JsonNumber => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length >= 400) throw bad(`Ogiltigt tal (${where()}).`);
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const value = (depth: number): JsonValue => {
    if (depth > limits.maxDepth) throw bad(`Filen är för djupt nästlad (mer än ${limits.maxDepth} nivåer).`);
    ws();
    count();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = Object.create(null);
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      while (true) {
        ws();
        if (text[i] !== '"') throw bad(`Ett fältnamn väntades (${where()}).`);
        const key = str();
        ws();
        if (text[i] !== ':') throw bad(`Kolon väntades efter fältnamnet "${key.slice(0, 40)}" (${where()}).`);
        i++;
        obj[key] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        throw bad(`Komma eller } väntades (${where()}).`);
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      while (true) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        throw bad(`Komma eller ] väntades (${where()}).`);
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return num();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    throw bad(i >= text.length ? 'Filen tar slut mitt i ett värde.' : `Oväntat tecken "${text.slice(i, i + 1)}" (${where()}).`);
  };
  ws();
  if (i >= text.length) throw bad('Filen är tom.');
  const result = value(0);
  ws();
  if (i < text.length) throw bad(`Oväntad text efter JSON-värdet (${where()}).`);
  return result;
}

export const isObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
