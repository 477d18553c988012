/**
 * The modules a cell may import besides "scanbook", resolved locally (never from a CDN): the
 * specifiers Notebook Kit writes (`npm:@observablehq/plot`, a pinned version, a subpath) all
 * go to the one installed copy, loaded as the host (page or Node) sees fit.
 */
export interface ModuleLoaders {
  plot(): Promise<unknown>;
  inputs(): Promise<unknown>;
}

const packageOf = (name: string) => new RegExp(`(^|/|npm:)@observablehq/${name}(@[^/]*)?(/|$)`);
const PLOT = packageOf("plot"),
  INPUTS = packageOf("inputs");

export function moduleResolver(loaders: ModuleLoaders): (specifier: string) => Promise<unknown> | undefined {
  return (specifier) => {
    if (PLOT.test(specifier)) return loaders.plot();
    if (INPUTS.test(specifier)) return loaders.inputs();
    return undefined;
  };
}
