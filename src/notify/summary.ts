// How several notifications become one message: a condition that changed several times before it
// settled (one subject), and everything that waited for the rate limit ("… and N more").
import {
  addCounts,
  countOf,
  formatDuration,
  NOTIFICATION_KINDS,
  type KindCounts,
  type Notification,
} from './kinds.js';

/** Lines a merged message lists before it says "… and K more". */
const MAX_LINES = 10;

function countsText(counts: KindCounts): string {
  return NOTIFICATION_KINDS.filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => `${counts[k]}× ${k}`)
    .join(', ');
}

function sumCounts(items: readonly Notification[]): KindCounts {
  return items.reduce<KindCounts>((sum, n) => addCounts(sum, n.counts), {});
}

/**
 * One subject's changes within the debounce: the state it settled in (the last), with how often it
 * changed. A recovery that ends the problem it follows reads as the recovery with the problem counted.
 */
export function settle(items: readonly Notification[]): Notification {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) throw new RangeError('settle: no notifications');
  if (items.length === 1) return first;
  const counts = sumCounts(items);
  const spanMs = last.atMs - first.atMs;
  return {
    ...last,
    counts,
    message: `${last.message}\n(${countOf(counts)} changes in ${formatDuration(spanMs)}: ${countsText(counts)})`,
  };
}

/** Everything that waited for the rate limit, as one message headed by the first. */
export function merge(items: readonly Notification[]): Notification {
  const first = items[0];
  if (!first) throw new RangeError('merge: no notifications');
  if (items.length === 1) return first;
  const counts = sumCounts(items);
  const more = countOf(counts) - countOf(first.counts);
  const lines = items.slice(0, MAX_LINES).map((n) => `• ${n.title}: ${n.message.replace(/\n/g, ' ')}`);
  const left = items.slice(MAX_LINES);
  if (left.length > 0) lines.push(`… and ${countOf(sumCounts(left))} more (${countsText(sumCounts(left))})`);
  return { ...first, counts, title: `${first.title} and ${more} more`, message: lines.join('\n') };
}
