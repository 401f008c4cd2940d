// The Pulumi program: the target comes from config `anycloud:target`, provider settings from the
// providers' own config keys (cloudflare:apiToken, cloudflare:accountId...).
import { deploy } from 'anycloud/pulumi';
import app from './anycloud.app';

export = deploy(app);
