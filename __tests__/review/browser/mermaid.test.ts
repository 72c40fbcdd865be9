import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { layoutOf, toMermaid } from '../../../src/review/diagram';
import { modelFromJson } from '../../../src/review/load';
import { reachabilityOf } from '../../../src/review/reachability';
import { topologyOf } from '../../../src/review/topology';
import { EnvironmentStack } from '../../../src/stacks/environment-stack';
import { describeWithBrowser, offlineBrowser } from '../../support/browser';
import { recordTier } from '../../support/tiers';
import { configFor, WALKTHROUGH_DEV, type Overrides } from '../../support/stacks';

/** Mermaid's own bundle, pinned in package.json: the version GitHub-like renderers run, loaded from disk. */
const MERMAID = join(__dirname, '..', '..', '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

function mermaidOf(environment: string, overrides: Overrides = {}): string {
  const model = modelFromJson(new EnvironmentStack(Testing.app(), environment, configFor(environment, overrides)).toTerraform(), environment);
  const topology = topologyOf(model);
  return toMermaid(layoutOf(model, topology, reachabilityOf(topology)));
}

/**
 * Runs in the page: renders the diagram, then measures each subgraph title's text (a DOM Range over
 * its text nodes, so the glyphs and not the box around them) against its cluster's rectangle, the
 * label box that clips it, and every node drawn. Returns what is hidden, as sentences.
 */
const MEASURE = `(async (text) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true } });
  const { svg } = await mermaid.render('diagram', text);
  document.body.innerHTML = svg;
  const inside = (inner, outer) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1 && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const nodes = [...document.querySelectorAll('g.node')].map((node) => ({ id: node.id, box: node.getBoundingClientRect() }));
  const problems = [];
  const titles = [];
  for (const cluster of document.querySelectorAll('g.cluster')) {
    const frame = cluster.querySelector('rect').getBoundingClientRect();
    const label = cluster.querySelector('.cluster-label');
    const range = document.createRange();
    range.selectNodeContents(label);
    const glyphs = range.getBoundingClientRect();
    const clip = label.querySelector('foreignObject');
    const title = label.textContent.trim();
    titles.push(title);
    if (glyphs.width === 0 || glyphs.height === 0) problems.push(title + ': nothing drawn');
    if (!inside(glyphs, frame)) problems.push(title + ': runs out of its box');
    if (clip !== null && !inside(glyphs, clip.getBoundingClientRect())) problems.push(title + ': clipped by its label box');
    for (const node of nodes) {
      if (overlap(glyphs, node.box)) problems.push(title + ': hidden under ' + node.id);
    }
  }
  return { problems, titles };
})`;

async function measure(page: Page, text: string): Promise<{ problems: string[]; titles: string[] }> {
  const result: unknown = await page.evaluate(`${MEASURE}(${JSON.stringify(text)})`);
  const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (typeof result !== 'object' || result === null || !('problems' in result) || !('titles' in result) || !isStrings(result.problems) || !isStrings(result.titles)) {
    throw new Error(`unexpected measurement: ${JSON.stringify(result)}`);
  }
  return { problems: result.problems, titles: result.titles };
}

describeWithBrowser('the Mermaid diagram in a real browser (headless Chromium, Mermaid from npm, offline)', () => {
  let page: Page;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const browser = await offlineBrowser();
    close = browser.close;
    page = await browser.context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: readFileSync(MERMAID, 'utf8') });
    recordTier('browser', 'ran', 'rendered the Mermaid diagrams of dev and prod in headless Chromium');
  }, 120_000);

  afterAll(async () => {
    await close();
  });

  it.each([
    ['dev', mermaidOf('dev')],
    ['prod', mermaidOf('prod')],
    ['dev as the walk-throughs build it (NAT gateway, bastion, an ALB per tier)', mermaidOf('dev', WALKTHROUGH_DEV)],
  ])(
    '%s: every subgraph title is drawn whole, inside its box, under no node',
    async (_name, text) => {
      const { problems, titles } = await measure(page, text);
      expect(problems).toEqual([]);
      // Region, VPC, two AZs and six subnets, each title complete.
      expect(titles).toHaveLength(10);
      expect(titles).toContain('db 10.0.49.0/24 · no internet route');
    },
    60_000,
  );

  it("the README's hand-drawn Mermaid renders with every title whole too", async () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const { problems, titles } = await measure(page, block ?? '');
    expect(problems).toEqual([]);
    expect(titles).toEqual(expect.arrayContaining(['private-db subnets, no internet route']));
  }, 60_000);

  it('catches the clipping it guards against: two-line titles, as Mermaid 11 draws them', async () => {
    const twoLines = mermaidOf('dev').replace(/ · /g, '<br/>');
    const { problems } = await measure(page, twoLines);
    expect(problems.some((problem) => /hidden under|clipped|runs out/.test(problem))).toBe(true);
  }, 60_000);
});
