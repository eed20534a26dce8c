/* textfile.c - a whole small file into memory. */
#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fail(char *err, size_t errsize, const char *path, const char *reason)
{
    if (err) snprintf(err, errsize, "%s: %s", path, reason);
    return NULL;
}

char *textfile_read(const char *path, size_t max, size_t *length, char *err, size_t errsize)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return fail(err, errsize, path, strerror(errno));
    size_t used = 0, size = 4096, n;
    char *text = malloc(size);
    while (text && (n = fread(text + used, 1, size - used - 1, fp)) > 0) {
        used += n;
        if (used > max) {
            free(text);
            fclose(fp);
            return fail(err, errsize, path, "too large");
        }
        if (size - used < 2) {
            char *bigger = realloc(text, size * 2);
            if (!bigger) free(text);
            text = bigger;
            size *= 2;
        }
    }
    int failed = ferror(fp);
    fclose(fp);
    if (!text) return fail(err, errsize, path, "out of memory");
    if (failed) {
        free(text);
        return fail(err, errsize, path, "read error");
    }
    text[used] = '\0';
    if (length) *length = used;
    return text;
}
