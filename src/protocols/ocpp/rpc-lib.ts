// ocpp-rpc, loaded with lazy schema validators. The library's lib/standard-validators.js builds an
// ajv instance per subprotocol at load time and feeds it the whole schema file: OCPP 1.6 (78 kB),
// 2.0.1 (526 kB) and 2.1 (1.07 MB, a version ampshare never speaks). That costs the daemon about
// 15 MB of memory whether a station of that version ever connects or not. Here each validator is
// built on its first use instead, from the same files with the library's own createValidator(), so
// validation is exactly the library's. The module is put in require's cache before the library's
// server and client load it; if something loaded the library first, its own validators stay (same
// behaviour, more memory). Every import of ocpp-rpc's values in src/ goes through this module.
import { createRequire } from 'node:module';
import type * as Lib from 'ocpp-rpc';

const require = createRequire(import.meta.url);

interface Validator {
  readonly subprotocol: string;
  validate(schemaId: string, params: unknown): boolean;
}

type CreateValidator = (subprotocol: string, schema: unknown) => Validator;

const SCHEMAS: readonly (readonly [subprotocol: string, file: string])[] = [
  ['ocpp1.6', 'ocpp-rpc/lib/schemas/ocpp1_6.json'],
  ['ocpp2.0.1', 'ocpp-rpc/lib/schemas/ocpp2_0_1.json'],
  ['ocpp2.1', 'ocpp-rpc/lib/schemas/ocpp2_1.json'],
];

/** A validator that reads its schema file and compiles on the first message it checks. */
class LazyValidator implements Validator {
  #inner: Validator | null = null;
  constructor(
    readonly subprotocol: string,
    private readonly file: string,
    private readonly create: CreateValidator,
  ) {}

  validate(schemaId: string, params: unknown): boolean {
    this.#inner ??= this.create(this.subprotocol, require(this.file));
    return this.#inner.validate(schemaId, params);
  }
}

/**
 * Installs the lazy validators in place of lib/standard-validators.js. False when the library
 * loaded its own already, or when its files are not where this expects them (a later version with
 * an `exports` map, say): then the library validates as it always did.
 */
function installLazyValidators(): boolean {
  let path: string;
  try {
    path = require.resolve('ocpp-rpc/lib/standard-validators.js');
    require.resolve('ocpp-rpc/lib/validator.js');
    for (const [, file] of SCHEMAS) require.resolve(file);
  } catch {
    return false;
  }
  if (require.cache[path]) return false;
  const { createValidator } = require('ocpp-rpc/lib/validator.js') as { createValidator: CreateValidator };
  const validators = SCHEMAS.map(
    ([subprotocol, file]) => new LazyValidator(subprotocol, file, createValidator),
  );
  const mod = new (require('node:module') as { Module: new (id: string) => NodeJS.Module }).Module(path);
  mod.filename = path;
  mod.loaded = true;
  mod.exports = validators;
  require.cache[path] = mod;
  return true;
}

/** True when this process validates with the lazy validators (tests check it). */
export const lazyValidators = installLazyValidators();

const lib = require('ocpp-rpc') as typeof Lib;

export const RPCServer = lib.RPCServer;
export type RPCServer = Lib.RPCServer;
export const RPCClient = lib.RPCClient;
export type RPCClient = Lib.RPCClient;
export type { ClientOptions, HandlerArgs, RPCServerClient } from 'ocpp-rpc';
