#!/bin/sh
# make_large_seeds.sh DIR - writes seed inputs too large to keep in git into
# DIR, so the fuzzers start at the importer's limits: a field just over
# 64 KiB, a record just over 1 MiB (many fields of 60 KiB), a record with
# more than 1024 fields, and an unterminated quote followed by many rows.
set -eu
dir=$1
mkdir -p "$dir"
header='date,time_in,customer,phone,salesperson,model,test_drive,quote,timeframe,outcome,defeat_reason,notes'
row='2026-10-05,10:00,王一,13811110001,张伟,卡罗拉,是,,1个月,,,'
repeat() { # repeat TEXT COUNT: TEXT written COUNT times, no newline
    awk -v t="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", t }'
}
{
    echo "$header"
    echo "$row"
    printf '2026-10-06,11:00,王二,13811110002,张伟,卡罗拉,否,,,战败,"'
    repeat 价 22000 # 66,000 bytes: over the 64 KiB field limit
    printf '",\n'
    echo "$row"
} > "$dir/field_over_64k.csv"
{
    echo "$header"
    printf '2026-10-06,11:00,王二,13811110002,张伟,卡罗拉,否,,,战败,价格,'
    for i in $(seq 18); do
        repeat abcdefghij 6000 # 60,000 bytes each: 18 of them pass 1 MiB
        printf ','
    done
    printf '\n'
    echo "$row"
} > "$dir/record_over_1m.csv"
{
    echo "$header"
    printf '2026-10-06,11:00,王二,13811110002,张伟,卡罗拉'
    repeat ',x' 1100
    printf '\n'
    echo "$row"
} > "$dir/fields_over_1024.csv"
{
    echo "$header"
    echo '2026-10-06,11:00,"王二,13811110002,张伟,卡罗拉,否,,,,,'
    for i in $(seq 3000); do echo "$row"; done
} > "$dir/unterminated_quote_then_rows.csv"
