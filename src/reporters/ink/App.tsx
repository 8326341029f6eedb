/**
 * The wizard's screen. It only renders the store (fed by engine events) and answers the
 * store's pending prompt; it never exits the process. Ctrl+C is handed to `onInterrupt`
 * (the engine finishes its current atomic action and saves; the CLI prints how to resume).
 */
import { useCallback, useEffect, useLayoutEffect, useReducer, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { KeyRouter, useKeys } from './hooks/use-keys.js';
import type { PromptAnswer, PromptRequest } from '../../engine/prompts.js';
import { Checklist, allSteps } from './components/Checklist.js';
import { DangerousConfirm } from './components/DangerousConfirm.js';
import { FailureMenu } from './components/FailureMenu.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { LiveChecks, liveChecksHeight } from './components/LiveChecks.js';
import { LogPane } from './components/LogPane.js';
import { ManualItems } from './components/ManualItems.js';
import { RollbackScreen } from './components/RollbackScreen.js';
import { StartScreen } from './components/StartScreen.js';
import { StepScreen } from './components/StepScreen.js';
import { SummaryScreen } from './components/SummaryScreen.js';
import { VariablePrompt } from './components/VariablePrompt.js';
import { useStore } from './hooks/use-store.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTheme } from './hooks/use-theme.js';
import { SpinnerClockContext } from './hooks/use-spinner.js';
import type { PendingPrompt, UiStore } from './store.js';
import { NoColorContext, isNoColor } from './theme.js';
import type { StartRequest } from './types.js';

export interface AppProps {
  store: UiStore;
  onInterrupt(): void;
  projectName?: string;
  /** Defaults to the NO_COLOR environment variable. */
  noColor?: boolean;
}

export function App({ noColor = isNoColor(), ...props }: AppProps) {
  return (
    <NoColorContext.Provider value={noColor}>
      <KeyRouter>
        <Screen {...props} />
      </KeyRouter>
    </NoColorContext.Provider>
  );
}

function Screen({ store, onInterrupt, projectName }: Omit<AppProps, 'noColor'>) {
  // From render to layout effect: React's render and commit, and Ink's frame output (it writes
  // during the commit). The store spaces frames by this cost.
  const renderStart = performance.now();
  useLayoutEffect(() => store.reportFrameCost(performance.now() - renderStart));
  const state = useStore(store);
  const { rows } = useTerminalSize();
  const t = useTheme();
  const [cursor, setCursor] = useState(0);
  // Until the user moves, the cursor follows the running step.
  const [follow, setFollow] = useState(true);
  const [help, setHelp] = useState(false);
  const [openStep, setOpenStep] = useState<string | null>(null);
  // The confirm-step prompt the user stepped Back from, to look around the checklist.
  const [backedOutOf, setBackedOutOf] = useState<number | null>(null);

  useKeys((input, key) => {
    if (key.ctrl && input === 'c') {
      store.interrupt();
      onInterrupt();
    }
  });

  const steps = allSteps(state.phases);
  const spinning = steps.some((s) => s.status === 'running') || state.live.some((l) => l.status === 'running');
  // Spinners show a frame derived from the time of each render. Renders caused by the store
  // (a log flood, ~10-20/s) already animate them; the ticker only fills in when it is quiet.
  const [, tickRender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!spinning || state.interrupted) return;
    const t = setInterval(() => {
      // Quiet for 200 ms: nothing else is redrawing, so the ticker animates the spinners.
      if (Date.now() - store.lastNotify >= 200) tickRender();
    }, 120);
    return () => clearInterval(t);
  }, [spinning, state.interrupted, store]);
  const clock = Math.floor(Date.now() / 120);
  // Follow the step being asked about, else the one running.
  const focusStepId = state.prompt?.request.kind === 'confirm-step' ? state.prompt.request.stepId : state.currentStepId;
  const runningIndex = steps.findIndex((s) => s.id === focusStepId);
  const shownCursor = follow && runningIndex >= 0 ? runningIndex : cursor;
  const prompt = state.prompt;

  // A new question takes the screen back from any detail view.
  useEffect(() => {
    setOpenStep(null);
    setHelp(false);
  }, [prompt?.id]);

  // Keep the whole frame shorter than the terminal: Ink redraws by clearing the screen otherwise.
  const height = Math.max(6, rows - 1);
  const banner = state.interrupted ? 1 : 0;
  const body = height - banner;
  const answer = (p: PendingPrompt) => (value: unknown) => store.answer(p.id, value);

  let screen: ReactNode;
  const onHelp = useCallback(() => setHelp(true), []);
  const onCursor = useCallback((i: number) => {
    setFollow(false);
    setCursor(i);
  }, []);
  const onOpen = useCallback(
    (id: string) => {
      if (prompt?.request.kind === 'confirm-step' && prompt.request.stepId === id && backedOutOf === prompt.id) {
        setBackedOutOf(null);
      } else setOpenStep(id);
    },
    [prompt, backedOutOf],
  );
  const checklist = (h: number, focused: boolean, waitingStepId?: string) => (
    <Checklist
      phases={state.phases}
      cursor={shownCursor}
      onCursor={onCursor}
      onOpen={onOpen}
      onHelp={onHelp}
      height={h}
      waitingStepId={waitingStepId}
      isFocused={focused}
      version={store.phasesVersion}
    />
  );

  if (help) {
    screen = <HelpOverlay onClose={() => setHelp(false)} />;
  } else if (openStep) {
    const outline = steps.find((s) => s.id === openStep);
    const rec = state.steps.get(openStep);
    screen = (
      <StepScreen
        key={`detail:${openStep}`}
        stepId={openStep}
        title={outline?.title ?? openStep}
        why={outline?.why ?? ''}
        risk={outline?.risk}
        priority={outline?.priority}
        status={rec?.status ?? outline?.status}
        reason={rec?.reason}
        changes={rec?.changes}
        diffs={rec?.diffs ?? []}
        onBack={() => setOpenStep(null)}
        height={body}
      />
    );
  } else if (prompt && !(prompt.request.kind === 'confirm-step' && backedOutOf === prompt.id)) {
    screen = promptScreen(prompt, answer(prompt), body);
  } else if (state.done) {
    screen = (
      <Box flexDirection="column">
        {state.rollback && <RollbackScreen rollback={state.rollback} height={Math.floor(body / 2)} />}
        <SummaryScreen
          status={state.done.status}
          summary={state.done.summary}
          height={state.rollback ? Math.ceil(body / 2) : body}
          rolledBack={state.rollback?.end?.restored}
        />
      </Box>
    );
  } else if (state.rollback) {
    screen = <RollbackScreen rollback={state.rollback} height={body} />;
  } else if (!state.run) {
    // Between the start screen and the engine's run-start: nothing to list yet.
    screen = (
      <Text {...t('muted')} wrap="truncate-end">
        migrate-wizard{projectName ? ` · ${projectName}` : ''} · starting…
      </Text>
    );
  } else {
    // The run view: checklist, the running step's actions and checks, and the log pane.
    const waiting = prompt?.request.kind === 'confirm-step' ? prompt.request.stepId : undefined;
    const logLines = Math.max(2, Math.min(8, Math.floor(body / 4)));
    const liveRows = Math.min(6, Math.max(0, body - logLines - 1 - 2 - 4));
    const liveUsed = state.live.length ? liveChecksHeight(state.live, liveRows) + 1 : 0; // +1: its top margin
    const header = 1;
    const footer = 1;
    const listHeight = Math.max(3, body - header - liveUsed - (logLines + 1) - footer);
    screen = (
      <Box flexDirection="column">
        <Text {...t('accent')} wrap="truncate-end">
          migrate-wizard{projectName ? ` · ${projectName}` : ''}
          {state.run ? ` · ${state.run.playbook}` : ''}
          {state.run?.resumingAt ? ` · resuming at ${state.run.resumingAt}` : ''}
        </Text>
        {checklist(listHeight, true, waiting)}
        {state.live.length > 0 && (
          <Box marginTop={1}>
            <LiveChecks items={state.live} maxRows={liveRows} />
          </Box>
        )}
        <LogPane
          lines={state.log.last(logLines)}
          total={state.log.total}
          logPath={state.logFile ?? state.logDir}
          height={logLines}
        />
        <Text {...t('muted')} wrap="truncate-end">
          {waiting ? 'Enter on the waiting step to decide · ' : ''}↑↓ move · Enter open · ? help · Ctrl+C stop
        </Text>
      </Box>
    );
  }

  function promptScreen(p: PendingPrompt, onAnswer: (v: unknown) => void, h: number): ReactNode {
    const req = p.request;
    switch (req.kind) {
      case 'start':
        return (
          <StartScreen
            key={p.id}
            facts={(req as StartRequest).facts}
            saved={(req as StartRequest).saved}
            playbook={(req as StartRequest).playbook}
            projectName={projectName}
            onAnswer={onAnswer}
            height={h}
          />
        );
      case 'confirm-step': {
        const outline = steps.find((s) => s.id === req.stepId);
        return (
          <StepScreen
            key={p.id}
            stepId={req.stepId}
            title={req.title}
            why={req.why}
            diffs={req.diffs}
            effects={req.effects}
            risk={outline?.risk}
            priority={outline?.priority}
            onAnswer={onAnswer as (a: PromptAnswer<'confirm-step'>) => void}
            onBack={() => setBackedOutOf(p.id)}
            height={h}
          />
        );
      }
      case 'check-failed': {
        const liveMax = Math.min(6, Math.floor(h / 3));
        const liveUsed = state.live.length > 0 ? liveChecksHeight(state.live, liveMax) : 0;
        return (
          <Box flexDirection="column">
            {liveUsed > 0 && <LiveChecks items={state.live} maxRows={liveMax} />}
            <FailureMenu
              key={p.id}
              stepId={req.stepId}
              message={req.message}
              lastLogLines={req.lastLogLines}
              onAnswer={onAnswer as (a: PromptAnswer<'check-failed'>) => void}
              height={h - liveUsed}
            />
          </Box>
        );
      }
      case 'manual':
        return (
          <ManualItems
            key={p.id}
            stepId={req.stepId}
            items={req.items}
            onAnswer={onAnswer as (a: PromptAnswer<'manual'>) => void}
          />
        );
      case 'variable':
        return (
          <VariablePrompt
            key={p.id}
            name={req.name}
            description={req.description}
            suggestion={req.suggestion}
            onAnswer={onAnswer as (a: PromptAnswer<'variable'>) => void}
          />
        );
      case 'confirm-dangerous': {
        const plan = state.rollback && !state.rollback.end ? state.rollback : undefined;
        return (
          <DangerousConfirm
            key={p.id}
            message={req.message}
            expected={req.expected}
            onAnswer={onAnswer as (a: PromptAnswer<'confirm-dangerous'>) => void}
          >
            {plan ? <RollbackScreen rollback={plan} height={Math.max(3, h - 6)} /> : undefined}
          </DangerousConfirm>
        );
      }
      default:
        return assertNever(req);
    }
  }

  return (
    <SpinnerClockContext.Provider value={clock}>
    <Box flexDirection="column">
      {screen}
      {state.interrupted && (
        <Text {...t('warn')} wrap="truncate-end">
          ■ Stopping after the current action; progress is saved.
        </Text>
      )}
    </Box>
    </SpinnerClockContext.Provider>
  );
}

function assertNever(x: never): never {
  throw new Error(`unknown prompt ${(x as PromptRequest).kind}`);
}
