import { helloApp } from '../../../examples/hello/app';

// examples/hello as the benchmark loads it: the same route, throttled at the highest rate an API
// may ask for, so the dev server's throttling (100 requests/s by default) does not answer the
// load with 429s, which the benchmark refuses to count as throughput.
export default helloApp('dev', { throttle: { rate: 100_000, burst: 50_000 } });
