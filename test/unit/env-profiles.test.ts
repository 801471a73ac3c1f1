// Profiles: where they live, file modes, tokens that never follow a changed URL, the current
// profile, and how --env, MWKIT_ENV, MWKIT_URL and MWKIT_TOKEN choose the target.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../src/errors.js';
import { configDir, configPaths, findProfile, listProfiles, readConfig, removeProfile, saveProfile, setCurrentProfile } from '../../src/env/profiles.js';
import { describeTarget, isInsecureUrl, normalizeEnvironmentUrl, resolveTarget } from '../../src/env/target.js';

let env: NodeJS.ProcessEnv;

beforeEach(() => {
  env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'mwkit-profiles-')) };
});

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function thrown(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('configDir', () => {
  it('is $XDG_CONFIG_HOME/mwkit, else ~/.config/mwkit; a relative XDG_CONFIG_HOME is ignored', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/etc/xdg-test' })).toBe('/etc/xdg-test/mwkit');
    expect(configDir({})).toBe(join(homedir(), '.config', 'mwkit'));
    expect(configDir({ XDG_CONFIG_HOME: 'relative/dir' })).toBe(join(homedir(), '.config', 'mwkit'));
  });
});

describe('saveProfile', () => {
  it('writes config.json and credentials.json with mode 0600 in a 0700 folder, the token only in credentials', () => {
    saveProfile('prod', 'https://mwkit.example.com', { token: 's3cret-token', makeCurrent: 'if-none', env });
    const paths = configPaths(env);
    expect(modeOf(paths.dir)).toBe(0o700);
    expect(modeOf(paths.credentials)).toBe(0o600);
    expect(modeOf(paths.config)).toBe(0o600);
    expect(readFileSync(paths.config, 'utf8')).not.toContain('s3cret-token');
    expect(JSON.parse(readFileSync(paths.config, 'utf8'))).toEqual({ current: 'prod', environments: { prod: { url: 'https://mwkit.example.com' } } });
    expect(JSON.parse(readFileSync(paths.credentials, 'utf8'))).toEqual({ prod: { token: 's3cret-token' } });
  });

  it('makes credentials.json 0600 again even if someone loosened it', () => {
    saveProfile('prod', 'https://a.example', { token: 't1', env });
    chmodSync(configPaths(env).credentials, 0o644);
    saveProfile('test', 'https://b.example', { token: 't2', env });
    expect(modeOf(configPaths(env).credentials)).toBe(0o600);
  });

  it('keeps a token while the URL stays the same, and drops it when the URL changes', () => {
    saveProfile('prod', 'https://a.example', { token: 'tok-a', env });
    saveProfile('prod', 'https://a.example', { env });
    expect(findProfile('prod', env)?.token).toBe('tok-a');
    saveProfile('prod', 'https://b.example', { env });
    expect(findProfile('prod', env)).toEqual({ name: 'prod', url: 'https://b.example' });
  });

  it('makes the first profile current, not later ones, unless asked', () => {
    saveProfile('one', 'http://127.0.0.1:1', { makeCurrent: 'if-none', env });
    saveProfile('two', 'http://127.0.0.1:2', { makeCurrent: 'if-none', env });
    expect(readConfig(env).current).toBe('one');
    saveProfile('three', 'http://127.0.0.1:3', { makeCurrent: 'always', env });
    expect(readConfig(env).current).toBe('three');
  });

  it('refuses names that would not be safe as a profile key (exit 2)', () => {
    const error = thrown(() => saveProfile('../etc', 'http://x.example', { env }));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toMatch(/Invalid environment name/);
  });
});

describe('listProfiles, setCurrentProfile, removeProfile', () => {
  it('lists names sorted with the current one marked and whether a token is saved, never the token', () => {
    saveProfile('prod', 'https://p.example', { token: 'tok', env });
    saveProfile('dev', 'http://127.0.0.1:4300', { env });
    setCurrentProfile('dev', env);
    const listed = listProfiles(env);
    expect(listed).toEqual([
      { name: 'dev', url: 'http://127.0.0.1:4300', hasToken: false, isCurrent: true },
      { name: 'prod', url: 'https://p.example', hasToken: true, isCurrent: false },
    ]);
    expect(JSON.stringify(listed)).not.toContain('tok"');
  });

  it('names the known environments when asked to use an unknown one (exit 2)', () => {
    saveProfile('prod', 'https://p.example', { env });
    const error = thrown(() => setCurrentProfile('prd', env));
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toBe('No environment named "prd".');
    expect(error.hint).toContain('Known environments: prod');
  });

  it('removes the profile and its token, and there is no current one after removing it', () => {
    saveProfile('prod', 'https://p.example', { token: 'tok', makeCurrent: 'always', env });
    expect(removeProfile('prod', env)).toBe(true);
    expect(readConfig(env)).toEqual({ current: null, environments: {} });
    expect(readFileSync(configPaths(env).credentials, 'utf8')).not.toContain('tok');
    expect(removeProfile('prod', env)).toBe(false);
  });

  it('reports a config.json that is not JSON, with the fix', () => {
    mkdirSync(configDir(env), { recursive: true });
    writeFileSync(configPaths(env).config, '{ nope');
    const error = thrown(() => listProfiles(env));
    expect(error.message).toMatch(/config\.json is not valid JSON\.$/);
    expect(error.hint).toMatch(/mwkit env add/);
  });
});

describe('resolveTarget', () => {
  beforeEach(() => {
    saveProfile('local', 'http://127.0.0.1:4300', { token: 'local-token', makeCurrent: 'always', env });
    saveProfile('prod', 'https://prod.example', { token: 'prod-token', env });
  });

  it('uses --env, else MWKIT_ENV, else the current profile', () => {
    expect(resolveTarget({ processEnv: env })).toMatchObject({ name: 'local', token: 'local-token', source: 'current' });
    expect(resolveTarget({ processEnv: { ...env, MWKIT_ENV: 'prod' } })).toMatchObject({ name: 'prod', url: 'https://prod.example', source: 'MWKIT_ENV' });
    expect(resolveTarget({ env: 'local', processEnv: { ...env, MWKIT_ENV: 'prod' } })).toMatchObject({ name: 'local', source: 'flag' });
  });

  it('takes MWKIT_URL and MWKIT_TOKEN without any profile (CI)', () => {
    const ci = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'mwkit-ci-')), MWKIT_URL: 'https://ci.example/', MWKIT_TOKEN: 'ci-token' };
    expect(resolveTarget({ processEnv: ci })).toEqual({ name: null, url: 'https://ci.example', token: 'ci-token', source: 'MWKIT_URL', isTokenFromEnv: true });
  });

  it('lets MWKIT_TOKEN override the token of the selected profile', () => {
    expect(resolveTarget({ env: 'prod', processEnv: { ...env, MWKIT_TOKEN: 'rotated' } })).toMatchObject({ name: 'prod', token: 'rotated', isTokenFromEnv: true });
  });

  it('never sends a profile token to another URL given by MWKIT_URL', () => {
    const target = resolveTarget({ env: 'prod', processEnv: { ...env, MWKIT_URL: 'https://elsewhere.example' } });
    expect(target.url).toBe('https://elsewhere.example');
    expect(target.token).toBeUndefined();
  });

  it('with MWKIT_URL set, ignores the current profile', () => {
    expect(resolveTarget({ processEnv: { ...env, MWKIT_URL: 'https://ci.example' } })).toMatchObject({ name: null, source: 'MWKIT_URL' });
  });

  it('is a usage error (exit 2) with the fix when nothing is selected, or the name is unknown', () => {
    const empty = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'mwkit-empty-')) };
    const none = thrown(() => resolveTarget({ processEnv: empty }));
    expect(none.exitCode).toBe(ExitCode.usage);
    expect(none.message).toBe('No environment selected.');
    expect(none.hint).toMatch(/mwkit env add <name> --url <url> --token-stdin.*MWKIT_URL and MWKIT_TOKEN/);
    const unknown = thrown(() => resolveTarget({ env: 'staging', processEnv: env }));
    expect(unknown.message).toBe('No environment named "staging".');
  });
});

describe('normalizeEnvironmentUrl', () => {
  it('drops trailing slashes and keeps a path prefix', () => {
    expect(normalizeEnvironmentUrl('http://127.0.0.1:4300/')).toBe('http://127.0.0.1:4300');
    expect(normalizeEnvironmentUrl('https://host.example/mwkit//')).toBe('https://host.example/mwkit');
  });

  it("takes a pasted API or app address for the environment's own", () => {
    expect(normalizeEnvironmentUrl('https://host.example/api/v1')).toBe('https://host.example');
    expect(normalizeEnvironmentUrl('https://host.example/mwkit/api/v1/')).toBe('https://host.example/mwkit');
    expect(normalizeEnvironmentUrl('http://127.0.0.1:4300/app/')).toBe('http://127.0.0.1:4300');
    expect(normalizeEnvironmentUrl('https://host.example/apps')).toBe('https://host.example/apps');
  });

  it('refuses other schemes, credentials in the URL, queries, and non-URLs (exit 2)', () => {
    for (const bad of ['ftp://x.example', 'https://user:pw@x.example', 'https://x.example/?a=1', 'localhost:4300 x']) {
      expect(thrown(() => normalizeEnvironmentUrl(bad)).exitCode).toBe(ExitCode.usage);
    }
  });

  it('calls plain http insecure except on this machine', () => {
    expect(isInsecureUrl('http://127.0.0.1:4300')).toBe(false);
    expect(isInsecureUrl('http://localhost:4300')).toBe(false);
    expect(isInsecureUrl('http://mwkit.example.com')).toBe(true);
    expect(isInsecureUrl('https://mwkit.example.com')).toBe(false);
  });

  it('describes a target by name and URL', () => {
    expect(describeTarget({ name: 'prod', url: 'https://p.example' })).toBe('prod (https://p.example)');
    expect(describeTarget({ name: null, url: 'https://p.example' })).toBe('https://p.example');
  });
});
