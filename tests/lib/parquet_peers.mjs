// Reads Parquet files with three independent readers (DuckDB, parquet-wasm = the Rust parquet crate,
// hyparquet + hyparquet-compressors) and prints, per file, one JSON line:
//   {"file", "rows": [{column: "value"}], "schema": [...], "columns": [...], "created_by"}
// Values are strings so nothing is rounded on the way: integers in decimal, timestamps in epoch
// milliseconds, doubles in JavaScript's shortest round-trip form ("-0" kept), null as null.
// Exits 1 when the readers disagree on any value, naming the file, row and column.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');
const wasm = require('parquet-wasm/node');
const arrow = require('apache-arrow');
const { parquetReadObjects, parquetMetadata } = await import('hyparquet');
const { compressors } = await import('hyparquet-compressors');
// hyparquet's own thrift decoder, for the footer fields its metadata leaves out (column_orders)
const hyparquetDir = require.resolve('hyparquet').replace(/src[\/][^\/]*$/, '');
const { deserializeTCompactProtocol } = await import(pathToFileURL(hyparquetDir + 'src/thrift.js').href);

function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return String(v.getTime());
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'object' && 'micros' in v) return (BigInt(v.micros) / 1000n).toString(); // DuckDB TIMESTAMPTZ
  return String(v);
}
const normRows = (rows) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])));

const db = await (await DuckDBInstance.create(':memory:')).connect();
const q = async (sql) => (await db.runAndReadAll(sql)).getRowObjects();
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
let bad = 0;
for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  const duck = normRows(await q(`SELECT * FROM read_parquet(${lit(file)}, hive_partitioning = false)`));
  const rust = normRows(arrow.tableFromIPC(wasm.readParquet(new Uint8Array(bytes)).intoIPCStream()).toArray()
    .map((r) => r.toJSON()));
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const hyp = normRows(await parquetReadObjects({ file: ab, compressors }));
  const readers = { 'parquet-wasm': rust, hyparquet: hyp };
  for (const [name, rows] of Object.entries(readers)) {
    const a = JSON.stringify(duck), b = JSON.stringify(rows);
    if (a !== b) {
      bad++;
      console.error(`${file}: DuckDB and ${name} disagree:\n  duckdb: ${a}\n  ${name}: ${b}`);
    }
  }
  const schema = (await q(`SELECT name, type, repetition_type, converted_type, logical_type
                           FROM parquet_schema(${lit(file)})`)).map((r) => normRows([r])[0]);
  const columns = (await q(`SELECT path_in_schema, type, compression, stats_min_value, stats_max_value,
                            stats_null_count, encodings FROM parquet_metadata(${lit(file)})`))
    .map((r) => normRows([r])[0]);
  const meta = (await q(`SELECT created_by FROM parquet_file_metadata(${lit(file)})`))[0];
  const hmeta = parquetMetadata(ab);
  const footerLen = bytes.readUInt32LE(bytes.length - 8);
  const raw = deserializeTCompactProtocol({ view: new DataView(ab, bytes.length - 8 - footerLen, footerLen), offset: 0 });
  const orders = (raw.field_7 || []).map((o) => (o && o.field_1 !== undefined ? 'TYPE_ORDER' : 'other'));
  console.log(JSON.stringify({ file, rows: duck, schema, columns, created_by: meta.created_by,
    column_orders: orders, num_rows: String(hmeta.num_rows) }));
}
process.exit(bad ? 1 : 0);
