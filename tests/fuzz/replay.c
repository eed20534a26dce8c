/* replay.c - runs a fuzz target's entry point once on each file named on
 * the command line, so that `make check` replays the kept regressions with
 * the ordinary compiler (and the sanitizers of `make check-sanitize`)
 * without libFuzzer. Linked with one fuzz_*.c file. Exit status: 0, or 1
 * when a file cannot be read; a failing input aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of the file at path (malloc'd, length in *size), or NULL. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, used = 0, n;
    uint8_t *buf = malloc(cap);
    while (buf && (n = fread(buf + used, 1, cap - used, fp)) > 0) {
        used += n;
        if (used == cap) {
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return NULL;
    }
    *size = used;
    return buf;
}

int main(int argc, char **argv)
{
    int status = 0;
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        uint8_t *data = read_all(argv[i], &size);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            status = 1;
            continue;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    printf("%s: %d input(s) replayed\n", argv[0], argc - 1);
    return status;
}
