import { Construct, type IConstruct } from 'constructs';
import { ValidationError, describeValue, type ValidationIssue } from './validation-error';

/** Properties of an {@link App}. */
export interface AppProps {
  /** Application name: 1-32 lowercase letters, digits or hyphens, starting with a letter. Used in physical names. */
  readonly name: string;
  /** Deployment stage, e.g. `dev` or `prod` (same rules as `name`, up to 16 characters). @default 'dev' */
  readonly stage?: string;
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const APP_MARKER = Symbol.for('anycloud.App');

/**
 * The root of an anycloud application. Every neutral construct lives under one App;
 * the App collects the validation issues of the whole tree so they are reported together.
 */
export class App extends Construct {
  /** Returns the App that `construct` belongs to, or throws a ValidationError when there is none. */
  static of(construct: IConstruct): App {
    const root = construct.node.root;
    if (App.isApp(root)) return root;
    throw new ValidationError([
      {
        path: construct.node.path || construct.node.id,
        rule: 'construct.scope',
        value: root.node.id,
        message: 'must be created inside an anycloud App (new App({ name }))',
      },
    ]);
  }

  /** True when `x` is an anycloud App (works across duplicated module copies). */
  static isApp(x: unknown): x is App {
    return typeof x === 'object' && x !== null && APP_MARKER in x;
  }

  /** The application name. */
  readonly name: string;
  /** The deployment stage. */
  readonly stage: string;
  private readonly issueList: ValidationIssue[] = [];

  constructor(props: AppProps) {
    const name = typeof props?.name === 'string' ? props.name : '';
    super(undefined as unknown as Construct, name || 'app');
    Object.defineProperty(this, APP_MARKER, { value: true });
    this.name = name;
    this.stage = typeof props?.stage === 'string' ? props.stage : 'dev';
    if (!(name.length >= 1 && name.length <= 32 && NAME_PATTERN.test(name))) {
      this.addIssue(
        this,
        'app.name',
        props?.name,
        'name must be 1-32 lowercase letters, digits or hyphens, starting with a letter',
      );
    }
    if (props?.stage !== undefined && !(this.stage.length <= 16 && NAME_PATTERN.test(this.stage))) {
      this.addIssue(
        this,
        'app.stage',
        props.stage,
        'stage must be 1-16 lowercase letters, digits or hyphens, starting with a letter',
      );
    }
  }

  /**
   * Records a validation issue found on `construct`. Neutral constructs call this
   * while they are made; the issues are thrown together by {@link App.validate}.
   */
  addIssue(construct: IConstruct, rule: string, value: unknown, message: string): void {
    this.issueList.push({
      path: construct.node.path || this.node.id,
      rule,
      value,
      message: message.includes('(got') ? message : `${message} (got ${describeValue(value)})`,
    });
  }

  /** Every issue recorded so far. */
  get issues(): readonly ValidationIssue[] {
    return [...this.issueList];
  }

  /**
   * Throws one ValidationError listing every neutral issue in the app, plus any
   * `extra` issues a target found. Does nothing when there are none.
   */
  validate(extra: readonly ValidationIssue[] = []): void {
    const all = [...this.issueList, ...extra];
    if (all.length > 0) throw new ValidationError(all);
  }
}
