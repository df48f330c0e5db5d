/**
 * Pages outside any sign-in: the home page, and the development outbox when mail is not delivered
 * (it exists only when there is an outbox, which settings never allow in production).
 */
import Router from '@koa/router';

import type { DevelopmentOutbox } from '../email/outbox.js';
import type { Views } from './views.js';

export function sitePagesRouter({ views, outbox }: { views: Views; outbox: DevelopmentOutbox | null }): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = views.render('home', {});
  });
  if (outbox) {
    router.get('/dev/outbox', (ctx) => {
      ctx.type = 'html';
      ctx.body = views.render('dev-outbox', { mails: outbox.list() });
    });
  }
  return router;
}
