# trend.gp - a count per ISO week as bars with a line through them.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 week label (2026-W40)
#   2 count
# Rows come in time order.
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

# funnel's prelude makes a chart beside its table this many pixels wider
# per week (up to the page's width).
width_per_row = 44

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key autotitle columnhead  # the first line holds the column labels
unset key
set xtics noenhanced scale 0
if (nrows > 12) set xtics rotate by -45 left
# "2026-W37" is shown as "W37": the period is in the title and the table.
week(s) = (strlen(s) > 5 && s[5:5] eq "-") ? s[6:] : s

stats datafile using 2 nooutput
top = (STATS_max > 0) ? STATS_max : 1
set yrange [0:top * 1.2]
set format y "%.0f"
if (top <= 5) set ytics 1
set xrange [-0.6:nrows - 0.4]

set style fill solid 1.0 border rgb "white"
set boxwidth 0.6

plot datafile using 0:2:xtic(week(strcol(1))) with boxes lc rgb "#c9d8ea", \
     '' using 0:2 with linespoints lw 2 pt 7 ps 1.1 lc rgb "#2b6cb0" notitle, \
     '' using 0:2:2 with labels offset 0,1 tc rgb "#1a3f6b" notitle
