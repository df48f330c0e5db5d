/**
 * Two provider processes behind one load balancer, on one MongoDB database, with the same public
 * issuer: keys, sessions, interactions, ceremonies, codes and tokens live in the store, so either
 * instance can serve any request. The load balancer here is in the test process and sends each
 * request to the instance the test chooses; the browser and the app only ever see the issuer.
 */
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { BrowserSession } from '../support/browserSession.js';
import { startLoadBalancer, type LoadBalancer } from '../support/loadBalancer.js';
import { signInWithPasskey, signUpByMail } from '../support/mailedJourneys.js';
import { describeWithMongo } from '../support/mongoServer.js';
import { registerClient, RelyingApp } from '../support/relyingApp.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

const ONE = 0;
const TWO = 1;

describeWithMongo('two provider instances on one MongoDB database', (server) => {
  let smtp: SmtpCapture;
  let balancer: LoadBalancer;
  let instances: ServerProcess[] = [];
  let store: Store;
  let app: RelyingApp;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    balancer = await startLoadBalancer();
    const databaseUrl = server().databaseUrl('two_instances');
    const env = { IDP_ISSUER: balancer.url, DATABASE_URL: databaseUrl };
    // Started together on an empty database: both create collections and race to create the keys.
    instances = await Promise.all([startServerProcess({ smtpUrl: smtp.url, env }), startServerProcess({ smtpUrl: smtp.url, env })]);
    balancer.setBackends(instances.map((instance) => instance.url));
    store = await openStore(databaseUrl);
    balancer.routeTo(ONE);
    app = await RelyingApp.discover(balancer.url, await registerClient(store));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await store?.close();
    await balancer?.close();
    await smtp?.close();
  }, 120_000);

  it('serves the same signing keys from both instances, though both started at once on an empty database', async () => {
    const [first, second] = await Promise.all(instances.map(async (instance) => (await fetch(`${instance.url}/jwks`)).json()));
    expect(first.keys.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    const discovered = await Promise.all(instances.map(async (instance) => (await fetch(`${instance.url}/.well-known/openid-configuration`)).json()));
    expect(discovered.map((document) => document.issuer)).toEqual([balancer.url, balancer.url]);
  });

  it('signs up through instance 1, signs in through instance 2, redeems the code at 1 and refreshes at 2', async () => {
    const authenticator = new SoftAuthenticator();
    const served = () => [...balancer.served];

    balancer.routeTo(ONE);
    const before = served();
    const signUp = await app.startSignIn();
    const signedUp = await app.finishSignIn(
      (await signUpByMail(smtp, new BrowserSession(balancer.url), authenticator, signUp.url, 'ada@example.com')).location!, signUp,
    );
    const sub = signedUp.claims()!.sub;
    expect(served()[TWO]).toBe(before[TWO]);

    // A fresh browser, so nothing but the passkey carries over: the ceremony's challenge, the
    // interaction and the session are all made by instance 2.
    balancer.routeTo(TWO);
    const browser = new BrowserSession(balancer.url);
    const signIn = await app.startSignIn({ scope: 'openid email profile offline_access', prompt: 'consent' });
    const callback = await signInWithPasskey(browser, authenticator, signIn.url);
    const afterSignIn = served();
    expect(afterSignIn[TWO]).toBeGreaterThan(before[TWO]! + 3);

    balancer.routeTo(ONE);
    const tokens = await app.finishSignIn(callback.location!, signIn);
    expect(tokens.claims()!.sub).toBe(sub);
    expect(tokens.refresh_token).toBeTruthy();
    expect(served()[ONE]).toBeGreaterThan(afterSignIn[ONE]!);

    balancer.routeTo(TWO);
    const refreshed = await app.refresh(tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(await app.userinfo(refreshed.access_token, sub)).toMatchObject({ sub, email: 'ada@example.com', email_verified: true });

    // The rotation made at 2 is known at 1: the old refresh token is spent everywhere.
    balancer.routeTo(ONE);
    await expect(app.refresh(tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps a session made at one instance at the other: the next sign-in there asks nothing', async () => {
    const authenticator = new SoftAuthenticator();
    const browser = new BrowserSession(balancer.url);
    balancer.routeTo(TWO);
    const first = await app.startSignIn();
    const { sub } = (await app.finishSignIn((await signUpByMail(smtp, browser, authenticator, first.url, 'grace@example.com')).location!, first)).claims()!;

    balancer.routeTo(ONE);
    const again = await app.startSignIn();
    const hop = await browser.follow(again.url, 'https://app.example');
    expect(hop.location).toMatch(/^https:\/\/app\.example\/callback\?code=/);
    expect((await app.finishSignIn(hop.location!, again)).claims()!.sub).toBe(sub);
  });
});
