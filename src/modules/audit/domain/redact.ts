export const REDACTED = '[REDACTED]';

/** Names of fields that hold secrets: passwords, their hashes, tokens, keys and webhook or mailbox secrets. */
const SECRET_NAME = /(pass(word|wd|phrase)?|secret|token|hash|api[-_]?key|private[-_]?key|credential|salt)/i;

/**
 * A JSON copy of `value` with every secret-named field replaced by a marker, at any depth. A boolean or null under
 * such a name says only whether a secret is set (`passwordSet: true`) and is kept.
 */
export function redactSecrets(value: unknown): unknown {
  return redact(toJson(value));
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const keep = field === null || typeof field === 'boolean';
    out[key] = SECRET_NAME.test(key) && !keep ? REDACTED : redact(field);
  }
  return out;
}

/** Dates become ISO strings, undefined fields vanish, as they would in the stored jsonb. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}
