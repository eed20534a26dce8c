// duckdb_funnel.mjs - DuckDB, one of the peers `make bench` times funnel against
// (src/tools/bench.sh): loads the generator's visit and call logs into a DuckDB
// database and computes the month's funnel per owner as DOMAIN.md 7.1 defines it.
//
//   node bench/duckdb_funnel.mjs --modules DIR --db FILE --month YYYY-MM VISITS CALLS
//       loads both files, prints the funnel: one line per owner and one for
//       the total, "salesperson<TAB>prospects<TAB>visitors<TAB>buyers" (the
//       total's salesperson is "(total)"), owners sorted by name
//   node bench/duckdb_funnel.mjs --modules DIR --db FILE --load visits|calls FILE
//       loads one file and prints its row count (the import alone)
//
// DIR holds node_modules with @duckdb/node-api (the bench installs it with npm
// under build/bench/). FILE is a database that does not exist yet.
//
// The files are the samples generator's benchmark files: clean UTF-8 with
// canonical English headers, ISO dates, HH:MM:SS times. The normalization is
// the part of DOMAIN.md section 5 such files need: the phone read as digits
// (86/0086 dropped, 5.2) identifies the customer when it is a valid mobile or
// landline, else the row is a customer of its own; the outcome words of 5.5.
// Contacts are taken in time order, visits before calls at the same moment
// (funnel imports the visits first), then in file order, up to the month's
// last day (the date funnel's report grades as of).
import { createRequire } from 'node:module';
import path from 'node:path';

function usage(message) {
    process.stderr.write(`duckdb_funnel: ${message}\n` +
        'usage: duckdb_funnel.mjs --modules DIR --db FILE (--month YYYY-MM VISITS CALLS | --load visits|calls FILE)\n');
    process.exit(1);
}

function parseArgs(argv) {
    const args = { files: [] };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        if (['--modules', '--db', '--month', '--load'].includes(flag)) {
            if (i + 1 >= argv.length) usage(`${flag} needs a value`);
            args[flag.slice(2)] = argv[++i];
        } else if (flag.startsWith('--')) {
            usage(`unknown option ${flag}`);
        } else {
            args.files.push(flag);
        }
    }
    if (!args.modules || !args.db) usage('--modules and --db are required');
    if (args.load !== undefined) {
        if (!['visits', 'calls'].includes(args.load) || args.files.length !== 1) usage('--load takes visits or calls and one FILE');
    } else if (!/^\d{4}-\d{2}$/.test(args.month || '') || args.files.length !== 2) {
        usage('--month YYYY-MM and two files, VISITS and CALLS, are required');
    }
    return args;
}

// A SQL string literal.
function quote(text) {
    return `'${text.replaceAll("'", "''")}'`;
}

// Loads a CSV file as text columns in file order (rowid is the file order).
function loadSql(table, file) {
    return `CREATE TABLE ${table} AS SELECT * FROM read_csv(${quote(file)}, header = true, all_varchar = true)`;
}

// The funnel of the month [from, to] per owner, and its total.
function funnelSql(from, to) {
    return `
WITH contacts AS (
    SELECT "date" AS day, coalesce(time_in, '') AS clock, 0 AS src, rowid AS line,
           coalesce(phone, '') AS phone, salesperson, trim(coalesce(outcome, '')) AS outcome, 1 AS visit
    FROM visits
    UNION ALL
    SELECT substr(datetime, 1, 10), coalesce(substr(datetime, 12), ''), 1, rowid,
           coalesce(phone, ''), salesperson, trim(coalesce(outcome, '')), 0
    FROM calls
), digits AS (
    SELECT *, regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'), '^(0086|86)([0-9]{11})$', '\\2') AS number
    FROM contacts
), keyed AS (
    SELECT day, clock, src, line, salesperson, visit,
           CASE WHEN regexp_full_match(number, '1[3-9][0-9]{9}|0[0-9]{6,11}|[1-9][0-9]{6,7}') THEN number
                ELSE '#' || src || ':' || line END AS customer,
           CASE WHEN outcome IN ('订车', '下定', '订单', '已订车', '交定金') OR lower(outcome) IN ('order', 'deposit') THEN 'ORDER'
                WHEN outcome IN ('交车', '已交车', '提车') OR lower(outcome) = 'delivered' THEN 'DELIVERED'
           END AS code
    FROM digits
    WHERE day <= ${quote(to)} -- as of the month's last day, as funnel's report
), customers AS (
    SELECT customer,
           arg_min(salesperson, struct_pack(d := day, c := clock, s := src, l := line)) AS owner,
           coalesce(min(day) FILTER (WHERE code = 'ORDER'), min(day) FILTER (WHERE code = 'DELIVERED')) AS buy_day,
           max(visit) FILTER (WHERE day BETWEEN ${quote(from)} AND ${quote(to)}) AS visited,
           count(*) FILTER (WHERE day BETWEEN ${quote(from)} AND ${quote(to)}) AS in_month
    FROM keyed
    GROUP BY customer
), month AS (
    SELECT owner, visited, coalesce(buy_day BETWEEN ${quote(from)} AND ${quote(to)}, false)::INTEGER AS bought
    FROM customers
    WHERE in_month > 0
)
SELECT owner, count(*)::BIGINT, sum(visited)::BIGINT, sum(bought)::BIGINT FROM month GROUP BY owner
UNION ALL
SELECT '(total)', count(*)::BIGINT, sum(visited)::BIGINT, sum(bought)::BIGINT FROM month
ORDER BY 1`;
}

function lastDay(month) {
    const [year, number] = month.split('-').map(Number);
    const days = new Date(Date.UTC(year, number, 0)).getUTCDate();
    return `${month}-${String(days).padStart(2, '0')}`;
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    const require = createRequire(path.join(path.resolve(args.modules), 'index.js'));
    const { DuckDBInstance } = require('@duckdb/node-api');
    const instance = await DuckDBInstance.create(args.db);
    const connection = await instance.connect();
    if (args.load !== undefined) {
        await connection.run(loadSql(args.load, args.files[0]));
        const count = await connection.runAndReadAll(`SELECT count(*)::BIGINT FROM ${args.load}`);
        process.stdout.write(`${count.getRows()[0][0]}\n`);
    } else {
        await connection.run(loadSql('visits', args.files[0]));
        await connection.run(loadSql('calls', args.files[1]));
        const result = await connection.runAndReadAll(funnelSql(`${args.month}-01`, lastDay(args.month)));
        const lines = result.getRows().map((row) => row.join('\t'));
        process.stdout.write(lines.join('\n') + '\n');
    }
    connection.closeSync();
    instance.closeSync();
}

main().catch((error) => {
    process.stderr.write(`duckdb_funnel: ${error.message}\n`);
    process.exit(1);
});
