/** The app `anycloud dev examples/shop` runs. */
export { default } from './app';
