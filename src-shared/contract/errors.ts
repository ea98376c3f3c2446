/**
 * The one error type that crosses every boundary (charger client → service → transport → renderer).
 * Raw errors are wrapped into it where they enter, so the renderer only ever sees this shape.
 */
import { z } from 'zod';

/** Every error code Studio can report; the renderer maps each to a user message and severity. */
export const errorCodes = [
  'invalid-request',
  'invalid-address',
  'unknown-method',
  'unknown-charger',
  'charger-refused',
  'charger-timeout',
  'charger-unreachable',
  'not-a-smartevse',
  'charger-rejected-value',
  'unauthorized',
  'internal',
] as const;

export const studioErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
  chargerId: z.string().optional(),
  /** Catalogue key that phrases it in the user's language; `message` is the English fallback. */
  key: z.string().max(64).optional(),
  /** Values the catalogue text fills in (`{range}`, `{mode}`…). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** A failure the user can see: what went wrong, which field, on which charger. */
export type StudioErrorData = z.infer<typeof studioErrorSchema>;
export type StudioErrorCode = StudioErrorData['code'];

/** Thrown inside main and by the client factory; serialised as `StudioErrorData` on the wire. */
export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly field: string | undefined;
  readonly chargerId: string | undefined;
  readonly key: string | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(data: StudioErrorData) {
    super(data.message);
    this.name = 'StudioError';
    this.code = data.code;
    this.field = data.field;
    this.chargerId = data.chargerId;
    this.key = data.key;
    this.params = data.params;
  }

  toJSON(): StudioErrorData {
    const data: StudioErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.chargerId !== undefined) data.chargerId = this.chargerId;
    if (this.key !== undefined) data.key = this.key;
    if (this.params !== undefined) data.params = this.params;
    return data;
  }
}

/** Wraps anything thrown into the contract's error, keeping a StudioError as it is. */
export function toStudioError(error: unknown): StudioError {
  if (error instanceof StudioError) return error;
  const parsed = studioErrorSchema.safeParse(error);
  if (parsed.success) return new StudioError(parsed.data);
  const message = error instanceof Error ? error.message : String(error);
  return new StudioError({ code: 'internal', message: `Unexpected error: ${message}` });
}

/** Turns a zod failure into an `invalid-request` error naming the first offending field. */
export function fromZodError(error: z.ZodError, context: string): StudioError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const where = field ? `${context}: ${field}` : context;
  const data: StudioErrorData = {
    code: 'invalid-request',
    message: `${where}: ${issue?.message ?? 'invalid value'}`,
  };
  // The schema's words stay in `message` (logs, the CLI); the user reads the catalogue's.
  if (field) Object.assign(data, { field, key: 'errInvalidField', params: { field } });
  else data.key = 'errInvalidRequest';
  return new StudioError(data);
}
