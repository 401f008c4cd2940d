import { App as CdkApp } from 'aws-cdk-lib';
import { AwsStack } from 'anycloud/aws';
import app from './anycloud.app';

// `npx cdk synth` (offline) and `npx cdk deploy` (with AWS credentials) build the app as one stack.
const cdkApp = new CdkApp();
new AwsStack(cdkApp, `${app.name}-${app.stage}`, { app });
cdkApp.synth();
