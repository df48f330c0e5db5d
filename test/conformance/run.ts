/**
 * `npm run conformance`: runs the OpenID Foundation conformance suite's Basic OP, Config OP,
 * RP-Initiated Logout OP and Back-Channel Logout OP plans against this provider and prints each
 * module's result. The suite runs elsewhere (CONFORMANCE_SERVER, default https://localhost:8443); this
 * starts the provider on https://localhost (a throw-away certificate), registers the suite's apps, creates the plans through the
 * suite's API and plays the person with Chromium and a virtual passkey authenticator.
 *
 *   CONFORMANCE_SERVER  base URL of a running suite (its fintechlabs.base_url)
 *   CONFORMANCE_CA      PEM file of the suite's TLS certificate, when it is self-signed: trusted for the
 *                       API calls and for the provider's back-channel logout requests to the suite
 *   CONFORMANCE_PLANS   comma-separated plan names, to run fewer (default: all four)
 *   CONFORMANCE_MODULES comma-separated module names, to run fewer
 *
 * Exit code 0 when every module ran to a result; the results are for a person to read.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { launchChromium } from '../support/chromium.js';
import { startTestProvider } from '../support/testProvider.js';
import { conformancePerson, type ConformancePerson } from './person.js';
import { ALIAS, PLANS, registerSuiteApps } from './plans.js';
import { publicKeyPin, throwAwayCertificate } from './tls.js';
import { suiteApi, type ModuleResult, type PlanModule, type SuiteApi } from './suiteApi.js';

const server = (process.env.CONFORMANCE_SERVER ?? 'https://localhost:8443').replace(/\/$/, '');

// Node reads extra CA certificates only at start: run again with the suite's certificate trusted.
if (process.env.CONFORMANCE_CA && process.env.NODE_EXTRA_CA_CERTS !== process.env.CONFORMANCE_CA) {
  const again = spawnSync(process.execPath, process.argv.slice(1), {
    stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: process.env.CONFORMANCE_CA },
  });
  process.exit(again.status ?? 1);
}

const MODULE_MS = 240_000;
/** How long a module waits, with nothing left for the browser, before it is given a screenshot it asked for. */
const SCREENSHOT_AFTER_MS = 5_000;
/** How long a module may wait with nothing left to do before it is stopped (the code-reuse module sleeps 30 s). */
const IDLE_MS = 60_000;

interface ModuleReport {
  plan: string;
  module: string;
  result: ModuleResult | 'STOPPED';
  notes: string[];
}

async function runModule(api: SuiteApi, person: ConformancePerson, planId: string, module: PlanModule): Promise<ModuleReport> {
  await person.forgetSession();
  const id = await api.createModule(planId, module);
  const notes: string[] = [];
  const started = Date.now();
  let lastStep = Date.now();
  const report = async (result: ModuleReport['result']) => ({ plan: planId, module: module.testModule, result, notes: [...notes, ...await problems(api, id)] });
  for (;;) {
    const info = await api.info(id);
    if (info.status === 'FINISHED' || info.status === 'INTERRUPTED') return report(info.result ?? 'UNKNOWN');
    const urls = info.status === 'WAITING' ? await api.browserUrls(id) : [];
    for (const url of urls) {
      await api.markVisited(id, url);
      const outcome = await person.visit(url);
      if (outcome.ended !== 'suite') notes.push(`browser stopped (${outcome.ended}): ${outcome.detail}`);
      lastStep = Date.now();
    }
    if (info.status !== 'WAITING') lastStep = Date.now();
    const waiting = Date.now() - lastStep;
    if (waiting > SCREENSHOT_AFTER_MS) {
      // A module that wants evidence of a page it cannot see (our sign-in page for prompt=login and
      // max_age, or a refusal page) waits for a screenshot: the first page of ours the last visit led to.
      const placeholders = (await api.log(id)).filter((entry) => entry.upload).map((entry) => entry.upload!);
      const screenshot = person.firstPageOfOurs();
      if (placeholders.length > 0 && screenshot) {
        for (const placeholder of placeholders) await api.uploadScreenshot(id, placeholder, screenshot);
        notes.push(`screenshot of our page uploaded for review (${placeholders.length})`);
        lastStep = Date.now();
      }
    }
    if (waiting > IDLE_MS || Date.now() - started > MODULE_MS) {
      await api.stop(id);
      notes.push(waiting > IDLE_MS ? 'stopped: it waited for a browser with nothing left to visit' : 'stopped: ran out of time');
      return report('STOPPED');
    }
    await sleep(1000);
  }
}

/** The failures and warnings a module logged, one line each. */
async function problems(api: SuiteApi, id: string): Promise<string[]> {
  const log = await api.log(id).catch(() => []);
  return log.filter((entry) => entry.result === 'FAILURE' || entry.result === 'WARNING')
    .map((entry) => `${entry.result}: ${entry.src ?? ''}: ${entry.msg ?? ''}`);
}

async function main(): Promise<void> {
  const wantedPlans = process.env.CONFORMANCE_PLANS?.split(',').map((s) => s.trim()).filter(Boolean);
  const wantedModules = process.env.CONFORMANCE_MODULES?.split(',').map((s) => s.trim()).filter(Boolean);
  const tls = throwAwayCertificate();
  const provider = await startTestProvider({ tls });
  const pins = [tls.cert, ...(process.env.CONFORMANCE_CA ? [readFileSync(process.env.CONFORMANCE_CA, 'utf8')] : [])].map(publicKeyPin);
  const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${pins.join(',')}`]);
  const person = await conformancePerson(browser, provider, server);
  const api = suiteApi(server);
  const reports: ModuleReport[] = [];
  try {
    console.log(`provider ${provider.issuer}, suite ${server}`);
    for (const plan of PLANS.filter((p) => !wantedPlans || wantedPlans.includes(p.name))) {
      const clients = await registerSuiteApps(provider.store, server, plan);
      const config = {
        alias: ALIAS,
        description: `Passkey ID at ${provider.issuer}`,
        server: { discoveryUrl: `${provider.issuer}/.well-known/openid-configuration` },
        ...clients,
      };
      const created = await api.createPlan(plan.name, plan.variant, config);
      console.log(`\n${plan.profile} (${plan.name}): plan ${created.id}`);
      for (const module of created.modules.filter((m) => !wantedModules || wantedModules.includes(m.testModule))) {
        const report = await runModule(api, person, created.id, module).catch((error: Error) => (
          { plan: created.id, module: module.testModule, result: 'STOPPED' as const, notes: [error.message] }));
        reports.push(report);
        console.log(`  ${report.result.padEnd(8)} ${report.module}${module.variant?.client_auth_type ? ` [${module.variant.client_auth_type}]` : ''}`);
        for (const note of report.notes) console.log(`           ${note.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }
  } finally {
    await person.close().catch(() => {});
    await browser.close();
    await provider.close();
  }
  const count = (result: string) => reports.filter((r) => r.result === result).length;
  console.log(`\n${reports.length} modules: ${count('PASSED')} passed, ${count('WARNING')} warning, ${count('REVIEW')} review, `
    + `${count('SKIPPED')} skipped, ${count('FAILED')} failed, ${count('STOPPED')} stopped`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
