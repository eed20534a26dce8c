# backtest.gp - the forecast's back-test: per Monday, the buyers expected
# in the horizon beside the buyers there were.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 Monday (2026-10-05)
#   2 expected buyers (a real number, ? when the Monday has no back-test)
#   3 actual buyers (? likewise)
# Rows come in time order.
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key top left noenhanced box lc rgb "#cccccc" samplen 2 autotitle columnhead
set xtics noenhanced scale 0
if (nrows > 6) set xtics rotate by -45 left

stats datafile using 2 nooutput
top2 = STATS_max
stats datafile using 3 nooutput
top = (STATS_max > top2) ? STATS_max : top2
top = (top > 0) ? top : 1
set yrange [0:top * 1.25]
if (top <= 10) set ytics 1
set xrange [-0.6:nrows - 0.4]

set style data histograms
set style histogram clustered gap 1
set style fill solid 1.0 border rgb "white"
set boxwidth 0.95 relative

# With 2 series and gap 1 each bar is 1/3 wide: centres at -1/6 and +1/6.
label_font = (nrows > 10) ? ",8" : ",10"
plot datafile using 2:xtic(1) lc rgb "#2b6cb0", \
     '' using 3 lc rgb "#dd8a2e", \
     '' using ($0 - 1.0/6):2:(sprintf("%.1f", $2)) with labels offset 0,0.8 font label_font tc rgb "#1a3f6b" notitle, \
     '' using ($0 + 1.0/6):3:(sprintf("%.0f", $3)) with labels offset 0,0.8 font label_font tc rgb "#8a5415" notitle
