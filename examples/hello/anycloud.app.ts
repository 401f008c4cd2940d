/** The app `anycloud dev examples/hello` runs. */
export { default } from './app';
