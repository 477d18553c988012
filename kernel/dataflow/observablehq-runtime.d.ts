// The runtime ships no types; these cover what the dataflow kernel uses, including the few
// internals it reads (reachability and the scheduled computation) to know when all is settled.
declare module "@observablehq/runtime" {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: unknown, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export type VariableDefinition = (...inputs: any[]) => unknown;
  export class Variable {
    define(name: string | null, inputs: readonly string[], definition: VariableDefinition): this;
    delete(): void;
    readonly _name: string | null;
    readonly _value: unknown;
    readonly _reachable: boolean;
    readonly _inputs: Variable[];
  }
  export class Module {
    variable(observer?: Observer | boolean): Variable;
    define(name: string | null, inputs: readonly string[], definition: VariableDefinition): Variable;
    value(name: string): Promise<unknown>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, VariableDefinition>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
    readonly _variables: Set<Variable>;
    readonly _computing: Promise<void> | null;
    _compute(): Promise<void>;
  }
  export class RuntimeError extends Error {
    readonly input?: string;
  }
}
