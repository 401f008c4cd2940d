import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { AppGraph, GraphNode } from './app-graph';
import { KIND_COLOURS } from './mermaid';

/** Text is drawn in a monospace font, so its width is known without a browser: 0.6 em per character. */
const FONT_SIZE = 12;
const CHAR_WIDTH = FONT_SIZE * 0.6;
const LINE_HEIGHT = 16;
const PAD_X = 12;
const PAD_Y = 8;
const LABEL_FONT_SIZE = 11;
const LABEL_CHAR_WIDTH = LABEL_FONT_SIZE * 0.6;
const LABEL_LINE_HEIGHT = 14;
const MARGIN = 16;

const textWidth = (lines: readonly string[], charWidth: number) =>
  Math.max(...lines.map((l) => l.length)) * charWidth;

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One decimal, so the document does not depend on floating-point noise. */
const num = (n: number) => String(Math.round(n * 10) / 10);

/** The lines of a node's box: its path, its kind, then its native resources. */
const nodeLines = (node: GraphNode) => [node.label, `«${node.kind}»`, ...node.natives];

/**
 * The graph as a self-contained SVG (no external font, image or script), laid out by ELK's
 * layered algorithm from left (triggers) to right (resources): boxes coloured per kind, solid
 * arrows for triggers, dashed arrows for grants, every arrow labelled. Deterministic: the same
 * graph gives the same bytes.
 */
export async function toSvg(graph: AppGraph): Promise<string> {
  const elk = new ELK();
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const graphInput: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.randomSeed': '1',
    },
    children: graph.nodes.map((node, i) => {
      const lines = nodeLines(node);
      return {
        id: `n${i}`,
        width: textWidth(lines, CHAR_WIDTH) + 2 * PAD_X,
        height: lines.length * LINE_HEIGHT + 2 * PAD_Y,
      };
    }),
    edges: graph.edges.map((edge, i) => {
      const lines = edge.label.split('\n');
      return {
        id: `e${i}`,
        sources: [`n${index.get(edge.from)}`],
        targets: [`n${index.get(edge.to)}`],
        labels: [
          {
            text: edge.label,
            width: textWidth(lines, LABEL_CHAR_WIDTH) + 6,
            height: lines.length * LABEL_LINE_HEIGHT + 2,
          },
        ],
      };
    }),
  };
  const layout = await elk.layout(graphInput);
  const width = (layout.width ?? 0) + 2 * MARGIN;
  const height = (layout.height ?? 0) + 2 * MARGIN;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace">`,
    `<title>${xml(`${graph.app}${graph.target ? ` on ${graph.target}` : ''}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5f6368"/></marker></defs>',
    `<rect width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
    `<g transform="translate(${MARGIN},${MARGIN})">`,
  ];
  for (const [i, edge] of ((layout.edges ?? []) as ElkExtendedEdge[]).entries()) {
    const relation = graph.edges[i].relation;
    for (const s of edge.sections ?? []) {
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      const d = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join(' ');
      out.push(
        `<path class="${relation}" d="${d}" fill="none" stroke="#5f6368" stroke-width="1.2"${relation === 'grant' ? ' stroke-dasharray="5,3"' : ''} marker-end="url(#arrow)"/>`,
      );
    }
    for (const label of edge.labels ?? []) {
      const lines = (label.text ?? '').split('\n');
      out.push(
        `<rect x="${num(label.x ?? 0)}" y="${num(label.y ?? 0)}" width="${num(label.width ?? 0)}" height="${num(label.height ?? 0)}" fill="#ffffff" opacity="0.85"/>`,
      );
      lines.forEach((line, j) =>
        out.push(
          `<text x="${num((label.x ?? 0) + 3)}" y="${num((label.y ?? 0) + 12 + j * LABEL_LINE_HEIGHT)}" font-size="${LABEL_FONT_SIZE}" fill="#3c4043">${xml(line)}</text>`,
        ),
      );
    }
  }
  for (const [i, child] of ((layout.children ?? []) as ElkNode[]).entries()) {
    const node = graph.nodes[i];
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    out.push(
      `<g class="construct" data-path="${xml(node.id)}" data-kind="${node.kind}">`,
      `<rect x="${num(x)}" y="${num(y)}" width="${num(child.width ?? 0)}" height="${num(child.height ?? 0)}" rx="6" fill="${KIND_COLOURS[node.kind] ?? '#ffffff'}" stroke="#5f6368"/>`,
    );
    nodeLines(node).forEach((line, j) =>
      out.push(
        `<text x="${num(x + PAD_X)}" y="${num(y + PAD_Y + 12 + j * LINE_HEIGHT)}" font-size="${FONT_SIZE}"${j === 0 ? ' font-weight="bold"' : ''} fill="${j === 0 ? '#202124' : '#5f6368'}">${xml(line)}</text>`,
      ),
    );
    out.push('</g>');
  }
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}
