"""pandas_funnel.py - pandas, one of the peers `make bench` times funnel against
(src/tools/bench.sh): reads the generator's visit and call logs into data frames
and computes the month's funnel per owner as DOMAIN.md 7.1 defines it.

    python3 bench/pandas_funnel.py --month YYYY-MM VISITS CALLS
        reads both files, prints the funnel: one line per owner and one for
        the total, "salesperson<TAB>prospects<TAB>visitors<TAB>buyers" (the
        total's salesperson is "(total)"), owners sorted by name
    python3 bench/pandas_funnel.py --load visits|calls FILE
        reads one file and prints its row count (the import alone)

Run it with Debian's python3 (/usr/bin/python3), which python3-pandas serves.
The files are the samples generator's benchmark files: clean UTF-8 with
canonical English headers, ISO dates, HH:MM:SS times. The normalization is the
part of DOMAIN.md section 5 such files need: the phone read as digits (86/0086
dropped, 5.2) identifies the customer when it is a valid mobile or landline,
else the row is a customer of its own; the outcome words of 5.5. Contacts are
taken in time order, visits before calls at the same moment (funnel imports
the visits first), then in file order, up to the month's last day (the date
funnel's report grades as of).
"""
import argparse
import calendar
import sys

import pandas as pd

ORDER_WORDS = {"订车", "下定", "订单", "已订车", "交定金", "order", "deposit"}
DELIVERED_WORDS = {"交车", "已交车", "提车", "delivered"}
VALID_PHONE = r"^(?:1[3-9]\d{9}|0\d{6,11}|[1-9]\d{6,7})$"


def load(path):
    """The file's rows, every column as text, empty cells as ""."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def contacts(visits, calls):
    """Both logs as one frame of day, clock, src (0 visits, 1 calls), line,
    phone, salesperson, outcome, visit (1 for a visit-log row)."""
    parts = [
        pd.DataFrame({"day": visits["date"], "clock": visits["time_in"], "src": 0,
                      "line": range(len(visits)), "phone": visits["phone"],
                      "salesperson": visits["salesperson"], "outcome": visits["outcome"], "visit": 1}),
        pd.DataFrame({"day": calls["datetime"].str[:10], "clock": calls["datetime"].str[11:], "src": 1,
                      "line": range(len(calls)), "phone": calls["phone"],
                      "salesperson": calls["salesperson"], "outcome": calls["outcome"], "visit": 0}),
    ]
    return pd.concat(parts, ignore_index=True)


def customer_keys(frame):
    """The customer of each row: its phone's digits when they are a valid
    phone, else a key of the row alone."""
    number = frame["phone"].str.replace(r"\D", "", regex=True)
    number = number.str.replace(r"^(?:0086|86)(\d{11})$", r"\1", regex=True)
    own = "#" + frame["src"].astype(str) + ":" + frame["line"].astype(str)
    return number.where(number.str.match(VALID_PHONE), own)


def outcome_codes(frame):
    words = frame["outcome"].str.strip()
    lower = words.str.lower()
    code = pd.Series(None, index=frame.index, dtype=object)
    code[words.isin(ORDER_WORDS) | lower.isin(ORDER_WORDS)] = "ORDER"
    code[words.isin(DELIVERED_WORDS) | lower.isin(DELIVERED_WORDS)] = "DELIVERED"
    return code


def funnel(visits, calls, month):
    """Rows (salesperson, prospects, visitors, buyers), the total last."""
    year, number = (int(x) for x in month.split("-"))
    first, last = f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"
    frame = contacts(visits, calls)
    frame = frame[frame["day"] <= last].copy()  # as of the month's last day, as funnel's report
    frame["customer"] = customer_keys(frame)
    frame["code"] = outcome_codes(frame)

    ordered = frame.sort_values(["day", "clock", "src", "line"], kind="mergesort")
    owner = ordered.drop_duplicates("customer").set_index("customer")["salesperson"]
    order_day = frame[frame["code"] == "ORDER"].groupby("customer")["day"].min()
    delivered_day = frame[frame["code"] == "DELIVERED"].groupby("customer")["day"].min()
    buy_day = order_day.combine_first(delivered_day)

    in_month = frame[(frame["day"] >= first) & (frame["day"] <= last)]
    people = in_month.groupby("customer")["visit"].max().to_frame("visitors")
    people["prospects"] = 1
    bought = buy_day.reindex(people.index)
    people["buyers"] = ((bought >= first) & (bought <= last)).astype(int)
    people["salesperson"] = owner.reindex(people.index)
    by_owner = people.groupby("salesperson")[["prospects", "visitors", "buyers"]].sum().sort_index()
    rows = [(name, int(r.prospects), int(r.visitors), int(r.buyers)) for name, r in by_owner.iterrows()]
    rows.append(("(total)", len(people), int(people["visitors"].sum()), int(people["buyers"].sum())))
    return rows


def main():
    parser = argparse.ArgumentParser(description="the month's funnel per owner with pandas")
    parser.add_argument("--month", help="YYYY-MM")
    parser.add_argument("--load", choices=["visits", "calls"], help="only read one file")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.load:
        if len(args.files) != 1:
            parser.error("--load takes one FILE")
        print(len(load(args.files[0])))
        return 0
    if not args.month or len(args.files) != 2:
        parser.error("--month YYYY-MM and two files, VISITS and CALLS, are required")
    for row in funnel(load(args.files[0]), load(args.files[1]), args.month):
        print("\t".join(str(x) for x in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
