// The computation of SEMANTICS.md done by DuckDB, the independent implementation the tests and the
// benchmark compare etl-app with: per window (and sensor), Q1/Q3 by quantile_cont, the readings inside
// [Q1, Q3] kept, their average. Input: an NDJSON or JSON-array file of readings that are all valid and on time.
//   node duckdb_hourly.mjs INPUT all|sensor WINDOW_SECONDS [OUT.parquet]
// Without OUT, prints the rows as JSON lines (doubles in shortest round-trip form, integers as strings);
// with OUT, writes them there as Parquet (COPY TO), as etl-app would.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');
const [input, scope, windowArg, out] = process.argv.slice(2);
const W = Number(windowArg || 3600);
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
const by = scope === 'sensor' ? ', sensor_id' : '';
const sql = `
  WITH r AS (
    SELECT (floor("timestamp" / ${W}) * ${W})::BIGINT AS w, "sensor-id" AS sensor_id, temperature
    FROM read_json(${lit(input)}, format = 'auto',
                   columns = {"timestamp": 'DOUBLE', "sensor-id": 'BIGINT', "temperature": 'DOUBLE'})),
  q AS (
    SELECT w${by}, count(*) AS readings, quantile_cont(temperature, 0.25) AS q1,
           quantile_cont(temperature, 0.75) AS q3
    FROM r GROUP BY w${by})
  SELECT to_timestamp(q.w) AS window_start, to_timestamp(q.w + ${W}) AS window_end${by ? ', q.sensor_id' : ''},
         q.readings, count(*) FILTER (WHERE r.temperature BETWEEN q.q1 AND q.q3) AS kept, q.q1, q.q3,
         avg(r.temperature) FILTER (WHERE r.temperature BETWEEN q.q1 AND q.q3) AS avg_temperature
  FROM q JOIN r ON r.w = q.w${by ? ' AND r.sensor_id = q.sensor_id' : ''}
  GROUP BY q.w${by ? ', q.sensor_id' : ''}, q.readings, q.q1, q.q3
  ORDER BY q.w${by ? ', q.sensor_id' : ''}`;
const db = await (await DuckDBInstance.create(':memory:')).connect();
if (out) {
  await db.run(`COPY (${sql}) TO ${lit(out)} (FORMAT parquet)`);
} else {
  const rows = (await db.runAndReadAll(sql)).getRowObjects();
  for (const r of rows) {
    const o = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null) o[k] = null;
      else if (typeof v === 'bigint') o[k] = v.toString();
      else if (typeof v === 'object' && 'micros' in v) o[k] = (BigInt(v.micros) / 1000n).toString();
      else o[k] = String(v);
    }
    console.log(JSON.stringify(o));
  }
}
