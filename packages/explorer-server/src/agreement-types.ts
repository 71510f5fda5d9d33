/**
 * The schemas of the explorer's agreement report (`GET /api/studies/:id/agreement/report`):
 * the tables `iwa agreement` prints, computed by the same services function, with the measure,
 * spans, coders and bootstrap each table was computed under. Self-contained (api-types.ts
 * re-exports this file, so it cannot import from it).
 */
import { z } from 'zod';

/** What is measured, as `iwa agreement --measure`. */
export const AgreementMeasure = z.enum(['presence', 'family', 'code-set', 'unitizing']);
export type AgreementMeasure = z.infer<typeof AgreementMeasure>;

/** Which units count, as `iwa agreement --spans`. */
export const AgreementSpans = z.enum(['all', 'both-coded']);
export type AgreementSpans = z.infer<typeof AgreementSpans>;

const ReportInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const Share = z
  .string()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/, 'a share between 0 and 1, such as 0.5');

/**
 * `GET /api/studies/:id/agreement/report` query: the options of `iwa agreement`. `coders` is a
 * comma-separated list (default every coder); `ci=1` adds bootstrap intervals (`resamples`,
 * `seed`) with P(α < each of `minimums`, comma-separated). Unknown coders and families are
 * refused by the services check, with a did-you-mean.
 */
export const AgreementReportQuery = z
  .strictObject({
    coders: z
      .string()
      .max(5000)
      .transform((s) => [...new Set(s.split(',').map((c) => c.trim()))].filter((c) => c !== ''))
      .pipe(z.array(z.string().min(1).max(100)).min(1, 'name at least one coder').max(100))
      .optional(),
    family: z.string().min(1).max(100).optional(),
    unit: z.enum(['segment', 'character']).default('segment'),
    minOverlap: Share.transform(Number)
      .pipe(z.number().gt(0, 'must be more than 0').max(1))
      .optional(),
    spans: AgreementSpans.default('all'),
    measure: AgreementMeasure.default('presence'),
    ci: z
      .enum(['0', '1', 'false', 'true'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
    resamples: ReportInt(1, 20000).default(1000),
    seed: ReportInt(0, 2_000_000_000).default(1),
    minimums: z
      .string()
      .max(200)
      .regex(/^(0?\.\d{1,6}|0|1)(,(0?\.\d{1,6}|0|1))*$/, 'shares such as 0.667,0.8')
      .transform((s) => s.split(',').map(Number))
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.unit === 'character' && q.minOverlap !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['minOverlap'],
        message: 'applies only to unit=segment (characters are not aligned into units)',
      });
    }
  });
export type AgreementReportQuery = z.output<typeof AgreementReportQuery>;

/** A table cell: a number, text, or null for an undefined value (see the table's notes). */
export const AgreementReportCell = z.union([z.string(), z.number(), z.null()]);
export type AgreementReportCell = z.infer<typeof AgreementReportCell>;

/** One table as `iwa agreement` prints it: the settings it was computed under, header, rows. */
export const AgreementReportTable = z.object({
  title: z.string(),
  /** Measure, unit, spans, coders, family and bootstrap: the table's header line. */
  settings: z.string(),
  header: z.array(z.string()),
  rows: z.array(z.array(AgreementReportCell)),
  /** Why a value is undefined, once per reason. */
  notes: z.array(z.string()),
});
export type AgreementReportTable = z.infer<typeof AgreementReportTable>;

/** `GET /api/studies/:id/agreement/report`: the tables and their CSV (as `iwa agreement --csv`). */
export const AgreementReportResponse = z.object({
  studyCoders: z.array(z.string()),
  coders: z.array(z.string()),
  measure: AgreementMeasure,
  unit: z.enum(['segment', 'character']),
  spans: AgreementSpans,
  family: z.string().nullable(),
  tables: z.array(AgreementReportTable),
  csv: z.string(),
});
export type AgreementReportResponse = z.infer<typeof AgreementReportResponse>;
