import { z } from 'zod';
import { DEFAULT_OPTIONS } from '../../core/analysis/analyze.ts';
import { ADJUST_METHODS } from '../../core/analysis/types.ts';
import { renderReport, REPORT_FORMATS } from '../../services/report/render.ts';
import { defineRoute, type RouteDef } from '../route.ts';

export const reportRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/analysis/report',
    access: 'analysis.read',
    tag: 'analysis',
    summary:
      'The outcome report of the study as a self-contained HTML page or an A4 PDF (printed by Chromium), in ' +
      'English or French, downloaded as an attachment',
    query: z.object({
      format: z.enum(REPORT_FORMATS).default('html'),
      lang: z.enum(['en', 'fr']).default('en'),
      adjust: z.enum(ADJUST_METHODS).default('holm'),
    }),
    async handler({ db, query, reply, request }) {
      // The analysis on its worker thread, like GET /api/analysis; the PDF is printed by Chromium, out of process.
      const result = await request.server.manusAnalysis.analyze(db, {
        ...DEFAULT_OPTIONS,
        adjust: query.adjust,
      });
      const file = await renderReport(result, query.format, query.lang);
      reply.type(file.contentType);
      reply.header('content-disposition', `attachment; filename="${file.filename}"`);
      return file.body;
    },
  }),
];
