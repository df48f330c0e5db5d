/**
 * Accessibility checks run inside a page in Chromium: axe-core's WCAG 2.2 A/AA rules and best
 * practices, and the contrast of every control's focus ring against what is behind it (at least 3:1).
 * Each returns the problems found, one line each; a page that passes returns none.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';

import { contrastRatio } from '../../src/config/settings.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }

export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Focuses every control that can take the focus and compares its outline with the first opaque
 * background behind it.
 */
export async function weakFocusRings(page: Page): Promise<string[]> {
  const rings = await page.evaluate(() => {
    const toHex = (color: string) => {
      const [r, g, b, a = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
      return { hex: `#${[r, g, b].map((c) => Math.round(c ?? 0).toString(16).padStart(2, '0')).join('')}`, alpha: a };
    };
    const behind = (element: Element): string => {
      for (let node: Element | null = element.parentElement; node; node = node.parentElement) {
        const { hex, alpha } = toHex(getComputedStyle(node).backgroundColor);
        if (alpha > 0.5) return hex;
      }
      return toHex(getComputedStyle(document.documentElement).backgroundColor).hex;
    };
    const found: Array<{ control: string; ring: string; background: string; style: string }> = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea'))) {
      if (element.offsetParent === null || (element as HTMLButtonElement).disabled) continue;
      element.focus({ focusVisible: true } as FocusOptions);
      // A control that cannot take the focus now (behind an open modal dialog) shows no ring to check.
      if (document.activeElement !== element) continue;
      const style = getComputedStyle(element);
      found.push({ control: element.outerHTML.slice(0, 80), ring: toHex(style.outlineColor).hex, background: behind(element), style: `${style.outlineStyle} ${style.outlineWidth}` });
      element.blur();
    }
    return found;
  });
  return rings
    .filter(({ ring, background, style }) => style.startsWith('none') || contrastRatio(ring, background) < 3)
    .map(({ control, ring, background, style }) => `${control}: ${style} ${ring} on ${background} (${contrastRatio(ring, background).toFixed(2)}:1)`);
}
