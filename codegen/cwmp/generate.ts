/** Runs every CWMP emitter over the model and writes the files under `<outDir>/cwmp/`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emitDecoders } from './emit-decoders.js';
import { emitEncoders } from './emit-encoders.js';
import { emitHeaders } from './emit-headers.js';
import { emitNames } from './emit-names.js';
import { emitProto, emitProtoDescriptor } from './emit-proto.js';
import { emitTypes } from './emit-types.js';
import { buildModel } from './model.js';

/** File name → content, for the generated CWMP codec. Pure: same schemas, same bytes. */
export function generateCwmpFiles(bbfDir: string): Map<string, string> {
  const model = buildModel(bbfDir);
  return new Map([
    ['cwmp.proto', emitProto(model)],
    ['cwmp-proto-descriptor.ts', emitProtoDescriptor(model)],
    ['decoders.ts', emitDecoders(model)],
    ['encoders.ts', emitEncoders(model)],
    ['headers.ts', emitHeaders(model)],
    ['names.ts', emitNames(model)],
    ['types.ts', emitTypes(model)],
  ]);
}

export async function writeCwmpCodec(bbfDir: string, outDir: string): Promise<string[]> {
  const dir = join(outDir, 'cwmp');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of generateCwmpFiles(bbfDir)) {
    await writeFile(join(dir, name), content);
    written.push(join(dir, name));
  }
  return written;
}
