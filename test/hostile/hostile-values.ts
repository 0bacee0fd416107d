/** Values no field of ours expects, or only a free-text one: each replaces a field in turn. */
export const hostileValues: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 12345],
  ['a boolean', true],
  ['an object', { nested: { deeper: 1 } }],
  ['an operator object', { $gt: '' }],
  ['an array', ['a', 'b']],
  ['a huge array', Array.from({ length: 5000 }, (_, i) => i)],
  ['a 60 KB string', 'x'.repeat(60_000)],
  ['NUL and control characters', 'a\u0000b\u0007c'],
  ['unicode and emoji', 'Ünïcødé 💥 \u202e RTL'],
  ['a lone surrogate', '\ud800'],
  ['SQL', "' OR 1=1; DROP TABLE accounts; --"],
];

export interface FieldMutation {
  label: string;
  field: string;
  /** The hostile value put in `field`; absent when the field was removed. */
  value?: unknown;
  removed: boolean;
  data: Record<string, unknown>;
}

/** `sample` with each field in turn replaced by every hostile value, then removed. */
export function* fieldMutations(sample: Record<string, unknown>): Generator<FieldMutation> {
  for (const field of Object.keys(sample)) {
    for (const [label, value] of hostileValues)
      yield { label: `${field} as ${label}`, field, value, removed: false, data: { ...sample, [field]: value } };
    const { [field]: _removed, ...missing } = sample;
    yield { label: `${field} missing`, field, removed: true, data: missing };
  }
}
