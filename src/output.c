/* output.c - CSV cells, UTF-8 text for a terminal, and the report folder
 * with its files. */
#include "output.h"

#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void output_csv_bom(FILE *fp)
{
    fputs("\xEF\xBB\xBF", fp);
}

void output_csv_cell(FILE *fp, const char *text, int is_number)
{
    if (!text) return;
    int guard = !is_number && strchr("=+-@\t\r", text[0]) && text[0];
    int quote = guard || strpbrk(text, ",\"\r\n") != NULL;
    if (quote) fputc('"', fp);
    if (guard) fputc('\'', fp);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', fp);
        fputc(*p, fp);
    }
    if (quote) fputc('"', fp);
}

void output_csv_row(FILE *fp, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', fp);
        output_csv_cell(fp, cells[i], 0);
    }
    fputs("\r\n", fp);
}

/* Decodes one UTF-8 character at *p, advancing it; invalid bytes give U+FFFD. */
static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (c >= 0x80 && c < 0xC0) {
        *p += 1;
        return 0xFFFD;
    }
    if (n) c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n + 1;
    return c;
}

static int is_wide(unsigned c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

int output_width(const char *text)
{
    int width = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned c = decode(&p);
        if (c >= 0x300 && c <= 0x36F) continue;
        width += is_wide(c) ? 2 : 1;
    }
    return width;
}

/* The length of the valid UTF-8 character at s (1 to 4), or 0 when s does
 * not start one (a stray byte, a cut or overlong sequence, a surrogate). */
static int utf8_length(const unsigned char *s)
{
    unsigned c = s[0];
    int n;
    unsigned low = 0x80, high = 0xBF; /* the range of the second byte */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else
        return 0;
    if (s[1] < low || s[1] > high) return 0;
    for (int i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

void output_utf8_trim(char *text)
{
    size_t len = strlen(text), start = len;
    while (start > 0 && len - start < 4 && (text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0) return;
    unsigned char lead = (unsigned char)text[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > 1 && len - (start - 1) < need) text[start - 1] = '\0';
}

void output_terminal_escape(const char *text, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t used = 0;
    if (size == 0) return;
    while (*p) {
        int n = utf8_length(p);
        unsigned code = 0;
        int escape = 0;
        if (n == 0) {
            code = p[0], n = 1, escape = 1; /* not UTF-8: the byte */
        } else if (n == 1 && (p[0] < 0x20 || p[0] == 0x7F)) {
            code = p[0], escape = 1;
        } else if (n == 2 && p[0] == 0xC2 && p[1] <= 0x9F) {
            code = p[1], escape = 1; /* C1: U+0080..U+009F */
        }
        size_t width = escape ? 4 : (size_t)n;
        if (used + width >= size) break;
        if (escape)
            snprintf(out + used, 5, "\\x%02x", code);
        else
            memcpy(out + used, p, (size_t)n);
        used += width;
        p += n;
    }
    out[used] = '\0';
}

int output_terminal_printf(FILE *fp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    char *text = malloc((size_t)n + 1), *shown = malloc((size_t)n * 4 + 1);
    if (!text || !shown) {
        free(text);
        free(shown);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    size_t fmt_len = strlen(fmt);
    int newline = fmt_len > 0 && fmt[fmt_len - 1] == '\n' && n > 0 && text[n - 1] == '\n';
    if (newline) text[n - 1] = '\0';
    output_terminal_escape(text, shown, (size_t)n * 4 + 1);
    fputs(shown, fp);
    if (newline) fputc('\n', fp);
    free(text);
    free(shown);
    return 0;
}

/* ---- the report folder ---- */

/* A malloc'd "a/b" (b alone when a is NULL), or NULL when out of memory. */
static char *join_path(const char *a, const char *b)
{
    size_t na = a ? strlen(a) : 0, nb = strlen(b);
    char *path = malloc(na + nb + 2);
    if (!path) return NULL;
    if (a) {
        memcpy(path, a, na);
        path[na++] = '/';
    }
    memcpy(path + na, b, nb + 1);
    return path;
}

/* Makes the folder path when missing, mode 0700 whatever the umask.
 * Returns 1 when it was made, 0 when something exists there, -1 with errno
 * set on error. */
static int make_folder(const char *path)
{
    if (mkdir(path, 0700) != 0) return errno == EEXIST ? 0 : -1;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) return -1;
    int rc = fchmod(fd, 0700);
    close(fd);
    return rc == 0 ? 1 : -1;
}

int output_dir_prepare(const char *dir, char *err, size_t errsize)
{
    char *path = join_path(NULL, dir);
    if (!path || !*path) {
        snprintf(err, errsize, "%s: %s", dir, path ? _("an empty folder name") : _("out of memory"));
        free(path);
        return -1;
    }
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        path[--len] = '\0'; /* "out/" would follow a link named out */
    int rc = -1;
    for (char *p = path + 1; *p; p++) { /* the parents, as mkdir -p */
        if (*p != '/') continue;
        *p = '\0';
        int made = make_folder(path);
        *p = '/';
        if (made < 0) {
            snprintf(err, errsize, _("cannot create the output folder (%s): %s"), strerror(errno),
                     dir);
            goto done;
        }
    }
    if (make_folder(path) < 0) {
        snprintf(err, errsize, _("cannot create the output folder (%s): %s"), strerror(errno), dir);
        goto done;
    }
    struct stat st;
    if (lstat(path, &st) != 0)
        snprintf(err, errsize, _("%s: cannot use the output folder: %s"), dir, strerror(errno));
    else if (S_ISLNK(st.st_mode))
        snprintf(err, errsize, _("%s: the output folder is a symbolic link: give the real folder"),
                 dir);
    else if (!S_ISDIR(st.st_mode))
        snprintf(err, errsize, _("%s: exists and is not a folder"), dir);
    else if (st.st_uid != geteuid())
        snprintf(err, errsize, _("%s: the output folder belongs to another user"), dir);
    else
        rc = 0;
done:
    free(path);
    return rc;
}

int output_file_open(struct output_file *f, const char *dir, const char *name, char *err,
                     size_t errsize)
{
    memset(f, 0, sizeof *f);
    char *temp = malloc(strlen(dir) + strlen(name) + sizeof "/..XXXXXX");
    f->path = join_path(dir, name);
    if (!temp || !f->path) {
        snprintf(err, errsize, _("%s/%s: out of memory"), dir, name);
        goto fail;
    }
    sprintf(temp, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(temp); /* a new file (O_EXCL), mode 0600 */
    if (fd < 0) {
        snprintf(err, errsize, _("%s: cannot write: %s"), f->path, strerror(errno));
        goto fail;
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        snprintf(err, errsize, _("%s: cannot write: %s"), f->path, strerror(errno));
        close(fd);
        unlink(temp);
        goto fail;
    }
    f->temp = temp;
    return 0;
fail:
    free(temp);
    free(f->path);
    f->path = NULL;
    return -1;
}

int output_file_commit(struct output_file *f, char *err, size_t errsize)
{
    if (!f->temp) {
        snprintf(err, errsize, _("no file to write"));
        return -1;
    }
    const char *reason = NULL;
    if (fflush(f->fp) != 0)
        reason = strerror(errno);
    else if (ferror(f->fp))
        reason = "write error";
    if (fclose(f->fp) != 0 && !reason) reason = strerror(errno);
    f->fp = NULL;
    if (!reason && rename(f->temp, f->path) != 0) reason = strerror(errno);
    if (reason) {
        snprintf(err, errsize, _("%s: cannot write: %s"), f->path, reason);
        unlink(f->temp);
    }
    free(f->temp);
    free(f->path);
    f->temp = f->path = NULL;
    return reason ? -1 : 0;
}

void output_file_discard(struct output_file *f)
{
    if (f->fp) fclose(f->fp);
    if (f->temp) unlink(f->temp);
    free(f->temp);
    free(f->path);
    memset(f, 0, sizeof *f);
}
