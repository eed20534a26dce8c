# bars.gp - one count per label as horizontal bars, largest at the top,
# each bar labelled with its value (lost sales by model, brand, salesperson).
# Data columns (tab-separated, first line = column labels):
#   1 label
#   2 count
# Rows come sorted by count, largest first.
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid xtics lc rgb "#dcdcdc" lw 1 dt 1
set key autotitle columnhead  # the first line holds the column labels
unset key
set ytics noenhanced scale 0
# funnel's prelude makes the canvas this many pixels taller per bar.
height_per_row = 26

# Room on the left for the labels: CJK characters take about two columns.
stats datafile using (strlen(strcol(1))) nooutput
set lmargin (STATS_max > 30 ? 30 : STATS_max) * 1.8 + 3

stats datafile using 2 nooutput
top = (STATS_max > 0) ? STATS_max : 1
set xrange [0:top * 1.12]
set format x "%.0f"
if (top <= 5) set xtics 1
set yrange [-0.6:nrows - 0.4]

set style fill solid 1.0 border rgb "white"
bar_half = 0.32

# Row i (0 = largest) is drawn at y = nrows - 1 - i, so the largest is on top.
plot datafile using ($2 / 2.0):(nrows - 1 - $0):($2 / 2.0):(bar_half):ytic(1) \
         with boxxyerror lc rgb "#2b6cb0", \
     '' using 2:(nrows - 1 - $0):2 with labels left offset 0.6,0 tc rgb "#1a3f6b"
