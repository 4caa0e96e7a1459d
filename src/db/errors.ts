/** The SQLSTATE of a database error, whichever driver raised it and however drizzle wrapped it. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const SqlState = {
  UniqueViolation: '23505',
  DeadlockDetected: '40P01',
  SerializationFailure: '40001',
  QueryCanceled: '57014',
  /** A NUL byte in a text parameter. */
  CharacterNotInRepertoire: '22021',
  /** `\u0000` in JSON cast to jsonb. */
  UntranslatableCharacter: '22P05',
  /** A parameter that does not parse as its type, such as JSON with an unpaired surrogate escape. */
  InvalidTextRepresentation: '22P02',
} as const;
