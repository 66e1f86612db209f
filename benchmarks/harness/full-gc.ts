import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null = null;

/**
 * A full garbage collection, for a case to start a measurement from a heap holding only what it
 * needs (the process need not be started with --expose-gc).
 */
export function fullCollection(): void {
  if (gc === null) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
