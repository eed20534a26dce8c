/* embedded.c - finding a file of queries/ or reports/ built into the
 * binary by name. */
#include "embedded.h"

#include <string.h>

const char *embedded_find(const char *name)
{
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0) return f->text;
    return NULL;
}
