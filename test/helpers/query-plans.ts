import { CompiledQuery, sql, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely';
import type { Db, DbOrTx } from '../../src/platform/db/client.ts';

/** One node of `EXPLAIN (FORMAT JSON)`. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * Runs `work` against the database (for real), capturing every query it sends, then explains each one with
 * sequential scans and sorts priced out of reach: what remains shows whether an index can serve the query's
 * filter and order at any table size, without loading a large table into the test.
 */
export async function explainQueriesOf(db: Db, work: (db: DbOrTx) => Promise<unknown>, settings: { indexScan?: boolean; sort?: boolean; costlyFilters?: boolean } = {}): Promise<PlanNode[]> {
  const captured: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  const capture: KyselyPlugin = {
    transformQuery: (args) => {
      captured.push(args);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await work(db.withPlugin(capture));
  // Session settings a service makes (SET LOCAL …) are not queries to explain.
  const queries = captured.map(({ node, queryId }) => db.getExecutor().compileQuery(node, queryId)).filter((query) => !/^\s*SET\b/i.test(query.sql));
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(tx);
    if (settings.sort !== true) await sql`SET LOCAL enable_sort = off`.execute(tx);
    if (settings.indexScan === false) await sql`SET LOCAL enable_indexscan = off`.execute(tx);
    // Filtering a row priced as if the table were far larger than a test's: the planner then prefers an
    // index that finds the few matches over reading every row of the organization and testing each.
    if (settings.costlyFilters) await sql`SET LOCAL cpu_tuple_cost = 1`.execute(tx);
    const plans: PlanNode[] = [];
    for (const query of queries) {
      const result = await tx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]));
      const raw = result.rows[0]!['QUERY PLAN'];
      plans.push(((typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>)[0]!.Plan);
    }
    return plans;
  });
}

/** The plan whose tree reads `table` (the listing query among the ones captured). */
export function planReading(plans: PlanNode[], table: string): PlanNode {
  const found = plans.find((plan) => nodes(plan).some((node) => node['Relation Name'] === table && node['Node Type'] !== 'Result'));
  if (!found) throw new Error(`no captured query reads ${table}`);
  return found;
}

/**
 * The driving path of a plan: from the root down through each node's first (outer) child to the leaf
 * that produces the rows in the order the page returns them.
 */
export function drivingPath(plan: PlanNode): PlanNode[] {
  const path = [plan];
  while (path.at(-1)!.Plans?.length) path.push(path.at(-1)!.Plans![0]!);
  return path;
}

export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
