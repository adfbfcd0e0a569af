/**
 * Where reports go: stdout, or the files of `-o FORMAT=PATH` and `--save-inventory`.
 *
 * Every path is checked before the scan, so a mistake costs no scan: two outputs on one file, a parent
 * that is a file, a directory or a socket as the target. A regular file (or a symlink to one, which is
 * followed) is written atomically: a temporary file beside the target, renamed over it, so readers never
 * see half a report. A FIFO, a character device (/dev/null, a terminal) or a /dev/stdout-style path is
 * written straight through: renaming over it would replace the device or the link with a plain file.
 */
import { randomBytes } from 'node:crypto';
import { constants, writeFileSync, type Stats } from 'node:fs';
import { access, chmod, mkdir, readlink, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** An output the user asked for, named as on the command line (`-o json`, `--save-inventory`). */
export interface OutputRequest {
  path: string;
  label: string;
}

/** An output whose path was checked: a file to replace atomically, or a stream to write through. */
export interface PlannedOutput extends OutputRequest {
  kind: 'file' | 'stream';
  /** Where the bytes go: a symlink's final target for files; the path as given for streams. */
  target: string;
  /** What identifies the destination, to find two outputs on one file whatever the spelling. */
  identity: string;
  /** The existing file's permissions, kept by the replacement. */
  mode?: number | undefined;
  /** For a stream of this process (`/dev/stdout`, `/dev/fd/3`), its file descriptor. */
  fd?: number | undefined;
}

/**
 * Paths that name one of this process's own file descriptors. They are written to the descriptor itself:
 * opening the path fails when it is a socket (ENXIO), as stdout is under many process supervisors.
 */
const PROCESS_STREAM = /^\/(?:dev\/(?:(stdout)|(stderr)|fd\/(\d+))|proc\/self\/fd\/(\d+))$/;

function processDescriptor(file: string): number | undefined {
  const match = PROCESS_STREAM.exec(file);
  if (match === null) return undefined;
  const [, stdout, stderr, fd, procFd] = match;
  return stdout !== undefined ? 1 : stderr !== undefined ? 2 : Number(fd ?? procFd);
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

async function statOrUndefined(file: string, label: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new UsageError(`${label} ${file}: a parent of it is a file, not a directory`);
    throw new UsageError(`${label} ${file}: ${code}`);
  }
}

async function writable(file: string, request: OutputRequest): Promise<void> {
  try {
    await access(file, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${request.label} ${request.path}: ${file} is not writable (${errorCode(error)})`);
  }
}

/** The path a new file will have: a dangling symlink's target, else the path itself. */
async function newFileTarget(file: string): Promise<string> {
  try {
    const link = await readlink(file);
    return path.resolve(path.dirname(file), link);
  } catch {
    return path.resolve(file);
  }
}

/** The nearest existing ancestor must be a directory (the rest is created when writing). */
async function checkParent(file: string, request: OutputRequest): Promise<string> {
  let directory = path.dirname(file);
  for (;;) {
    const found = await statOrUndefined(directory, request.label);
    if (found?.isDirectory() === true) {
      await writable(directory, request);
      return path.join(await realpath(directory), path.relative(directory, file));
    }
    if (found !== undefined) {
      throw new UsageError(`${request.label} ${request.path}: ${directory} is a file, not a directory`);
    }
    const parent = path.dirname(directory);
    if (parent === directory) return file;
    directory = parent;
  }
}

async function planOne(request: OutputRequest): Promise<PlannedOutput> {
  const { path: file, label } = request;
  const fd = processDescriptor(file);
  if (fd !== undefined) return { ...request, kind: 'stream', target: file, identity: `fd:${fd}`, fd };
  const found = await statOrUndefined(file, label);
  if (found === undefined) {
    const target = await checkParent(await newFileTarget(file), request);
    return { ...request, kind: 'file', target, identity: target };
  }
  const identity = `${found.dev}:${found.ino}`;
  if (found.isFile()) {
    const target = await realpath(file);
    // The replacement is created beside the target, so it is the directory that must be writable.
    await writable(path.dirname(target), request);
    return { ...request, kind: 'file', target, identity, mode: found.mode };
  }
  if (found.isFIFO() || found.isCharacterDevice()) {
    await writable(file, request);
    return { ...request, kind: 'stream', target: file, identity };
  }
  const what = found.isDirectory() ? 'a directory' : 'neither a file, a FIFO nor a character device';
  throw new UsageError(`${label} ${file} is ${what}`);
}

/** Checks every output before the scan; any problem, two outputs on one destination included, is a UsageError. */
export async function planOutputs(requests: readonly OutputRequest[]): Promise<PlannedOutput[]> {
  const planned = await Promise.all(requests.map(planOne));
  const seen = new Map<string, PlannedOutput>();
  for (const output of planned) {
    const earlier = seen.get(output.identity);
    if (earlier !== undefined) {
      throw new UsageError(
        `${earlier.label} and ${output.label} would both write ${output.path}; give each its own path`,
      );
    }
    seen.set(output.identity, output);
  }
  return planned;
}

/** Readers never see a half-written file: write beside it, then rename over it. */
async function replaceAtomically(output: PlannedOutput, text: string): Promise<void> {
  const directory = path.dirname(output.target);
  const temporary = path.join(directory, `.${path.basename(output.target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(temporary, text, 'utf8');
    if (output.mode !== undefined) await chmod(temporary, output.mode & 0o7777);
    await rename(temporary, output.target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** This process's stdout and stderr, written through their streams so they keep their order. */
export type ProcessStreams = Readonly<Record<1 | 2, NodeJS.WritableStream>>;

function writeToStream(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (error === null || error === undefined) resolve();
      else reject(error);
    });
  });
}

/** Writes one output; the failure, if any, is returned as the line that tells the user. */
export async function writeOutput(
  output: PlannedOutput,
  text: string,
  streams: ProcessStreams,
): Promise<string | undefined> {
  try {
    if (output.kind === 'file') await replaceAtomically(output, text);
    else if (output.fd === 1 || output.fd === 2) await writeToStream(streams[output.fd], text);
    else if (output.fd !== undefined) writeFileSync(output.fd, text);
    else await writeFile(output.target, text, 'utf8');
    return undefined;
  } catch (error) {
    return `cannot write ${output.label} ${output.path}: ${errorCode(error)}`;
  }
}
