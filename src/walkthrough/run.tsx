import { render } from 'ink';
import stringWidth from 'string-width';
import { UsageError } from '../errors.js';
import { measureWith } from '../util/columns.js';
import * as llm from '../guidance/llm.js';
import { App } from './app.js';
import { loadWalkthrough, type LoadOptions } from '../app/walkthrough.js';
import type { ProcessView } from './data.js';
import { writeSuppression } from './suppress.js';

export interface WalkthroughOptions extends LoadOptions {
  readonly color: boolean;
  readonly model?: string;
  readonly llmTimeout: number;
  readonly llmRetries: number;
}

/** Opens the walkthrough on a terminal; refuses (exit 2) when there is none to draw on. */
export async function runWalkthrough(file: string, options: WalkthroughOptions): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError(
      'walkthrough is interactive and needs a terminal, but standard input or output is not one. In scripts and CI use `eda-advisor review`, `simulate` or `guidance` instead.',
    );
  }
  if (file === '-') throw new UsageError('walkthrough reads its keys from standard input, so the design cannot come from there; give a file.');
  const initial = loadWalkthrough(file, options);
  measureWith(stringWidth);
  const apiKey = process.env.ANTHROPIC_API_KEY;
  const model = llm.modelOf(options.model);
  const askLlm = apiKey
    ? async (view: ProcessView, signal: AbortSignal) => {
        const request = await llm.buildRequest(view.input, model);
        const answer = await llm.askClaude(request, {
          apiKey,
          ...llm.baseURLOf(),
          timeoutMs: options.llmTimeout,
          maxRetries: options.llmRetries,
          signal,
        });
        return { guidance: answer.guidance, model: answer.model };
      }
    : undefined;
  const instance = render(
    <App
      initial={initial}
      reload={() => loadWalkthrough(file, options)}
      suppress={(finding, reason) => writeSuppression(finding, reason)}
      {...(askLlm ? { askLlm } : {})}
      color={options.color}
    />,
    // Ctrl-C is the App's: it ends the walkthrough with Interrupted (exit 130), not as q does (exit 0).
    { exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
}
