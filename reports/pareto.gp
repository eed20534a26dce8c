# pareto.gp - a Pareto chart: counts per category as bars, the cumulative
# share as a line on the right axis, and an 80% reference line.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 category label (战败原因)
#   2 count
#   3 cumulative share (fraction 0..1)
# Rows come sorted by count, largest first.
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

# funnel's prelude makes a chart beside its table this many pixels wider
# per category (up to the page's width).
width_per_row = 60

set title chart_title noenhanced font ",14"
set border 11 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key below center horizontal noenhanced nobox samplen 2 autotitle columnhead
set xtics noenhanced scale 0
if (nrows > 8) set xtics rotate by -30 left

stats datafile using 2 nooutput
top = (STATS_max > 0) ? STATS_max : 1
set yrange [0:top * 1.25]
set format y "%.0f"
if (top <= 5) set ytics 1
set ylabel "件数 cases"
set y2range [0:125]
set y2tics 0, 20, 100 textcolor rgb "#333333"
set format y2 "%g%%"
set y2label "累计占比 cumulative"
set xrange [-0.6:nrows - 0.4]

# 80% reference line on the right axis.
set arrow 1 from graph 0, second 80 to graph 1, second 80 nohead front lc rgb "#c53030" dt 2 lw 1.5
set label 1 "80%" at graph 1, second 80 offset -3.5,0.7 front tc rgb "#c53030"

set style fill solid 1.0 border rgb "white"
set boxwidth 0.6

plot datafile using 0:2:xtic(1) with boxes lc rgb "#2b6cb0", \
     '' using 0:2:2 with labels offset 0,0.8 tc rgb "#1a3f6b" notitle, \
     '' using 0:(100.0 * $3) axes x1y2 with linespoints lw 2 pt 7 ps 1.1 lc rgb "#dd8a2e"
