/**
 * anycloud/adapter/pulumi: for authors of Pulumi targets. The component per neutral construct,
 * and running a program under Pulumi's mocks into a deterministic document. Loads @pulumi/pulumi.
 * @packageDocumentation
 */
export { childOf, componentsOf, NeutralComponent } from './pulumi-component';
export { capturePulumiProgram, type MockOutputs } from './pulumi-capture';
export { checkPulumiTarget, pulumiNativesByConstruct } from './target-check';
export {
  CapturedSecret,
  pulumiSynthDocument,
  type CapturedProgram,
  type CapturedResource,
  type PulumiSynthDocument,
  type PulumiSynthResource,
} from './pulumi-document';
