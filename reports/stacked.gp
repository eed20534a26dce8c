# stacked.gp - counts per grade for each salesperson as stacked bars, the
# total on top; the key names the grades.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 salesperson name
#   2..ncols one count per grade (O, H, A+, A, B+, B, C, N), ? counts as 0
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

# One color per grade, hottest first; more columns than colors repeat them.
grade_colors = "#1b5e20 #c53030 #dd6b20 #ecc94b #2b6cb0 #63b3ed #a0aec0 #4a5568"
grade_color(i) = word(grade_colors, (i - 2) % words(grade_colors) + 1)
cell(i) = valid(i) ? column(i) : 0

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key outside right top vertical noenhanced box lc rgb "#cccccc" samplen 2 autotitle columnhead
set xtics noenhanced scale 0
if (nrows > 8) set xtics rotate by -30 left

# The largest total decides the y range.
stats datafile using (sum [i=2:ncols] cell(i)) nooutput
top = (STATS_max > 0) ? STATS_max : 1
set yrange [0:top * 1.15]
set format y "%.0f"
if (top <= 5) set ytics 1
set ylabel "客户数 customers"
set xrange [-0.6:nrows - 0.4]

set style data histograms
set style histogram rowstacked
set style fill solid 1.0 border rgb "white"
set boxwidth 0.6 relative

plot for [i=2:ncols] datafile using (cell(i)):xtic(1) title columnhead(i) lc rgb grade_color(i), \
     '' using 0:(sum [i=2:ncols] cell(i)):(sprintf("%d", sum [i=2:ncols] cell(i))) \
         with labels offset 0,0.8 tc rgb "#333333" notitle
