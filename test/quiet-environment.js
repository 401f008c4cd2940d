// The jest environment of this repository: Node's, with a quiet console. What a test writes to
// console.error / console.warn / console.log is held back and printed only when that test fails,
// so a green run shows no expected handler failures, and a red one shows everything it logged.
const { TestEnvironment } = require('jest-environment-node');

class QuietEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.held = [];
    // The AWS SDK warns once per process that Node 20 support ends in 2027 (Lambda runs 22+).
    this.global.process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  }

  async setup() {
    await super.setup();
    const console = this.global.console;
    for (const level of ['log', 'info', 'warn', 'error']) {
      const original = console[level].bind(console);
      console[level] = (...args) => this.held.push({ original, args });
    }
  }

  flush() {
    for (const { original, args } of this.held) original(...args);
    this.held = [];
  }

  async handleTestEvent(event) {
    if (event.name === 'test_start') this.held = [];
    else if (event.name === 'test_done') {
      if (event.test.errors.length > 0) this.flush();
      this.held = [];
    } else if (event.name === 'hook_failure') this.flush();
  }
}

module.exports = QuietEnvironment;
