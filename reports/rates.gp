# rates.gp - visit rate and close rate per salesperson, as percentages.
# Data columns (tab-separated, first line = column labels, used in the key):
#   1 salesperson name
#   2 visit rate (fraction 0..1, ? when there were no prospects)
#   3 close rate (fraction 0..1, ? when there were no visitors)
# Set by funnel's prelude: datafile, chart_title, ncols, nrows, terminal, output.

pct(v) = sprintf("%.1f%%", 100.0 * v)

set title chart_title noenhanced font ",14"
set border 3 lc rgb "#666666"
set tics nomirror textcolor rgb "#333333"
set grid ytics lc rgb "#dcdcdc" lw 1 dt 1
set key below center horizontal noenhanced nobox samplen 2 autotitle columnhead
set xtics noenhanced scale 0
if (nrows > 8) set xtics rotate by -30 left
set yrange [0:115]
set ytics 0, 20, 100
set format y "%g%%"
set xrange [-0.6:nrows - 0.4]

set style data histograms
set style histogram clustered gap 1
set style fill solid 1.0 border rgb "white"
set boxwidth 0.95 relative

# With 2 series and gap 1 each bar is 1/3 wide: centres at -1/6 and +1/6.
# Labels stay at the prelude's size (at least 9 pt on paper).
label_font = ",12"
plot datafile using (100.0 * $2):xtic(1) lc rgb "#2b6cb0", \
     '' using (100.0 * $3) lc rgb "#dd8a2e", \
     '' using ($0 - 1.0/6):(100.0 * $2):(pct($2)) with labels offset 0,0.8 font label_font tc rgb "#1a3f6b" notitle, \
     '' using ($0 + 1.0/6):(100.0 * $3):(pct($3)) with labels offset 0,0.8 font label_font tc rgb "#8a5415" notitle
