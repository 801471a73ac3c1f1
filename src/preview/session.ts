// A running preview: the environment, the front server, the watcher, and the cycle that runs on
// every change — check the working copy, apply it when valid, tell the terminal and the app —
// one cycle at a time (changes that come in meanwhile are taken in the next one).
import { networkInterfaces } from 'node:os';
import { performance } from 'node:perf_hooks';
import { summarize } from '../diagnostics.js';
import { UsageError, UserError } from '../errors.js';
import type { ValidationResult } from '../validate/index.js';
import { checkProject, isPackable, packPreview, toPreviewDiagnostics, workspaceRolesOf } from './build.js';
import { deploy, relocateToProject } from './deploy.js';
import { gitignoreNote, startEnvironment, type PreviewEnvironment } from './environment.js';
import { startFront, type FrontServer } from './front.js';
import { LiveChannel } from './live.js';
import { lockProject, noteLockUrl } from './lock.js';
import { previewUserParameter, type PreviewSession as SessionInfo, type PreviewUser } from './protocol.js';
import { appliedLine, bannerText, changedLine, diagnosticsText, notAppliedLine, statusLine } from './terminal.js';
import { canChangeTestOutcome, runLogicTests } from './tests.js';
import { chooseUser } from './users.js';
import { nextPreviewSerial } from './version.js';
import { watchProject, type ProjectWatcher } from './watch.js';

export interface PreviewOptions {
  /** A project folder (with mwkit.yaml). */
  root: string;
  host: string;
  port: number;
  isPortFixed: boolean;
  user?: string;
  out: NodeJS.WritableStream;
  isColor: boolean;
  /** False in tests that call refresh() themselves. */
  isWatching?: boolean;
  debounceMs?: number;
  now?: () => Date;
}

export class PreviewSession {
  readonly live = new LiveChannel();
  private serial = 1;
  private lastContentKey?: string;
  private appliedVersion?: string;
  private cycle: Promise<void> = Promise.resolve();
  private queued?: Set<string>;
  private watcher?: ProjectWatcher;
  private front?: FrontServer;
  private closing?: Promise<void>;
  private unlock: () => void = () => undefined;
  user!: PreviewUser;
  appUrl = '';
  networkUrl: string | null | undefined;

  private constructor(
    readonly options: PreviewOptions,
    readonly environment: PreviewEnvironment,
  ) {}

  static async start(options: PreviewOptions): Promise<PreviewSession> {
    const validation = checkProject(options.root);
    const project = validation.project.project;
    if (!project) throw new UsageError(`${options.root} is not a project: it has no readable mwkit.yaml.`, 'Run mwkit preview in a project folder, or create one with mwkit init my-app --yes.');
    const unlock = lockProject(validation.project.root);
    let environment: PreviewEnvironment;
    try {
      environment = await startEnvironment(validation.project.root);
    } catch (error) {
      unlock();
      throw error;
    }
    const session = new PreviewSession({ ...options, root: validation.project.root }, environment);
    session.unlock = unlock;
    try {
      session.user = chooseUser(environment.users, workspaceRolesOf(validation.project), options.user);
      session.serial = nextPreviewSerial((await environment.api.packages()).map((p) => p.version));
      const firstOutcome = (await session.check(undefined)).line;
      session.front = await startFront({
        host: options.host,
        port: options.port,
        isPortFixed: options.isPortFixed,
        environmentUrl: environment.server.url,
        live: session.live,
        session: () => session.sessionInfo(project.name),
      });
      session.appUrl = appUrlOf(session.front.url, session.user.id);
      noteLockUrl(session.options.root, session.appUrl);
      session.networkUrl = networkUrlOf(options.host, session.front.port, session.user.id);
      const notes = [gitignoreNote(session.options.root), await appNote(environment.server.url)];
      if (options.isWatching !== false) {
        session.watcher = watchProject(session.options.root, {
          debounceMs: options.debounceMs,
          onChange: (files) => void session.refresh(files),
          onError: (error) => options.out.write(statusLine(`Watching stopped: ${error.message}. Restart mwkit preview.`, session.now(), options.isColor)),
        });
      }
      // Last: the URL on the terminal means the preview is ready.
      options.out.write(
        bannerText(
          {
            project: { name: project.name, version: project.version, workspaces: validation.project.workspaces.length },
            root: session.options.root,
            dataDir: environment.dataDir,
            isNewEnvironment: environment.isNew,
            appUrl: session.appUrl,
            networkUrl: session.networkUrl,
            user: session.user,
            firstOutcome,
          },
          options.isColor,
        ),
      );
      for (const note of notes) if (note) options.out.write(statusLine(note, session.now(), options.isColor));
      session.flushFirstOutput();
      void session.enqueue(() => session.test());
      return session;
    } catch (error) {
      await session.close();
      throw error;
    }
  }

  /** Takes changed files (relative to the project) into the next cycle. */
  refresh(files: string[]): Promise<void> {
    if (this.closing) return Promise.resolve();
    if (this.queued) {
      files.forEach((file) => this.queued!.add(file));
      return this.cycle;
    }
    this.queued = new Set(files);
    return this.enqueue(async () => {
      const changed = [...this.queued!].sort();
      this.queued = undefined;
      this.write(changedLine(changed, this.now(), this.options.isColor));
      const { line, catalogFile } = await this.check(changed);
      this.write(line);
      if (changed.some((file) => canChangeTestOutcome(file, catalogFile))) await this.test();
    });
  }

  /** Resolves when no cycle is running or queued (tests). */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.cycle;
      await current;
    } while (current !== this.cycle);
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.watcher?.close();
      await this.cycle.catch(() => undefined);
      this.live.close();
      await this.front?.close();
      await this.environment.server.close();
      this.unlock();
    })());
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.cycle = this.cycle.then(async () => {
      if (this.closing) return;
      try {
        await work();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const hint = error instanceof UserError && error.hint ? `\n  ${error.hint}` : '';
        this.live.update({ phase: 'failed', message });
        this.write(statusLine(`✖ ${message}${hint}`, this.now(), this.options.isColor));
      }
    });
    return this.cycle;
  }

  /**
   * One check of the working copy; applies it when it is valid and changed. Returns the line that
   * says what happened (for the first check, without `changed`: the banner's "applied" entry).
   */
  private async check(changed: string[] | undefined): Promise<{ line: string; catalogFile?: string }> {
    const validation = checkProject(this.options.root);
    const catalogFile = validation.project.project?.catalog;
    return { line: await this.apply(validation, changed), ...(catalogFile ? { catalogFile } : {}) };
  }

  private async apply(validation: ValidationResult, changed: string[] | undefined): Promise<string> {
    const started = performance.now();
    const { isColor } = this.options;
    const { project } = validation;
    const diagnostics = toPreviewDiagnostics(validation.diagnostics, project.sources);
    const counts = { errors: validation.errors, warnings: validation.warnings, diagnostics };
    if (validation.diagnostics.length > 0) this.write(diagnosticsText(validation, project, isColor));
    if (!isPackable(validation)) {
      const reason = validation.errors > 0 ? `${validation.errors} error${validation.errors === 1 ? '' : 's'}` : 'no workspaces';
      this.live.update({ phase: 'invalid', ...counts, message: `${reason}: not applied` });
      return changed ? notAppliedLine(reason, this.appliedVersion, this.now(), isColor) : `nothing yet: ${reason} (below); fix and save, and the preview applies it`;
    }
    const built = await packPreview(project, this.serial);
    if (built.contentKey === this.lastContentKey) {
      const wasBroken = this.live.current.phase !== 'ok';
      this.live.update({ phase: 'ok', ...counts, message: null });
      const line = wasBroken ? `✓ No errors: the app runs ${this.appliedVersion}, as before.` : 'No change to the workspaces: nothing to apply.';
      return changed ? statusLine(line, this.now(), isColor) : `${this.appliedVersion ?? 'unchanged'}`;
    }
    const outcome = await deploy(this.environment.api, { bytes: built.bytes, version: built.manifest.version, workspaces: workspaceRolesOf(project), users: this.environment.users });
    if (outcome.kind === 'rejected') {
      const relocated = relocateToProject(outcome.summary?.diagnostics ?? [], project);
      if (relocated.length > 0) this.write(diagnosticsText(summarize(relocated), project, isColor));
      this.live.update({
        phase: 'rejected',
        errors: outcome.summary?.errors ?? 1,
        warnings: outcome.summary?.warnings ?? 0,
        diagnostics: toPreviewDiagnostics(relocated, project.sources),
        message: outcome.message,
      });
      return changed ? notAppliedLine(outcome.message, this.appliedVersion, this.now(), isColor) : `nothing yet: ${outcome.message}`;
    }
    this.serial++;
    this.lastContentKey = built.contentKey;
    this.appliedVersion = outcome.version;
    this.live.update({ phase: 'ok', ...counts, applied: { version: outcome.version, at: this.now().toISOString() }, message: null });
    const elapsed = performance.now() - started;
    if (!changed) return `${outcome.version}${outcome.published.length > 0 ? `, published ${outcome.published.join(', ')}` : ''} (${Math.round(elapsed)} ms)`;
    return appliedLine(outcome.version, outcome.plan, outcome.published, elapsed, this.now(), isColor);
  }

  private async test(): Promise<void> {
    const run = await runLogicTests(this.options.root, this.options.isColor);
    if (!run.text) return;
    this.live.update({ tests: run.tests });
    const mark = run.tests.ok ? '✓' : '✖';
    this.write(`${statusLine(`${mark} logic tests:`, this.now(), this.options.isColor).trimEnd()} ${run.text}`);
  }

  private sessionInfo(project: string): SessionInfo {
    return { project, user: this.user.id, password: this.environment.password, users: this.environment.users };
  }

  private firstOutput: string[] = [];
  private isBannerOut = false;

  /** Output of the first check waits for the banner, so the URL is never scrolled away by it. */
  private write(text: string): void {
    if (!text) return;
    if (this.isBannerOut) this.options.out.write(text);
    else this.firstOutput.push(text);
  }

  private flushFirstOutput(): void {
    this.isBannerOut = true;
    for (const text of this.firstOutput.splice(0)) this.options.out.write(text);
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

/** mwkit run from a clone whose app was never built serves no app: say so rather than print a dead URL. */
async function appNote(environmentUrl: string): Promise<string | undefined> {
  const response = await fetch(`${environmentUrl}/app/`, { method: 'HEAD' }).catch(() => undefined);
  if (response?.status !== 404) return undefined;
  return "note: the app is not built, so the URL shows no app; in mwkit's folder run node scripts/build-app.mjs.";
}

export function appUrlOf(base: string, user: string): string {
  return `${base}/app/?${previewUserParameter}=${encodeURIComponent(user)}`;
}

/** The LAN address a phone opens: only when listening on every address (or on a LAN address). */
function networkUrlOf(host: string, port: number, user: string): string | null | undefined {
  if (host !== '0.0.0.0' && host !== '::') return undefined;
  const address = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal);
  return address ? appUrlOf(`http://${address.address}:${port}`, user) : null;
}
