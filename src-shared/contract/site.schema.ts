/**
 * A site an installer commissions: the customer, the address, free notes and the chargers that
 * belong to it. Kept in `sites.json` (versioned, written atomically) and printed on the report.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max);

export const siteInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
    name: text(120).min(1, 'give the site a name'),
    customer: text(120),
    address: text(400),
    notes: text(4000),
    /** The chargers of this site, as last picked for its report. */
    chargerIds: z.array(z.string().min(1).max(200)).max(1000),
  })
  .strict();
export type SiteInput = z.infer<typeof siteInputSchema>;

export const siteSchema = siteInputSchema.required({ id: true }).extend({ updatedMs: z.number() });
export type Site = z.infer<typeof siteSchema>;
