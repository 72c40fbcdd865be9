import type { createColors } from 'picocolors';
import { describeLoss, type Fate, type Resilience, type ZoneLoss } from '../resilience';

export const RESILIENCE_TITLE = '6. Resilience: losing one Availability Zone';

/** The stack's production verdict, and what it means for the rule. */
function productionLine(resilience: Resilience): string {
  const { production, basis } = resilience.production;
  const verdict = production === true ? 'yes' : production === false ? 'no' : 'unknown';
  const rule = production === true ? 'TT-AZ-001 flags the service paths one zone can cut' : 'TT-AZ-001 runs only on stacks known to be production';
  return `Zones: ${resilience.zones.length > 0 ? resilience.zones.join(', ') : 'none known'}. Production: ${verdict} (${basis}); ${rule}.`;
}

/** How surviving paths get through the loss (relaunches, failovers), once each. */
function recoveryNotes(loss: ZoneLoss): readonly string[] {
  return [...new Set(loss.outcomes.flatMap((entry) => entry.notes))];
}

/** Why the section is empty, when it is. */
function emptyReason(resilience: Resilience): string | undefined {
  if (resilience.paths.length === 0) {
    return 'No path to follow: nothing the internet reaches, no component reaching another, no egress.';
  }
  return resilience.zones.length === 0 ? 'No zone loss simulated: the input fixes no Availability Zone.' : undefined;
}

/** The section for a terminal: one line per zone, lost in red, unknown in yellow. */
export function resilienceTerminal(resilience: Resilience, colors: ReturnType<typeof createColors>): string {
  const mark = (fate: Fate): string => (fate === 'lost' ? colors.red(fate) : fate === 'unknown' ? colors.yellow(fate) : colors.green(fate));
  const empty = emptyReason(resilience);
  const zones = resilience.losses.map((loss) => [`  ${describeLoss(loss.zone, loss.outcomes, mark)}`, ...recoveryNotes(loss).map((note) => colors.dim(`    then: ${note}`))].join('\n'));
  const single = resilience.singlePoints.length === 0 ? [] : ['Single points in a zone chosen at apply:', ...resilience.singlePoints.map((point) => `  ${colors.red(point.summary)}`)];
  return [productionLine(resilience), ...(empty === undefined ? [] : [empty]), ...zones, ...single, colors.dim(resilience.notes.join('\n'))].join('\n');
}

/** The section as Markdown: a bullet per zone, lost and unknown in bold. */
export function resilienceMarkdown(resilience: Resilience): string {
  const mark = (fate: Fate): string => (fate === 'survives' ? fate : `**${fate}**`);
  const empty = emptyReason(resilience);
  const zones = resilience.losses.flatMap((loss) => [`- ${describeLoss(loss.zone, loss.outcomes, mark)}`, ...recoveryNotes(loss).map((note) => `  - _then: ${note}_`)]);
  const single = resilience.singlePoints.length === 0 ? [] : ['', '**Single points in a zone chosen at apply:**', '', ...resilience.singlePoints.map((point) => `- ${point.summary}`)];
  return [productionLine(resilience), '', ...(empty === undefined ? [] : [empty, '']), ...zones, ...single, '', ...resilience.notes.map((note) => `_${note}_`)].join('\n');
}
