import { App as CdkApp } from 'aws-cdk-lib';
import { AwsStack } from 'anycloud/aws';
import app from './anycloud.app';

// Compiled by tsc and run by plain node: writes the cloud assembly to cdk.out/.
const cdkApp = new CdkApp({ outdir: 'cdk.out', analyticsReporting: false });
new AwsStack(cdkApp, 'Consumer', { app });
cdkApp.synth();
