/* chart.c - draws charts by running gnuplot on a data file written from a
 * table and a script made of a prelude plus a template from reports/.
 * gnuplot runs as a child process (posix_spawn, no shell); its stderr goes to
 * a log file so that a failure can name gnuplot's first error line. */
#include "chart.h"

#include "embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Canvas sizes in CSS pixels: the HTML shows the SVG at this size (never
 * stretched), so a 13 px font prints at about 9.75 pt on paper. A chart
 * beside its table takes about half of an A4 page's width, one below it the
 * whole of it (186 mm, 703 px). The PNG is drawn at twice the size. */
#define CHART_BESIDE_WIDTH 400
#define CHART_BESIDE_HEIGHT 240
#define CHART_BELOW_WIDTH 700
#define CHART_BELOW_HEIGHT 300
#define CHART_FONT_SIZE 13
#define CHART_PNG_SCALE 2
/* A template that draws one horizontal bar per row says so with a line
 * "height_per_row = N": the canvas is then as tall as its rows need. One
 * that draws a column per row says "width_per_row = N": a chart beside its
 * table then grows wider with the rows, up to the page's width (and goes
 * below the table when there is no room beside it). */
#define CHART_ROW_MARKER "height_per_row = "
#define CHART_ROW_EXTRA 80 /* title, axis and margins */
#define CHART_ROW_MIN_HEIGHT 150
#define CHART_COLUMN_MARKER "width_per_row = "
#define CHART_COLUMN_EXTRA 120 /* axes, their labels and margins */
#define CHART_FONT_PREFERRED "WenQuanYi Zen Hei"
#define CHART_FONT_FALLBACK "Noto Sans CJK SC"

/* ---- running programs ---- */

/* Starts argv (looked up on PATH) with stdin from /dev/null, stdout to
 * stdout_fd (or /dev/null when -1) and stderr to stderr_path (or /dev/null
 * when NULL), SIGPIPE set back to its default in the child. Returns 0 with
 * the child in *pid, or -1 when it could not be started. */
static int chart_spawn(char *const argv[], int stdout_fd, const char *stderr_path, pid_t *pid)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t defaults;

    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (stdout_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    else
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path ? stderr_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_init(&attr);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    int rc = posix_spawnp(pid, argv[0], &actions, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? 0 : -1;
}

/* Waits for child pid: its exit status, or -1 when it was killed by a
 * signal. */
static int chart_wait(pid_t pid)
{
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

/* Runs argv as chart_spawn starts it, SIGPIPE ignored here meanwhile.
 * Returns the child's exit status, or -1 when it could not be started or
 * was killed by a signal. */
static int chart_run(char *const argv[], int stdout_fd, const char *stderr_path)
{
    pid_t pid;
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    int status = chart_spawn(argv, stdout_fd, stderr_path, &pid) == 0 ? chart_wait(pid) : -1;
    signal(SIGPIPE, old_pipe);
    return status;
}

/* Runs argv and collects up to size-1 bytes of its stdout into out
 * (NUL-terminated; the rest is read and dropped). Returns the exit status,
 * or -1 when the program could not be run. */
static int chart_run_capture(char *const argv[], char *out, size_t size)
{
    int fds[2];
    out[0] = '\0';
    if (pipe(fds) != 0) return -1;
    /* The child must not keep the read end open. */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, fds[1]);

    pid_t pid;
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    int status = -1;
    if (rc == 0) {
        size_t used = 0;
        char chunk[512];
        ssize_t n;
        while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
            if (n < 0) {
                if (errno == EINTR) continue;
                break;
            }
            size_t keep = size - 1 - used;
            if (keep > (size_t)n) keep = (size_t)n;
            memcpy(out + used, chunk, keep);
            used += keep;
        }
        out[used] = '\0';
        int wstatus;
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(wstatus)) status = WEXITSTATUS(wstatus);
    }
    close(fds[0]);
    signal(SIGPIPE, old_pipe);
    return status;
}

/* ---- environment checks ---- */

/* Whether text holds anything but white space. */
static int chart_has_text(const char *text)
{
    for (; *text; text++)
        if (*text != ' ' && *text != '\n' && *text != '\t' && *text != '\r') return 1;
    return 0;
}

int chart_available(char *warning, size_t size)
{
    char *gnuplot_argv[] = {"gnuplot", "--version", NULL};
    char *fc_argv[] = {"fc-list", ":lang=zh", NULL};
    char fonts[256];

    if (size) warning[0] = '\0';
    if (chart_run(gnuplot_argv, -1, NULL) != 0) {
        snprintf(warning, size, "gnuplot not found: reports are written without charts");
        return -1;
    }
    if (chart_run_capture(fc_argv, fonts, sizeof fonts) != 0 || !chart_has_text(fonts))
        snprintf(warning, size,
                 "no font with Chinese glyphs (install fonts-wqy-zenhei): chart labels will "
                 "not render");
    return 0;
}

/* Whether the comma-separated family list on one fc-list line names family. */
static int chart_line_has_family(const char *line, size_t len, const char *family)
{
    size_t flen = strlen(family);
    const char *end = line + len;
    while (line < end) {
        const char *comma = memchr(line, ',', (size_t)(end - line));
        const char *stop = comma ? comma : end;
        if ((size_t)(stop - line) == flen && memcmp(line, family, flen) == 0) return 1;
        line = comma ? comma + 1 : end;
    }
    return 0;
}

/* Picks the font family for Chinese labels: WenQuanYi Zen Hei when
 * installed, else Noto Sans CJK SC when installed, else the first family
 * fc-list reports for Chinese, else Noto Sans CJK SC. Writes it into font.
 * fc-list's answer is kept for the process's later charts. */
static void chart_pick_font(char *font, size_t size)
{
    char *fc_argv[] = {"fc-list", ":lang=zh", "family", NULL};
    static char list[8192];
    const char *preferred[] = {CHART_FONT_PREFERRED, CHART_FONT_FALLBACK};

    snprintf(font, size, "%s", CHART_FONT_FALLBACK);
    if (!chart_has_text(list) &&
        (chart_run_capture(fc_argv, list, sizeof list) != 0 || !chart_has_text(list))) {
        list[0] = '\0';
        return;
    }
    for (size_t i = 0; i < sizeof preferred / sizeof preferred[0]; i++) {
        for (const char *line = list; *line;) {
            size_t len = strcspn(line, "\n");
            if (chart_line_has_family(line, len, preferred[i])) {
                snprintf(font, size, "%s", preferred[i]);
                return;
            }
            line += len + (line[len] == '\n');
        }
    }
    size_t len = strcspn(list, ",\n");
    if (len > 0 && len < size) {
        memcpy(font, list, len);
        font[len] = '\0';
    }
}

/* ---- files ---- */

/* Formats a malloc'd string; NULL when out of memory. */
static char *chart_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* Whether path names a regular file of at least one byte. */
static int chart_file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* Writes text as a data-file field: tabs, line ends and double quotes (which
 * gnuplot reads as string delimiters) become spaces or single quotes. */
static void chart_write_field(FILE *fp, const char *text)
{
    for (; *text; text++) {
        char c = *text;
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
        else if (c == '"')
            c = '\'';
        fputc(c, fp);
    }
}

/* Writes s into fp as the inside of a gnuplot double-quoted string. */
static void chart_write_gnuplot_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', fp);
        if (*s == '\n' || *s == '\r' || *s == '\t')
            fputc(' ', fp);
        else
            fputc(*s, fp);
    }
    fputc('"', fp);
}

/* Splits c->columns into indexes of t's columns. Returns the count, or -1
 * with a reason in err when a name is not a column of t. cols must hold
 * t->ncols + 1 entries; extra names beyond that are an error too. */
static int chart_column_indexes(const struct chart *c, const struct table *t, int *cols, char *err,
                                size_t errsize)
{
    int n = 0;
    const char *p = c->columns ? c->columns : "";
    while (*p) {
        size_t len = strcspn(p, ",");
        char name[128];
        while (len && *p == ' ')
            p++, len--;
        size_t trimmed = len;
        while (trimmed && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed >= sizeof name) trimmed = sizeof name - 1;
        memcpy(name, p, trimmed);
        name[trimmed] = '\0';
        int index = table_column_index(t, name);
        if (n > t->ncols) {
            snprintf(err, errsize, "chart %s: more columns than table %s has", c->name,
                     t->key ? t->key : "?");
            return -1;
        }
        if (index < 0) {
            snprintf(err, errsize, "chart %s: table %s has no column \"%s\"", c->name,
                     t->key ? t->key : "?", name);
            return -1;
        }
        cols[n++] = index;
        p += len;
        if (*p == ',') p++;
    }
    if (n == 0) {
        snprintf(err, errsize, "chart %s: no columns to draw", c->name);
        return -1;
    }
    return n;
}

/* Writes the data file: a header line of the columns' labels (names when a
 * label is missing), then one tab-separated line per row, NULL as "?".
 * Returns 0, or -1 when the file cannot be written. */
static int chart_write_data(const char *path, const struct table *t, const int *cols, int ncols)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    for (int i = 0; i < ncols; i++) {
        const struct table_column *col = &t->cols[cols[i]];
        if (i) fputc('\t', fp);
        chart_write_field(fp, col->label && col->label[0] ? col->label : col->name);
    }
    fputc('\n', fp);
    for (int r = 0; r < t->nrows; r++) {
        for (int i = 0; i < ncols; i++) {
            const char *cell = t->cells[r][cols[i]];
            if (i) fputc('\t', fp);
            chart_write_field(fp, cell ? cell : "?");
        }
        fputc('\n', fp);
    }
    int failed = ferror(fp);
    return (fclose(fp) != 0 || failed) ? -1 : 0;
}

/* The canvas of chart c drawn from t with template_text, in CSS pixels. */
static void chart_canvas(const struct chart *c, const struct table *t, const char *template_text,
                         int *width, int *height)
{
    int beside = c->layout == CHART_BESIDE;
    *width = beside ? CHART_BESIDE_WIDTH : CHART_BELOW_WIDTH;
    *height = beside ? CHART_BESIDE_HEIGHT : CHART_BELOW_HEIGHT;
    const char *marker = strstr(template_text, CHART_ROW_MARKER);
    int per_row = marker ? atoi(marker + strlen(CHART_ROW_MARKER)) : 0;
    if (per_row > 0 && per_row < 200 && t->nrows < 1000) {
        *height = CHART_ROW_EXTRA + per_row * t->nrows;
        if (*height < CHART_ROW_MIN_HEIGHT) *height = CHART_ROW_MIN_HEIGHT;
    }
    marker = strstr(template_text, CHART_COLUMN_MARKER);
    int per_column = marker ? atoi(marker + strlen(CHART_COLUMN_MARKER)) : 0;
    if (beside && per_column > 0 && per_column < 200 && t->nrows < 1000) {
        int needed = CHART_COLUMN_EXTRA + per_column * t->nrows;
        if (needed > *width) *width = needed < CHART_BELOW_WIDTH ? needed : CHART_BELOW_WIDTH;
    }
}

/* Writes the script: the prelude (terminal, output, variables the templates
 * read) followed by the template text. svg selects the SVG terminal. */
static int chart_write_script(const char *path, const struct chart *c, const struct table *t,
                              int ncols, const char *data_path, const char *out_path,
                              const char *font, const char *template_text, int svg)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    char font_spec[300];
    int width, height;
    chart_canvas(c, t, template_text, &width, &height);
    snprintf(font_spec, sizeof font_spec, "%s,%d", font, CHART_FONT_SIZE);
    fprintf(fp, "# written by funnel: prelude, then the template %s\n", c->template_name);
    fprintf(fp, "set encoding utf8\n");
    if (svg)
        fprintf(fp, "set terminal svg size %d,%d fixed enhanced background rgb \"white\" font ",
                width, height);
    else
        fprintf(fp,
                "set terminal pngcairo size %d,%d fontscale %d linewidth %d enhanced"
                " background rgb \"white\" font ",
                width * CHART_PNG_SCALE, height * CHART_PNG_SCALE, CHART_PNG_SCALE,
                CHART_PNG_SCALE);
    chart_write_gnuplot_string(fp, font_spec);
    fprintf(fp, "\nset output ");
    chart_write_gnuplot_string(fp, out_path);
    fprintf(fp, "\ndatafile = ");
    chart_write_gnuplot_string(fp, data_path);
    fprintf(fp, "\nchart_title = ");
    chart_write_gnuplot_string(fp, c->title ? c->title : "");
    fprintf(fp, "\nncols = %d\nnrows = %d\n", ncols, t->nrows);
    fprintf(fp, "set datafile separator \"\\t\"\n"
                "set datafile missing \"?\"\n"
                "set datafile commentschars \"\"\n"
                "# ---- template ----\n");
    fputs(template_text, fp);
    fputs("\nset output\n", fp);
    int failed = ferror(fp);
    return (fclose(fp) != 0 || failed) ? -1 : 0;
}

/* Copies gnuplot's first error line from the log at path into out: the
 * first line naming a script line that is not a warning, else the first
 * non-empty line, else "". */
static void chart_first_error(const char *path, char *out, size_t size)
{
    char line[512], first[512] = "";
    FILE *fp = fopen(path, "r");
    out[0] = '\0';
    if (!fp) return;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!chart_has_text(line)) continue;
        if (!first[0]) snprintf(first, sizeof first, "%s", line);
        if (strstr(line, "\" line ") && !strstr(line, "warning:")) {
            snprintf(out, size, "%s", line);
            fclose(fp);
            return;
        }
    }
    fclose(fp);
    snprintf(out, size, "%s", first);
}

/* A chart being drawn: the files of its working folder, and the two
 * gnuplot processes (the PNG's, then the SVG's) running on them. */
struct chart_job {
    struct chart *c;
    char *work, *data, *png, *svg;
    char *scripts[2], *logs[2], *outputs[2];
    pid_t pids[2];
    int status[2]; /* 0 running, -2 not started */
    int keep;      /* after gnuplot failed: its .gp, .dat and .log stay */
};

/* Starts gnuplot on the PNG's and the SVG's scripts at once (each one's
 * stderr to its log). */
static void chart_spawn_gnuplot(struct chart_job *j)
{
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < 2; i++) {
        char *argv[] = {"gnuplot", j->scripts[i], NULL};
        remove(j->outputs[i]);
        j->status[i] = chart_spawn(argv, -1, j->logs[i], &j->pids[i]) == 0 ? 0 : -2;
    }
    signal(SIGPIPE, old_pipe);
}

/* Waits for the job's gnuplot processes and checks that each output was
 * written. Returns 0, or -1 with a reason in err. */
static int chart_wait_gnuplot(struct chart_job *j, char *err, size_t errsize)
{
    for (int i = 0; i < 2; i++)
        if (j->status[i] == 0) j->status[i] = chart_wait(j->pids[i]);
    for (int i = 0; i < 2; i++) {
        if (j->status[i] == 0 && chart_file_nonempty(j->outputs[i])) continue;
        char first[400];
        chart_first_error(j->logs[i], first, sizeof first);
        if (j->status[i] < 0)
            snprintf(err, errsize, "chart %s: cannot run gnuplot", j->c->name);
        else if (j->status[i] != 0)
            snprintf(err, errsize, "chart %s: gnuplot failed (%s; see %s)", j->c->name,
                     first[0] ? first : "no message", j->scripts[i]);
        else
            snprintf(err, errsize, "chart %s: gnuplot wrote no %s (%s)", j->c->name, j->outputs[i],
                     first[0] ? first : "no message");
        return -1;
    }
    return 0;
}

/* Removes the job's working folder (but what a failed gnuplot leaves) and
 * frees the job. */
static void chart_job_free(struct chart_job *j)
{
    if (!j) return;
    if (j->work) { /* no half-drawn charts */
        for (int i = 0; i < 2; i++)
            if (j->outputs[i]) remove(j->outputs[i]);
        if (!j->keep) {
            for (int i = 0; i < 2; i++) {
                if (j->scripts[i]) remove(j->scripts[i]);
                if (j->logs[i]) remove(j->logs[i]);
            }
            if (j->data) remove(j->data);
            rmdir(j->work);
        }
    }
    free(j->work);
    free(j->data);
    for (int i = 0; i < 2; i++) {
        free(j->scripts[i]);
        free(j->logs[i]);
        free(j->outputs[i]);
    }
    free(j->png);
    free(j->svg);
    free(j);
}

struct chart_job *chart_begin(struct chart *c, const struct table *t, const char *dir, char *err,
                              size_t errsize)
{
    int *cols = NULL;

    if (errsize) err[0] = '\0';
    free(c->png_path);
    free(c->svg_path);
    c->png_path = c->svg_path = NULL;
    const char *template_text = embedded_find(c->template_name ? c->template_name : "");
    if (!template_text) {
        snprintf(err, errsize, "chart %s: no template %s", c->name,
                 c->template_name ? c->template_name : "(none)");
        return NULL;
    }
    if (t->nrows == 0) return NULL; /* nothing to draw: the page says "no data" */

    /* gnuplot writes by name: it works in a new folder of its own, and the
     * finished PNG and SVG are renamed into dir, replacing whatever is at
     * their names (a planted link itself, never its target) */
    struct chart_job *j = calloc(1, sizeof *j);
    cols = malloc(sizeof *cols * ((size_t)t->ncols + 1));
    if (j) {
        j->c = c;
        j->work = chart_format("%s/.%s-XXXXXX", dir, c->name);
        j->png = chart_format("%s/%s.png", dir, c->name);
        j->svg = chart_format("%s/%s.svg", dir, c->name);
    }
    if (!j || !cols || !j->work || !j->png || !j->svg) {
        snprintf(err, errsize, "chart %s: out of memory", c->name);
        goto failed;
    }
    if (!mkdtemp(j->work)) {
        snprintf(err, errsize, "chart %s: cannot write %s.dat in %s: %s", c->name, c->name, dir,
                 strerror(errno));
        free(j->work);
        j->work = NULL;
        goto failed;
    }
    j->data = chart_format("%s/%s.dat", j->work, c->name);
    j->scripts[0] = chart_format("%s/%s.gp", j->work, c->name);
    j->scripts[1] = chart_format("%s/%s-svg.gp", j->work, c->name);
    j->logs[0] = chart_format("%s/%s.log", j->work, c->name);
    j->logs[1] = chart_format("%s/%s-svg.log", j->work, c->name);
    j->outputs[0] = chart_format("%s/%s.png", j->work, c->name);
    j->outputs[1] = chart_format("%s/%s.svg", j->work, c->name);
    if (!j->data || !j->scripts[0] || !j->scripts[1] || !j->logs[0] || !j->logs[1] ||
        !j->outputs[0] || !j->outputs[1]) {
        snprintf(err, errsize, "chart %s: out of memory", c->name);
        goto failed;
    }
    int ncols = chart_column_indexes(c, t, cols, err, errsize);
    if (ncols < 0) goto failed;
    if (chart_write_data(j->data, t, cols, ncols) != 0) {
        snprintf(err, errsize, "chart %s: cannot write %s: %s", c->name, j->data, strerror(errno));
        goto failed;
    }

    char font[200];
    chart_pick_font(font, sizeof font);
    for (int svg_pass = 0; svg_pass < 2; svg_pass++)
        if (chart_write_script(j->scripts[svg_pass], c, t, ncols, j->data, j->outputs[svg_pass],
                               font, template_text, svg_pass) != 0) {
            snprintf(err, errsize, "chart %s: cannot write %s: %s", c->name, j->scripts[svg_pass],
                     strerror(errno));
            goto failed;
        }
    free(cols);
    chart_spawn_gnuplot(j);
    return j;
failed:
    free(cols);
    chart_job_free(j);
    return NULL;
}

int chart_end(struct chart_job *j, char *err, size_t errsize)
{
    int rc = -1;
    if (errsize) err[0] = '\0';
    if (chart_wait_gnuplot(j, err, errsize) != 0) {
        j->keep = 1; /* the message names the script, to run it again by hand */
    } else if (chmod(j->outputs[0], 0600) != 0 || chmod(j->outputs[1], 0600) != 0 ||
               rename(j->outputs[0], j->png) != 0 || rename(j->outputs[1], j->svg) != 0) {
        /* gnuplot made them under the umask; the pack's files are private */
        snprintf(err, errsize, "chart %s: cannot write %s: %s", j->c->name, j->png,
                 strerror(errno));
        remove(j->png);
    } else {
        j->c->png_path = j->png;
        j->c->svg_path = j->svg;
        j->png = j->svg = NULL;
        rc = 0;
    }
    chart_job_free(j);
    return rc;
}

int chart_draw(struct chart *c, const struct table *t, const char *dir, char *err, size_t errsize)
{
    struct chart_job *j = chart_begin(c, t, dir, err, errsize);
    if (!j) return err[0] ? -1 : 0;
    return chart_end(j, err, errsize);
}
