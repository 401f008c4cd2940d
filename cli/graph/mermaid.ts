import type { AppGraph } from './app-graph';

/** Mermaid's opening and closing bracket per kind: the shape a reader tells kinds apart by. */
const SHAPES: Readonly<Record<string, readonly [string, string]>> = {
  'http-api': ['{{', '}}'],
  schedule: ['([', '])'],
  function: ['[', ']'],
  table: ['[(', ')]'],
  bucket: ['[(', ')]'],
  queue: ['[/', '/]'],
  topic: ['>', ']'],
  secret: ['[[', ']]'],
};

/** Text inside a quoted Mermaid label: quotes and markup escaped, lines as `<br/>`. */
const escape = (text: string) =>
  text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .split('\n')
    .join('<br/>');

/**
 * The graph as a Mermaid flowchart (renders in GitHub READMEs): one shape per kind, solid arrows
 * for triggers, dotted arrows for grants labelled with the access level.
 */
export function toMermaid(graph: AppGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind] ?? ['[', ']'];
    const text = [`${node.label}`, `«${node.kind}»`, ...node.natives].join('\n');
    lines.push(`  ${ids.get(node.id)}${open}"${escape(text)}"${close}`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.relation === 'trigger' ? '-->' : '-.->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${escape(edge.label)}"| ${ids.get(edge.to)}`);
  }
  for (const kind of Object.keys(SHAPES)) {
    const members = graph.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${kind.replace('-', '')}`);
  }
  lines.push(...CLASS_DEFS);
  return `${lines.join('\n')}\n`;
}

/** Fill colours per kind, the same as in the SVG. */
export const KIND_COLOURS: Readonly<Record<string, string>> = {
  'http-api': '#e8f0fe',
  schedule: '#fef7e0',
  function: '#fce8e6',
  table: '#e6f4ea',
  bucket: '#e6f4ea',
  queue: '#f3e8fd',
  topic: '#f3e8fd',
  secret: '#f1f3f4',
};

const CLASS_DEFS = Object.entries(KIND_COLOURS).map(
  ([kind, fill]) => `  classDef ${kind.replace('-', '')} fill:${fill},stroke:#5f6368`,
);
