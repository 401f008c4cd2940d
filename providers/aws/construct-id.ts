import type { IConstruct } from 'constructs';

/** A CDK construct id for a neutral construct: its path below the App, so nested user constructs never collide. */
export function constructIdOf(node: IConstruct): string {
  return node.node.scopes
    .slice(1)
    .map((s) => s.node.id)
    .join('-');
}
