// The Pulumi program of examples/shop: `pulumi up` from this folder. The target (cloudflare...)
// comes from config `anycloud:target`; provider settings from the providers' own config keys.
import { deploy } from 'anycloud/pulumi';
import app from './anycloud.app';

export = deploy(app);
