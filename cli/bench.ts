export async function bench(_a: string[]): Promise<number> { return 0; }
