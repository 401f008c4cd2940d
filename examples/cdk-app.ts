import { App as CdkApp } from 'aws-cdk-lib';
import { AwsStack } from 'anycloud/aws';
import { helloApp } from './hello/app';
import { shopApp } from './shop/app';

/** `npx cdk synth` / `npx cdk deploy` at the repository root build the examples for AWS. */
const cdkApp = new CdkApp({ analyticsReporting: false });
const stage = (cdkApp.node.tryGetContext('stage') as string | undefined) ?? 'dev';
new AwsStack(cdkApp, `Shop-${stage}`, { app: shopApp(stage) });
new AwsStack(cdkApp, `Hello-${stage}`, { app: helloApp(stage) });
cdkApp.synth();
