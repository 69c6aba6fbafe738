import { walkthroughData, type WalkthroughData } from '../walkthrough/data.js';
import { loadSoundDesign } from './design.js';

export interface LoadOptions {
  readonly maxFileSize: number;
  readonly config?: string;
}

/** The walkthrough's data: the design reviewed as `review` would, simulated and advised on. */
export function loadWalkthrough(file: string, options: LoadOptions): WalkthroughData {
  return walkthroughData(
    file,
    loadSoundDesign(file, {
      review: 'full',
      stop: 'can be walked through once',
      maxFileSize: options.maxFileSize,
      ...(options.config ? { config: options.config } : {}),
    }),
  );
}
