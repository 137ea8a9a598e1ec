declare module 'autocannon' {
  interface Result {
    latency: { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
    requests: { total: number; average: number };
    non2xx: number;
    errors: number;
  }
  interface Options {
    url: string;
    connections?: number;
    amount?: number;
    duration?: number;
    requests?: Array<{ method?: string; path?: string; setupRequest?: (req: { path: string }) => { path: string } }>;
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
