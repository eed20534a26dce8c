# funnel.gp - the sales funnel: actual counts against the 25:5:1 target.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 stage label (潜在客户, 到店客户, 成交客户)
#   2 actual count
#   3 target count (25:5:1 scaled to the prospects; may be ? when unknown)
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

fmt(v) = (v == int(v)) ? sprintf("%d", int(v)) : sprintf("%.1f", v)

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key top right noenhanced box lc rgb "#cccccc" samplen 2 autotitle columnhead
set xtics noenhanced scale 0
set ylabel "人数 customers"

stats datafile using 2 nooutput
top = STATS_max
stats datafile using 3 nooutput
if (STATS_max > top) top = STATS_max
if (top <= 0) top = 1
set yrange [0:top * 1.15]
set xrange [-0.6:nrows - 0.4]
set format y "%.0f"

set style data histograms
set style histogram clustered gap 1
set style fill solid 1.0 border rgb "white"
set boxwidth 0.95 relative

# With 2 series and gap 1 each bar is 1/3 wide: centres at -1/6 and +1/6.
plot datafile using 2:xtic(1) lc rgb "#2b6cb0", \
     '' using 3 lc rgb "#b8c4d1", \
     '' using ($0 - 1.0/6):2:(fmt($2)) with labels offset 0,0.8 tc rgb "#1a3f6b" notitle, \
     '' using ($0 + 1.0/6):3:(fmt($3)) with labels offset 0,0.8 tc rgb "#555555" notitle
