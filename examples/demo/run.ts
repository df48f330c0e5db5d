/**
 * `npm run demo`: the provider and a small web app that signs in with it, in one process, to see a
 * sign-in end to end. Open the app's address it prints, press "Sign in", create an account (the
 * mailed code is on the provider's development outbox page, /dev/outbox) and come back signed in.
 *
 *   PORT           the provider's port (default 3000); its issuer is http://localhost:PORT
 *   DEMO_APP_PORT  the app's port (default 3001)
 *   DATABASE_URL   default sqlite:./data/demo.db, kept apart from the provider's own database
 */
import { startDemo } from './startDemo.js';

const demo = await startDemo({
  providerPort: Number(process.env.PORT ?? 3000),
  appPort: Number(process.env.DEMO_APP_PORT ?? 3001),
  databaseUrl: process.env.DATABASE_URL ?? 'sqlite:./data/demo.db',
});
process.stdout.write(`\nProvider:  ${demo.issuer}  (mails: ${demo.issuer}/dev/outbox)\nDemo app:  ${demo.appUrl}  <- open this and press "Sign in"\n\nCtrl+C stops both.\n`);
const stop = () => void demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
